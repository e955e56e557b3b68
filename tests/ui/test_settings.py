"""设置 page: village details and policy, grids and their recorders, operators, own password
and type size, and which tabs each role sees. Driven through the real widgets."""

from __future__ import annotations

import pytest
from keyboard import replace_text, type_text
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from jifen_desktop.ui import messages, type_size
from jifen_desktop.ui.pages.settings import SettingsPage
from jifen_desktop.ui.pages.settings.grids import GridDialog, RecordersDialog
from jifen_desktop.ui.pages.settings.operators import OperatorDialog
from jifen_desktop.ui.type_size import BASE_POINT_SIZE

PASSWORD = "pass-1234"


@pytest.fixture
def open_settings(shown, make_ctx):
    return lambda username="admin": shown(SettingsPage(make_ctx(username)))


@pytest.fixture
def refusals(monkeypatch):
    """Messages that would pop up in a dialog box, collected instead."""
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error: shown.append(error.message))
    return shown


def save(qtbot, dialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def click_radio(qtbot, button) -> None:
    """Click on the round indicator (the middle of a wide radio button is past its text)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def cells(table, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_each_role_sees_its_tabs(open_settings):
    admin = open_settings()
    assert list(admin.sections) == [
        "village",
        "grids",
        "operators",
        "rules",
        "grades",
        "backup",
        "account",
    ]
    for username in ("wgy1", "shenhe", "chakan"):
        assert list(open_settings(username).sections) == ["account"]


def test_village_policy_saved_and_an_empty_name_shown_under_its_field(qtbot, open_settings):
    page = open_settings()
    section = page.section("village")
    assert section.name.text() == "张集村"
    replace_text(qtbot, section.name, " ")
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert section.errors["name"].isVisible() and "不能为空" in section.errors["name"].text()
    replace_text(qtbot, section.name, "张集新村")
    section.base_points.setValue(80)
    click_radio(qtbot, section.policy.button(1))
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert not section.errors["name"].isVisible()
    village = page.ctx.ledger.villages.get(page.ctx.village_id)
    assert (village.name, village.base_points, village.available_policy) == (
        "张集新村",
        80,
        "year_end",
    )
    assert page.ctx.village == village and section.message.text() == "已保存。"


def test_add_rename_and_remove_grids(qtbot, open_settings, monkeypatch, refusals):
    page = open_settings()
    section = page.section("grids")
    assert cells(section.table, 0) == ["一组", "二组"]
    assert cells(section.table, 2) == ["网格员甲", "（未安排）"]
    dialog = GridDialog(page.ctx, None)
    qtbot.addWidget(dialog)
    type_text(qtbot, dialog.name, "一组")
    save(qtbot, dialog)
    assert "已经存在" in dialog.error_text("name") and not dialog.result()
    replace_text(qtbot, dialog.name, "三组")
    save(qtbot, dialog)
    assert dialog.result() and cells(section.table, 0) == ["一组", "二组", "三组"]

    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    section.table.setCurrentCell(0, 0)
    section.remove()
    assert refusals and "还有2户" in refusals[0]
    section.table.setCurrentCell(2, 0)
    section.remove()
    assert cells(section.table, 0) == ["一组", "二组"]


def test_recorders_of_a_grid_are_ticked_in_one_dialog(qtbot, open_settings):
    page = open_settings()
    section = page.section("grids")
    ops = page.ctx.ledger.operators
    ops.add("wgy2", "网格员乙", "recorder", PASSWORD, village_id=page.ctx.village_id)
    grid2 = section.items[1]
    recorders = [o for o in ops.list() if o.role == "recorder"]
    dialog = RecordersDialog(page.ctx, grid2, recorders)
    qtbot.addWidget(dialog)
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == [
        "网格员甲（wgy1）",
        "网格员乙（wgy2）",
    ]
    dialog.list.item(1).setCheckState(Qt.CheckState.Checked)
    dialog.accept()
    assert cells(section.table, 2) == ["网格员甲", "网格员乙"]


def test_add_a_recorder_then_stop_them_after_being_asked(qtbot, open_settings, monkeypatch):
    page = open_settings()
    section = page.section("operators")
    dialog = OperatorDialog(page.ctx, section.grids)
    qtbot.addWidget(dialog)
    type_text(qtbot, dialog.username, "wgy9")
    type_text(qtbot, dialog.display_name, "赵九")
    dialog.role.setCurrentIndex(dialog.role.findData("recorder"))
    assert dialog.grids.isEnabled()
    dialog.grids.item(1).setCheckState(Qt.CheckState.Checked)
    type_text(qtbot, dialog.password, "secret99")
    type_text(qtbot, dialog.repeat, "secret98")
    save(qtbot, dialog)
    assert "不一样" in dialog.error_text("repeat")
    replace_text(qtbot, dialog.repeat, "secret99")
    save(qtbot, dialog)
    assert dialog.result()
    row = cells(section.table, 0).index("wgy9")
    assert section.table.item(row, 3).text() == "二组"
    assert page.ctx.ledger.operators.authenticate("wgy9", "secret99").grid_ids == {
        section.grids[1].id
    }

    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, q: asked.append(q) or False)
    section.table.setCurrentCell(row, 0)
    assert section.toggle_button.text() == "停用"
    section.toggle()
    assert asked and section.table.item(row, 4).text() == "在用"
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    section.toggle()
    assert section.table.item(row, 4).text() == "已停用"
    assert section.toggle_button.text() == "启用"


def test_own_password_and_larger_type(qtbot, open_settings):
    page = open_settings("wgy1")
    section = page.section("account")
    type_text(qtbot, section.old_password, "wrong-one")
    type_text(qtbot, section.new_password, "newpass1")
    type_text(qtbot, section.repeat, "newpass1")
    qtbot.keyClick(section.repeat, Qt.Key.Key_Return)
    assert "原密码不对" in section.password_error.text()
    replace_text(qtbot, section.old_password, PASSWORD)
    qtbot.keyClick(section.repeat, Qt.Key.Key_Return)
    assert "已修改" in section.password_done.text()
    assert page.ctx.ledger.operators.authenticate("wgy1", "newpass1").username == "wgy1"

    original = QApplication.font()
    try:
        click_radio(qtbot, section.scale.button(2))
        assert QApplication.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * 1.5)
        qtbot.waitUntil(  # open widgets follow the application font
            lambda: section.new_password.font().pointSizeF() == BASE_POINT_SIZE * 1.5
        )
        assert QSettings().value("ui/font_scale") == "larger"
        click_radio(qtbot, section.scale.button(0))
        assert QApplication.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE)
    finally:
        type_size.apply(QApplication.instance(), "normal")
        QApplication.setFont(original)
