"""公示 page, driven through its widgets: a past quarter from draft to final with an objection
(refused while it is open, upheld with a reversal, then final), a missed entry recorded as 补记
by an upheld objection, a dismissal, refusals shown where they belong, and what a viewer sees.

The quarter is the one about a year ago, so that its posting period can be in the past and
finalising is allowed today whatever today is."""

from __future__ import annotations

import datetime as dt

import pytest
from keyboard import type_text
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication

from jifen_desktop.model import periods
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.ui import messages
from jifen_desktop.ui.pages.publication import PublicationPage
from jifen_desktop.ui.pages.publication.steps import previous_quarter, quarter_choices

TODAY = dt.date.today()
QUARTER = periods.quarter_of(TODAY - dt.timedelta(days=400))
POSTING = (QUARTER.end + dt.timedelta(days=5), QUARTER.end + dt.timedelta(days=11))
ENTER = Qt.Key.Key_Return


def day(offset: int) -> dt.date:
    return QUARTER.start + dt.timedelta(days=offset)


def qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


@pytest.fixture
def quarter_world(village_world):
    """王建国 +5 and -8, 李秀英 +3 approved in the quarter; one entry of 单志 still pending."""
    w = village_world
    found = {h.number: h for h in w.ledger.households.search(w.village.id, "0", limit=10)}

    def record(number, code, offset, **kw):
        draft = EntryDraft(found[number].id, code, day(offset), **kw)
        return w.ledger.entries.record(w.village.id, draft).value

    w.plus = record("0101", "B05", 9)
    w.minus = record("0101", "A16", 33, points=-8)
    w.approve(w.plus, w.minus, record("0201", "B04", 60))
    record("0102", "B05", 61)
    w.households = found
    return w


@pytest.fixture
def open_page(qtbot, shown, make_ctx, quarter_world):
    def make(username: str = "admin") -> PublicationPage:
        page = shown(PublicationPage(make_ctx(username)))
        qtbot.waitExposed(page)
        page.quarter.setCurrentIndex(page.quarter.findData(QUARTER.key))
        return page

    return make


@pytest.fixture
def asked(monkeypatch):
    """Every question asked before an irreversible step, answered yes."""
    questions: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, q: questions.append(q) or True)
    return questions


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def tick(qtbot, box) -> None:
    """Click a check box on its box (a form row is wider than the box and its words)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def pick(qtbot, widget, text: str) -> None:
    """Type into a type-ahead box and press Enter, as the clerk does."""
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    type_text(qtbot, widget, text)
    qtbot.keyClick(widget, ENTER)


def post(qtbot, page) -> None:
    click(qtbot, page.draft_button)
    click(qtbot, page.post_button)
    dialog = page.dialog
    dialog.start.setDate(qdate(POSTING[0]))
    assert dialog.end.date() == qdate(POSTING[0] + dt.timedelta(days=6))  # the end follows
    dialog.end.setDate(qdate(POSTING[1]))
    type_text(qtbot, dialog.contact, "村委会 王德胜")
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()


def add_objection(
    qtbot, page, number: str, content: str, entry_code: str = "", received: dt.date = POSTING[0]
):
    page.tabs.setCurrentWidget(page.objections)
    click(qtbot, page.objections.add_button)
    dialog = page.objections.dialog
    pick(qtbot, dialog.household, number)
    if entry_code:
        dialog.entry.setCurrentIndex(dialog.entry.findText(entry_code, Qt.MatchFlag.MatchContains))
    type_text(qtbot, dialog.content, content)
    dialog.received.setDate(qdate(received))
    click(qtbot, dialog.ok_button)
    return dialog


def resolve(qtbot, page, decision: str, reason: str):
    objections = page.objections
    objections.table.selectRow(0)
    click(qtbot, objections.resolve_button)
    dialog = objections.dialog
    click(qtbot, getattr(dialog, decision))
    type_text(qtbot, dialog.reason, reason)
    return dialog


def test_a_quarter_from_draft_to_final_with_an_objection(qtbot, open_page, quarter_world, asked):
    page = open_page()
    assert page.state.text() == "状态：未公示" and "还没有公示" in page.explanation.text()
    assert not page.post_button.isEnabled() and not page.finalise_button.isEnabled()
    click(qtbot, page.draft_button)
    assert "状态：草稿" in page.state.text() and page.draft_button.text() == "刷新草稿"
    assert "还有 1 条记录待审核" in page.warning.text()  # a warning, not a refusal
    assert page.snapshot.model.rowCount() == 3 and page.post_button.isEnabled()
    type_text(qtbot, page.snapshot.search, "wjg")
    assert page.snapshot.proxy.rowCount() == 1 and "找到 1 户" in page.snapshot.count.text()

    post(qtbot, page)
    assert "状态：公示中" in page.state.text() and "村委会 王德胜" in page.state.text()
    assert not page.draft_button.isEnabled() and page.finalise_button.isEnabled()
    dialog = add_objection(qtbot, page, "wjg", "扣分不实，当天不在家", "A16")
    assert not dialog.isVisible()
    assert page.objections.table.item(0, 5).text() == "待处理"
    assert "A16" in page.objections.table.item(0, 1).text()

    click(qtbot, page.finalise_button)
    assert "还有 1 件异议没有处理完" in page.message.text()  # the model's refusal, shown
    assert "状态：公示中" in page.state.text()

    dialog = resolve(qtbot, page, "upheld", "经核实当天不在家")
    tick(qtbot, dialog.reverse)
    assert "记一条 +8 分的冲正记录" in dialog.plan.text() and "补记" in dialog.plan.text()
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible() and "+8 分" in asked[-1]
    detail = page.objections.detail.text()
    assert "处理结果：经核实当天不在家。更正：冲正 A16" in detail
    assert page.objections.table.item(0, 5).text() == "成立"

    click(qtbot, page.finalise_button)
    assert "已定稿" in page.message.text() and "状态：已定稿" in page.state.text()
    assert not any(
        b.isEnabled() for b in (page.draft_button, page.post_button, page.finalise_button)
    )
    assert "补记" in page.explanation.text()
    page.scope.setCurrentIndex(page.scope.findData(quarter_world.grid1.id))
    assert "状态：未公示" in page.state.text() and not page.draft_button.isEnabled()
    assert "“全村”的公示已定稿，这个范围不能另出一份" in page.explanation.text()

    led, w = quarter_world.ledger, quarter_world
    pub = led.publications.find(w.village.id, QUARTER.key)
    assert (pub.status, pub.posting_start, pub.posting_end) == ("final", *POSTING)
    [objection] = led.objections.list(w.village.id, pub.id)
    assert (objection.status, objection.entry_id) == ("upheld", w.minus.id)
    [reversal] = [led.entries.get(i) for i in objection.correction_ids]
    assert (reversal.kind, reversal.points, reversal.status) == ("reversal", 8, "approved")
    assert (reversal.occurred_on, reversal.original_on) == (TODAY, w.minus.occurred_on)


def test_an_upheld_objection_records_a_missed_entry(qtbot, open_page, quarter_world, asked):
    page = open_page()
    post(qtbot, page)
    add_objection(qtbot, page, "0201", "义务劳动没有记分")
    dialog = resolve(qtbot, page, "upheld", "村干部证实参加了")
    assert not dialog.reverse.isEnabled()  # the objection names no entry
    click(qtbot, dialog.ok_button)
    assert "怎样更正" in dialog.error_text()  # nothing ticked: the model says what to do
    tick(qtbot, dialog.missing.tick)
    click(qtbot, dialog.ok_button)
    assert "请选择细则" in dialog.error_text("missing") and not asked
    pick(qtbot, dialog.missing.rule, "C06")
    dialog.missed_day.setDate(qdate(day(45)))
    assert f"补记漏记的 C06 参与社区（村）组织的义务劳动 +5分（原日期 {day(45)}）" in (
        dialog.plan.text()
    )
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    assert "更正：补记 C06" in page.objections.detail.text()
    led, w = quarter_world.ledger, quarter_world
    [objection] = led.objections.list(w.village.id)
    [late] = [led.entries.get(i) for i in objection.correction_ids]
    assert (late.points, late.original_on, late.status) == (5, day(45), "approved")


def test_a_dismissal_and_refusals_under_their_fields(qtbot, open_page, quarter_world, asked):
    page = open_page()
    post(qtbot, page)
    late = POSTING[1] + dt.timedelta(days=1)
    dialog = add_objection(qtbot, page, "0102", "分数不对", received=late)
    assert "不在公示期内" in dialog.error_text("received_on") and dialog.isVisible()
    dialog.received.setDate(qdate(POSTING[1]))
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    dialog = resolve(qtbot, page, "dismissed", "")
    click(qtbot, dialog.ok_button)
    assert "不成立的理由" in dialog.error_text("reason")
    type_text(qtbot, dialog.reason, "经核对记录无误")
    assert "不改动任何记录" in dialog.plan.text()
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible() and not asked  # nothing recorded: nothing to ask about
    assert page.objections.table.item(0, 5).text() == "不成立"
    assert "处理结果：经核对记录无误" in page.objections.detail.text()
    assert "可以定稿" in page.explanation.text()


@pytest.mark.parametrize("username", ["chakan", "wgy1"])
def test_who_may_only_look_sees_no_action_buttons(qtbot, open_page, quarter_world, username):
    led, w = quarter_world.ledger, quarter_world
    led.publications.draft(w.village.id, QUARTER.key)
    page = open_page(username)
    assert "状态：草稿" in page.state.text() and page.snapshot.model.rowCount() > 0
    buttons = (page.draft_button, page.post_button, page.finalise_button)
    assert not any(b.isVisibleTo(page) for b in buttons)
    assert "只能查看" in page.explanation.text()
    objections = page.objections
    assert objections.bar.indexOf(objections.add_button) < 0
    assert objections.bar.indexOf(objections.resolve_button) < 0


def test_the_quarters_offered_and_the_one_chosen_first():
    today = dt.date(2026, 11, 21)
    assert previous_quarter(today).key == "2026Q3"
    keys = [p.key for p in quarter_choices(today)]
    assert keys[:2] == ["2026Q4", "2026Q3"] and len(keys) == 8
    assert quarter_choices(today, ["2023Q2"])[-1].key == "2023Q2"
