"""The household dialog shows the model's refusal of a spaced number or an overlong phone next
to the field, keeps the dialog open, and a full-width number is added as its ASCII digits."""

from __future__ import annotations

import pytest
from keyboard import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from jifen_desktop.ui.pages.households import HouseholdsPage


@pytest.fixture
def page(shown, make_ctx) -> HouseholdsPage:
    return shown(HouseholdsPage(make_ctx("admin")))


def test_household_dialog_shows_text_refusals_next_to_the_field(qtbot, page):
    dialog = page.make_add_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.number, "80 06")
    type_text(qtbot, dialog.head_name, "张三")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert "中间有空格" in dialog.error_text("number")
    dialog.number.clear()
    type_text(qtbot, dialog.number, "０２０８")
    dialog.phone.setText("1" * 200)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "电话太长（最多20个字" in dialog.error_text("phone")
    dialog.phone.setText("１３８００００１１１１")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.value.number == "0208" and dialog.value.phone == "13800001111"


def test_member_dialog_shows_name_and_phone_refusals(qtbot, page):
    row = next(
        r
        for r in range(page.table.model().rowCount())
        if page.table.model().index(r, 0).data() == "0102"
    )
    page.table.selectRow(row)
    qtbot.waitUntil(lambda: page.detail.household is not None, timeout=5_000)
    dialog = page.make_member_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("李\x1b[31m小明")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "控制字符" in dialog.error_text("name")
    dialog.name.setText("李小明")
    dialog.phone.setText("请打村委会电话")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "只能填数字" in dialog.error_text("phone")
