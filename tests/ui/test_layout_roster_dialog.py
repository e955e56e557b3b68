"""The layout check (layout_check.py) on 导入花名册 with its 登记日期 line and on the print font
box with an admin's 详细信息 open, at 标准, 大 and 特大 on 1366×768 (test_layout_dialogs.py does
not cover 导入花名册: it needs a village of its own)."""

from __future__ import annotations

import pytest
from layout_check import problems, screen_size, settle
from test_layout_dialogs import sized  # noqa: F401 - the fixture used below

from jifen_desktop.ui import type_size
from jifen_desktop.ui.pages.settings.print_font import PrintFontBox
from jifen_desktop.ui.roster_dialog import RosterImportDialog


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
def test_the_roster_dialog_and_the_print_font_fit(qtbot, make_ctx, sized, size):  # noqa: F811
    sized(size)
    dialog = RosterImportDialog(make_ctx("admin"))
    box = PrintFontBox(admin=True)
    found = []
    for widget in (dialog, box):
        qtbot.addWidget(widget)
        widget.show()
        if widget is box:
            box.resize(min(1100, screen_size().width()), box.sizeHint().height())
            box.details_button.setChecked(True)
        settle()
        found += [f"{type(widget).__name__}: {p}" for p in problems(widget, type_size.point_size())]
        screen = screen_size()
        assert widget.width() <= screen.width() and widget.height() <= screen.height()
    assert dialog.day_text.isVisible() and box.details.isVisible()
    assert not found, "\n".join(found)
