"""The 迁出/注销 dialog: 注销 goes through the close service (a reason is asked for next to the
field, the 户籍变动 record is written); a household 迁出 is not offered 注销 (only a household
在册 closes)."""

from __future__ import annotations

import datetime as dt

from keyboard import type_text
from PySide6.QtCore import Qt
from test_households_page import answer_next_question, click_row, open_page  # noqa: F401

from jifen_desktop.model.household_changes import HouseholdChangeService


def status_dialog(qtbot, page):
    dialog = page.make_status_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def items(dialog) -> list[str]:
    return [dialog.status.itemText(i) for i in range(dialog.status.count())]


def test_dissolve_in_the_status_dialog_writes_the_record(qtbot, open_page):  # noqa: F811
    page = open_page()
    click_row(qtbot, page, "0101")
    dialog = status_dialog(qtbot, page)
    assert items(dialog) == ["迁出", "注销"]
    dialog.status.setCurrentIndex(dialog.status.findText("注销"))
    dialog.effective_on.setDate(dt.date(2025, 3, 1))
    asked: list[str] = []
    answer_next_question("确定", asked)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "请写明注销的原因" in dialog.error_text("reason")
    assert "户籍变动" in asked[0]
    type_text(qtbot, dialog.reason, "户内无人")
    answer_next_question("确定", asked)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.value.status == "dissolved"
    records = HouseholdChangeService(page.ctx.ledger).of_household(dialog.value.id)
    assert [(c.kind, c.reason) for c in records] == [("close", "户内无人")]
    assert page.ctx.ledger.verify().ok


def test_a_household_moved_out_is_not_offered_dissolve(qtbot, open_page):  # noqa: F811
    page = open_page()
    click_row(qtbot, page, "0101")
    moving = status_dialog(qtbot, page)
    type_text(qtbot, moving.reason, "全家迁往县城")
    answer_next_question("确定", [])
    qtbot.mouseClick(moving.ok_button, Qt.MouseButton.LeftButton)
    assert moving.value.status == "moved_out"
    page.show_household(moving.value.id)
    assert items(status_dialog(qtbot, page)) == ["恢复在册"]
