"""设置 › 打印字体 names the font as a clerk knows it (文泉驿微米黑), never its English name or file
path, except to an admin who opens 详细信息."""

from __future__ import annotations

from jifen_desktop.reports.fonts import FONT_ENV, find_font
from jifen_desktop.ui.pages.settings.print_font import PrintFontBox


def test_the_font_is_named_in_chinese_and_its_file_only_in_the_details(qtbot, monkeypatch):
    monkeypatch.delenv(FONT_ENV, raising=False)
    font = find_font()
    box = PrintFontBox()
    qtbot.addWidget(box)
    box.show()
    text = box.current.text()
    assert text == f"现在用自动找到的字体：{font.display_name}"
    assert str(font.path) not in text and font.path.name not in text
    if font.path.name == "wqy-microhei.ttc":
        assert font.display_name == "文泉驿微米黑" and "WenQuanYi" not in text
    assert not box.details_button.isVisible() and not box.details.isVisible()

    admin = PrintFontBox(admin=True)
    qtbot.addWidget(admin)
    admin.show()
    assert admin.details_button.isVisible() and not admin.details.isVisible()
    admin.details_button.click()
    assert admin.details.isVisible()
    assert str(font.path) in admin.details.text() and font.family in admin.details.text()
    admin.details_button.click()
    assert not admin.details.isVisible()
