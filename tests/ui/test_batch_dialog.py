"""批量登记组织活动 from the keyboard (issue 17, item 6): the grid box ticks the grid it shows
(arrowing through it swaps one grid's ticks for the next, households ticked by hand stay), and
Enter moves on through the activity's fields as on 积分录入, to 登记 at the end."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from jifen_desktop.ui import messages
from jifen_desktop.ui.batch_dialog import BatchDialog

ENTER = Qt.Key.Key_Return


@pytest.fixture
def dialog(qtbot, make_ctx, monkeypatch) -> BatchDialog:
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    shown = BatchDialog(make_ctx("admin"))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    shown.rule.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is shown.rule)
    return shown


def numbers(dialog: BatchDialog) -> list[str]:
    households = dialog.ctx.ledger.households
    return sorted(households.get(i).number for i in dialog.checklist.ticked_ids())


def test_arrowing_through_the_grids_ticks_only_the_grid_shown(qtbot, dialog):
    dialog.grid.setFocus()
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Down)
    assert dialog.grid.currentText() == "一组（2户）" and numbers(dialog) == ["0101", "0102"]
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Down)
    assert dialog.grid.currentText() == "二组（1户）"
    assert numbers(dialog) == ["0201"] and dialog.count.text() == "已勾选 1 户"
    qtbot.keyClicks(dialog.search, "dz")  # 单志 of 一组, ticked by hand from a sign-in sheet
    qtbot.keyClick(dialog.search, ENTER)
    assert numbers(dialog) == ["0102", "0201"]
    dialog.grid.setFocus()
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Up)
    assert dialog.grid.currentIndex() == 0 and numbers(dialog) == ["0102"]  # the hand tick stays
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Down)
    assert numbers(dialog) == ["0101", "0102"]


def test_unticking_all_clears_the_grid_choice(qtbot, dialog):
    dialog.grid.setCurrentIndex(1)
    assert numbers(dialog) == ["0101", "0102"]
    dialog.clear_ticks()
    assert dialog.grid.currentIndex() == 0 and numbers(dialog) == []


def test_enter_moves_through_the_fields_and_registers_at_the_end(qtbot, dialog):
    ctx = dialog.ctx
    qtbot.keyClicks(dialog.rule, "C06")  # fixed points: 分值 is skipped
    qtbot.keyClick(dialog.rule, ENTER)
    assert QApplication.focusWidget() is dialog.date
    qtbot.keyClick(dialog.date, ENTER)
    assert QApplication.focusWidget() is dialog.place
    committed = QInputMethodEvent()  # Chinese arrives from a pinyin input method, committed
    committed.setCommitString("文化广场")
    QApplication.sendEvent(dialog.place, committed)
    qtbot.keyClick(dialog.place, ENTER)
    assert QApplication.focusWidget() is dialog.note
    qtbot.keyClicks(dialog.note, "spring")
    qtbot.keyClick(dialog.note, ENTER)
    assert QApplication.focusWidget() is dialog.grid
    assert (dialog.place.text(), dialog.note.text()) == ("文化广场", "spring")
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.grid, ENTER)
    qtbot.waitUntil(lambda: "已登记 2 户" in dialog.message.text(), timeout=5000)
    done = ctx.ledger.entries.list(ctx.village_id)
    assert {(e.household_number, e.place, e.note) for e in done} == {
        ("0101", "文化广场", "spring"),
        ("0102", "文化广场", "spring"),
    }
    assert dialog.grid.currentIndex() == 0 and dialog.count.text() == "已勾选 0 户"
    assert {e.occurred_on for e in done} == {dt.date.today()}


def test_a_ranged_rule_goes_on_to_its_points(qtbot, dialog):
    qtbot.keyClicks(dialog.rule, "A16")
    qtbot.keyClick(dialog.rule, ENTER)
    assert QApplication.focusWidget() is dialog.points
    qtbot.keyClicks(dialog.points, "-5")
    qtbot.keyClick(dialog.points, ENTER)
    assert QApplication.focusWidget() is dialog.date
