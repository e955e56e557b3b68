"""首页 待办 and the status bar keep what is still open (issue 17, item 5): the quarter before
last, still 公示中 with an objection open, stays listed once the last quarter is drafted; the
year's base points not given yet are mentioned with the way to give them; a year with nothing
recorded says “本年还没有记录” instead of ranking every household 1st with 0 points and drawing
empty axes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSettings

from jifen_desktop.model import periods
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.ui import messages
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.publication.post_dialog import PostDialog

TODAY = dt.date.today()
LAST = periods.quarter_of(periods.quarter_of(TODAY).start - dt.timedelta(days=1))
BEFORE = periods.quarter_of(LAST.start - dt.timedelta(days=1))


def window_of(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx, QSettings())
    qtbot.addWidget(window)
    window.show()
    return window


def test_quarter_before_last_stays_on_home_and_status_bar_until_final(qtbot, make_ctx):
    ctx = make_ctx("admin")
    led, vid = ctx.ledger, ctx.village_id
    home = led.households.by_number(vid, "0101")
    before = led.publications.draft(vid, BEFORE.key, contact="村委会").value
    start = BEFORE.end + dt.timedelta(days=5)
    led.publications.post(before.id, start, start + dt.timedelta(days=6))
    led.objections.add(before.id, home.id, "认为少记了一次志愿服务", start)
    led.publications.draft(vid, LAST.key, contact="村委会")
    window = window_of(qtbot, ctx)
    todo = window.page("home").calendar.text()  # type: ignore[attr-defined]
    assert f"{BEFORE.label}：公示中" in todo and "异议 1 件待处理" in todo
    assert f"{LAST.label}：草稿" in todo
    assert BEFORE.label in window.status_quarter.text()
    assert "异议 1 件待处理" in window.status_quarter.text()


def test_empty_year_says_so_and_offers_the_base_points(qtbot, make_ctx, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    ctx = make_ctx("admin")
    window = window_of(qtbot, ctx)
    page = window.page("home")
    assert page.top_empty.isVisible() and page.top_empty.text() == "本年还没有记录"
    assert not page.top.isVisible()
    for chart in (page.by_category, page.by_month):
        assert chart.empty.isVisible() and chart.empty.text() == "本年还没有记录"
        assert chart.chart().axes() == []
    todo = page.calendar.text()
    assert f"{TODAY.year}年度基础分还有 3 户没有发放" in todo
    assert page.base_points_button.isVisible()
    # Given from there: the reminder goes, the ranking shows (base points count in it).
    monkeypatch.setattr(
        "jifen_desktop.ui.base_points_dialog.BasePointsDialog.exec",
        lambda dialog: dialog.give(),
    )
    page.base_points_button.click()
    assert "基础分还有" not in page.calendar.text() and not page.base_points_button.isVisible()
    assert page.top.isVisible() and not page.top_empty.isVisible()
    assert page.top.item(0, 4).text() == "100"


def test_recorder_is_told_who_gives_the_base_points(qtbot, make_ctx):
    page = window_of(qtbot, make_ctx("wgy1")).page("home")
    assert "请管理员在 设置 › 村信息与积分政策 里发放" in page.calendar.text()
    assert not page.base_points_button.isVisible()


def test_last_months_review_is_mentioned_while_due(qtbot, make_ctx):
    ctx = make_ctx("admin")
    last_month = TODAY.replace(day=1) - dt.timedelta(days=1)
    household = ctx.ledger.households.by_number(ctx.village_id, "0101")
    ctx.ledger.entries.record(ctx.village_id, EntryDraft(household.id, "B05", last_month))
    page = window_of(qtbot, ctx).page("home")
    label = periods.month(last_month.year, last_month.month).label
    assert f"{label}的审核会还没开：待审核 1 条" in page.calendar.text()


def test_posting_the_last_quarter_is_refused_while_the_one_before_is_open(qtbot, make_ctx):
    ctx = make_ctx("admin")
    led, vid = ctx.ledger, ctx.village_id
    before = led.publications.draft(vid, BEFORE.key, contact="村委会").value
    start = BEFORE.end + dt.timedelta(days=5)
    led.publications.post(before.id, start, start + dt.timedelta(days=6))
    last = led.publications.draft(vid, LAST.key, contact="村委会").value
    dialog = PostDialog(ctx, last)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert f"{BEFORE.label}的公示还没有定稿" in dialog.error_text()
    assert led.publications.get(last.id).status == "draft"
