"""审核 never acts on keys pressed before the screen showed what they act on (issue 19): Enter
presses queued while a decision is applied do not approve the rows that follow, unseen; a key
pressed before the next row was painted but handed over after the paint is dropped too (the
platform's key time); a decision after a refresh acts on the entry shown, wherever its row went;
the decided row leaves in place and the next one is picked with its detail."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from test_review_page import ENTRIES, LAST_MONTH, MONTH, record, status_of

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.ui.pages.review import ReviewPage


@pytest.fixture
def review(qtbot, shown, make_ctx, village_world):
    """The 审核 page of 审核员 at last month's open session, its six entries pending, the first
    one picked and on screen."""
    admin = make_ctx("admin")
    entries = [
        record(admin, village_world, number, code, LAST_MONTH.replace(day=day), points)
        for number, code, day, points in ENTRIES
    ]
    admin.ledger.review.open(village_world.village.id, MONTH)
    page = shown(ReviewPage(make_ctx("shenhe")))
    qtbot.waitExposed(page)
    page.activateWindow()
    page.panel.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.panel.table)
    qtbot.waitUntil(page.panel.table.ready)
    return page, entries


def enter(stamp: int = 0) -> QKeyEvent:
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    event.setTimestamp(stamp)  # 0: no platform time, pressed when handed over
    return event


def statuses(world, entries) -> list[str]:
    return [status_of(world, e)[0] for e in entries]


def test_enter_presses_queued_during_a_decision_do_not_approve_unseen_rows(
    qtbot, review, village_world
):
    page, entries = review
    panel = page.panel
    for _ in range(4):  # typed while the program was busy: all waiting at once
        QCoreApplication.postEvent(panel.table, enter())
    qtbot.waitUntil(lambda: "3 次按键" in panel.message.text())
    assert statuses(village_world, entries) == ["approved"] + ["pending"] * 5
    assert panel.current_entry().id == entries[1].id  # the next one picked, in place
    assert panel.detail.entry.id == entries[1].id
    assert [e.id for e in panel.model.shown_entries()] == [e.id for e in entries[1:]]
    assert "已通过：0101 王建国" in panel.message.text()
    assert "没有用上：看清这一条再按" in panel.message.text()
    qtbot.waitUntil(lambda: panel.tabs.tabText(1) == "本次已决定（1）")  # read again after
    assert panel.tabs.tabText(0) == "待审核（5）"
    assert page.table.item(0, 6).text() == "1"  # the session's 通过

    qtbot.waitUntil(panel.table.ready)  # the reviewer has the next row in front of them
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert statuses(village_world, entries) == ["approved"] * 2 + ["pending"] * 4
    assert panel.current_entry().id == entries[2].id


def test_a_key_pressed_before_the_next_row_was_painted_is_dropped_when_handed_over_later(
    qtbot, review, village_world
):
    page, entries = review
    table = page.panel.table
    QApplication.sendEvent(table, enter(1000))  # pressed at the platform's 1000 ms
    assert statuses(village_world, entries)[:2] == ["approved", "pending"]
    qtbot.waitUntil(table.ready)  # the next row painted…
    QApplication.sendEvent(table, enter(1001))  # …but this was pressed 1 ms after the first
    assert statuses(village_world, entries)[:2] == ["approved", "pending"]
    assert "1 次按键" in page.panel.message.text()
    later = round(table.seen.painted_at - table.seen.clock.offset) + 20
    QApplication.sendEvent(table, enter(later))  # pressed 20 ms after the paint
    assert statuses(village_world, entries)[:3] == ["approved", "approved", "pending"]


def test_a_decision_after_a_refresh_acts_on_the_entry_shown(qtbot, review, village_world, make_ctx):
    page, entries = review
    panel = page.panel
    admin = make_ctx("admin")
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    qtbot.waitUntil(panel.table.ready)
    assert panel.current_entry().id == entries[1].id
    earlier = admin.ledger.entries.record(
        village_world.village.id,
        record_draft(village_world, "0201", "B05", LAST_MONTH.replace(day=1)),
    )
    page.ctx.apply(earlier)  # a refresh: a new first row, the picked entry one row down
    assert panel.table.currentIndex().row() == 2
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # the entry shown, not what is at row 1
    assert statuses(village_world, entries)[:3] == ["pending", "approved", "pending"]
    assert status_of(village_world, earlier.value)[0] == "pending"
    assert panel.current_entry().id == entries[2].id


def record_draft(world, number, code, day) -> EntryDraft:
    household = world.ledger.households.by_number(world.village.id, number)
    return EntryDraft(household.id, code, day)


def test_a_key_right_after_a_refresh_took_the_shown_entry_away_is_dropped(
    qtbot, review, village_world, make_ctx
):
    page, entries = review
    panel = page.panel
    admin = make_ctx("admin")
    [session] = admin.ledger.review.list(village_world.village.id)
    page.ctx.apply(admin.ledger.review.decide(session.id, [entries[0].id], "approved"))
    assert panel.current_entry().id == entries[1].id  # picked in its place, not yet painted
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    qtbot.keyClick(panel.table, Qt.Key.Key_R)  # no 不通过 dialog for it either
    assert statuses(village_world, entries) == ["approved"] + ["pending"] * 5
    assert panel.dialog is None and "2 次按键" in panel.message.text()
    qtbot.waitUntil(panel.table.ready)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert statuses(village_world, entries)[:3] == ["approved", "approved", "pending"]


def test_a_held_down_enter_decides_once(qtbot, review, village_world):
    page, entries = review
    table = page.panel.table
    QApplication.sendEvent(table, enter())
    qtbot.waitUntil(table.ready)
    repeat = QKeyEvent(
        QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r", True
    )
    QApplication.sendEvent(table, repeat)  # the keyboard's repeat, after the next row showed
    assert statuses(village_world, entries)[:2] == ["approved", "pending"]


def test_deciding_an_overdue_month_brings_the_banner_up_to_date(
    qtbot, shown, make_ctx, village_world
):
    admin, world = make_ctx("admin"), village_world
    overdue = (LAST_MONTH - dt.timedelta(days=1)).replace(day=1)  # the month before last
    for day in (3, 4):
        record(admin, world, "0101", "B05", overdue.replace(day=day))
    admin.ledger.review.open(world.village.id, f"{overdue:%Y-%m}")
    page = shown(ReviewPage(make_ctx("shenhe")))
    qtbot.waitExposed(page)
    page.panel.table.setFocus()
    label = f"{overdue.year}年{overdue.month}月"
    assert f"{label} 2 条" in page.banner.text()
    qtbot.waitUntil(page.panel.table.ready)
    QApplication.sendEvent(page.panel.table, enter())
    qtbot.waitUntil(lambda: f"{label} 1 条" in page.banner.text())
    qtbot.waitUntil(page.panel.table.ready)
    QApplication.sendEvent(page.panel.table, enter())
    qtbot.waitUntil(page.banner.isHidden)
    assert page.panel.model.total == 0 and page.panel.tabs.tabText(1) == "本次已决定（2）"
