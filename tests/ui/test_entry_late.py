"""积分录入 into a quarter already published: refused, and 补记 offered; taking the offer
records the entry today with its original date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLabel

from jifen_desktop.ui import messages
from jifen_desktop.ui.pages.entry import EntryPage

ENTER = Qt.Key.Key_Return
DAY = dt.date(2025, 2, 10)


def publish_2025q1(ledger, village_id):
    pub = ledger.publications.draft(village_id, "2025Q1").value
    ledger.publications.post(pub.id, dt.date(2025, 4, 8), dt.date(2025, 4, 14))
    ledger.publications.finalise(pub.id)


def fill_in(qtbot, page) -> None:
    """户 0101, 细则 B05, the date in the published quarter."""
    page.household.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.household)
    qtbot.keyClicks(page.household, "wjg")
    qtbot.keyClick(page.household, ENTER)
    qtbot.waitUntil(lambda: page.household.current is not None)
    page.rule.setFocus()
    qtbot.keyClicks(page.rule, "B05")
    qtbot.keyClick(page.rule, ENTER)
    qtbot.waitUntil(lambda: page.rule.current is not None)
    page.date.setDate(QDate(DAY.year, DAY.month, DAY.day))


def test_recording_into_a_final_quarter_offers_a_late_entry(qtbot, shown, make_ctx, monkeypatch):
    ctx = make_ctx("wgy1")
    publish_2025q1(make_ctx("admin").ledger, ctx.village_id)
    answers, asked = [False, True], []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, q: asked.append(q) or answers.pop(0))
    page = shown(EntryPage(ctx))
    qtbot.waitExposed(page)
    page.activateWindow()
    fill_in(qtbot, page)
    page.save()  # answered 取消: refused, nothing written
    error = page.findChild(QLabel, "error_occurred_on")
    assert "已公示定稿" in error.text() and "补记" in error.text()
    assert ctx.ledger.entries.list(ctx.village_id) == []
    page.save()  # the form keeps what was typed; answered 确定: recorded as 补记
    [entry] = ctx.ledger.entries.list(ctx.village_id)
    assert (entry.original_on, entry.occurred_on) == (DAY, dt.date.today())
    assert len(asked) == 2 and "按补记录入" in asked[0] and str(DAY) in asked[0]
    assert "补记，原日期 2025-02-10" in page.message.text()
