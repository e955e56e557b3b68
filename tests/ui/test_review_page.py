"""审核 page, driven through the real widgets: a month's review session opened in its dialog,
entries approved and rejected from the keyboard, the rest of a filtered set approved in bulk on a
worker, the session closed; a quarter-locked approval refused in the model's words; the act
buttons off without an open session; and a viewer who only looks."""

from __future__ import annotations

import datetime as dt

import pytest
from keyboard import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.ui import messages
from jifen_desktop.ui.pages.review import ReviewPage
from jifen_desktop.ui.pages.review.pending_model import ReviewTable

TODAY = dt.date.today()
LAST_MONTH = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
MONTH = f"{LAST_MONTH:%Y-%m}"
MONTH_LABEL = f"{LAST_MONTH.year}年{LAST_MONTH.month}月"

# (household, rule, day of last month, points): in the order the pending list shows them
ENTRIES = (
    ("0101", "B05", 3, None),  # 公益美德类
    ("0102", "C06", 4, None),  # 乡村建设类
    ("0201", "B04", 5, None),  # 公益美德类
    ("0101", "C13", 6, None),  # 乡村建设类
    ("0201", "C18", 7, -10),  # 乡村建设类, a deduction
    ("0102", "B09", 8, None),  # 公益美德类
)


def household_id(world, number: str) -> str:
    return world.ledger.households.by_number(world.village.id, number).id


def record(ctx, world, number: str, code: str, day: dt.date, points: int | None = None):
    draft = EntryDraft(household_id(world, number), code, day, points=points)
    return ctx.ledger.entries.record(world.village.id, draft).value


@pytest.fixture
def month_entries(make_ctx, village_world):
    """Last month's six pending entries, recorded by the admin (who has filed the optional
    deduction C18 under 乡村建设类)."""
    admin = make_ctx("admin")
    admin.ledger.rules.update(village_world.village.id, "C18", category_code="C")
    return [
        record(admin, village_world, number, code, LAST_MONTH.replace(day=day), points)
        for number, code, day, points in ENTRIES
    ]


@pytest.fixture
def open_page(qtbot, shown, make_ctx):
    def make(username: str = "shenhe") -> ReviewPage:
        page = shown(ReviewPage(make_ctx(username)))
        qtbot.waitExposed(page)
        page.activateWindow()
        return page

    return make


def status_of(world, entry) -> tuple[str, str]:
    found = world.ledger.entries.get(entry.id)
    return found.status, found.decision_reason


def focus(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def key(qtbot, widget, code: Qt.Key) -> None:
    """Press a key, as a person would: on the pending list, once its picked row is on screen."""
    if isinstance(widget, ReviewTable) and widget.current_id() is not None:
        qtbot.waitUntil(widget.ready)
    qtbot.keyClick(widget, code)


def shown_rows(panel) -> list[tuple[str, str]]:
    """(household number, rule code) of every row the pending table shows."""
    return [(e.household_number, e.rule_code) for e in panel.model.shown_entries()]


def open_session_by_dialog(qtbot, page) -> None:
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog.month.currentData() == MONTH  # last month by default
    assert dialog.held_on.date().toPython() == TODAY
    type_text(qtbot, dialog.place, "村委会会议室")
    type_text(qtbot, dialog.attendees, "张书记 李主任  王委员")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_a_review_session_from_the_keyboard(
    qtbot, open_page, village_world, month_entries, monkeypatch
):
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, q: asked.append(q) or True)
    world, page = village_world, open_page()
    panel = page.panel
    assert page.banner.isHidden() and not panel.approve_button.isEnabled()
    open_session_by_dialog(qtbot, page)

    [session] = world.ledger.review.list(world.village.id)
    assert (session.month, session.place, session.attendees) == (
        MONTH,
        "村委会会议室",
        "张书记 李主任 王委员",
    )
    assert page.table.item(0, 0).text() == MONTH_LABEL and page.table.item(0, 5).text() == "进行中"
    assert page.focusWidget() is panel.table  # the window's focus, once the dialog has gone
    assert shown_rows(panel) == [(n, c) for n, c, _d, _p in ENTRIES]
    assert panel.tabs.tabText(0) == "待审核（6）"

    key(qtbot, panel.table, Qt.Key.Key_A)  # 通过 the first
    assert status_of(world, month_entries[0]) == ("approved", "")
    assert "已通过：0101 王建国" in panel.message.text()
    assert panel.current_entry().id == month_entries[1].id  # the next one is picked

    key(qtbot, panel.table, Qt.Key.Key_Down)
    assert panel.current_entry().id == month_entries[2].id
    key(qtbot, panel.table, Qt.Key.Key_R)  # 不通过 asks for the reason
    dialog = panel.dialog
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no reason: refused
    assert "必须写明理由" in dialog.error_text("reason") and dialog.isVisible()
    assert status_of(world, month_entries[2]) == ("pending", "")
    first, second = dialog.reasons.group.buttons()[:2]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)  # the reasons have the keys
    key(qtbot, first, Qt.Key.Key_2)  # the number picks 重复申报
    assert second.isChecked() and QApplication.focusWidget() is second
    type_text(qtbot, dialog.reasons.detail, "三月五日已记过")
    key(qtbot, dialog.reasons.detail, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert status_of(world, month_entries[2]) == ("rejected", "重复申报：三月五日已记过")
    assert panel.current_entry().id == month_entries[3].id
    assert page.focusWidget() is panel.table

    panel.filters.category.setCurrentIndex(panel.filters.category.findData("乡村建设类"))
    assert shown_rows(panel) == [("0102", "C06"), ("0101", "C13"), ("0201", "C18")]
    assert panel.filters.count.text() == "筛选出 3 条（共 4 条）"
    qtbot.mouseClick(panel.bulk_button, Qt.MouseButton.LeftButton)
    assert "筛选出的 3 条记录（合计 +0 分）" in asked[-1] and "另有 1 条" in asked[-1]
    qtbot.waitUntil(lambda: "已通过 3 条" in panel.message.text(), timeout=5000)
    assert [status_of(world, e)[0] for e in month_entries] == [
        "approved",
        "approved",
        "rejected",
        "approved",
        "approved",
        "pending",
    ]
    assert panel.model.rowCount() == 0 and panel.model.total == 1

    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert "还有 1 条记录没有审核" in asked[-1] and "逾期" in asked[-1]
    session = world.ledger.review.get(session.id)
    assert (session.status, session.approved, session.rejected, session.pending) == (
        "closed",
        4,
        1,
        1,
    )
    assert page.table.item(0, 5).text() == "已结束"
    assert page.banner.isVisible() and f"{MONTH_LABEL} 1 条" in page.banner.text()
    assert not any(b.isEnabled() for b in panel.act_buttons)
    assert panel.tabs.tabText(1) == "本次已决定（5）"
    minutes = panel.decisions.summary.text()
    assert (
        "通过 4 条，不通过 1 条；通过的合计 +5 分" in minutes and "张书记 李主任 王委员" in minutes
    )


def test_the_open_dialog_shows_the_models_refusal_under_the_month(
    qtbot, open_page, village_world, month_entries
):
    village_world.ledger.review.open(village_world.village.id, MONTH)
    page = open_page()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "已经开着" in dialog.error_text("month") and dialog.isVisible()
    assert len(village_world.ledger.review.list(village_world.village.id)) == 1


def test_approving_in_a_published_quarter_offers_to_approve_it_as_late(
    qtbot, open_page, make_ctx, village_world, monkeypatch
):
    world, admin = village_world, make_ctx("admin")
    late = record(admin, world, "0101", "B05", dt.date(2025, 3, 20))
    other = record(admin, world, "0102", "B04", dt.date(2025, 3, 21))
    publication = admin.ledger.publications.draft(world.village.id, "2025Q1").value
    admin.ledger.publications.post(publication.id, dt.date(2025, 4, 8), dt.date(2025, 4, 14))
    admin.ledger.review.open(world.village.id, "2025-03")
    answers, asked = [False, True], []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, q: asked.append(q) or answers.pop(0))
    page = open_page()
    panel = page.panel
    assert shown_rows(panel) == [("0101", "B05"), ("0102", "B04")]

    key(qtbot, panel.table, Qt.Key.Key_A)  # answered 取消: the model's refusal, nothing done
    assert "正在公示" in panel.message.text() and "补记" in panel.message.text()
    assert status_of(world, late) == ("pending", "")
    key(qtbot, panel.table, Qt.Key.Key_A)  # answered 确定: approved as 补记
    assert "按补记通过" in asked[1]
    assert status_of(world, late) == ("rejected", "所在季度已公示，转为补记")
    again = [e for e in world.ledger.review.decisions(panel.session.id) if e.is_late]
    assert [(e.household_number, e.original_on, e.status) for e in again] == [
        ("0101", dt.date(2025, 3, 20), "approved")
    ]
    assert "已按补记通过" in panel.message.text()

    key(qtbot, panel.table, Qt.Key.Key_R)  # rejecting one is still possible
    dialog = panel.dialog
    dialog.reasons.pick("所在季度已公示，转补记")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert status_of(world, other) == ("rejected", "所在季度已公示，转补记")


def test_nothing_can_be_decided_without_an_open_session(qtbot, open_page, month_entries):
    page = open_page()
    panel = page.panel
    assert page.open_button.isVisible() and page.table.rowCount() == 0
    assert not any(b.isEnabled() for b in panel.act_buttons)
    assert "开审核会" in panel.hint.text()
    key(qtbot, panel.table, Qt.Key.Key_A)
    assert panel.message.text() == ""


def test_a_viewer_sees_the_lists_and_cannot_act(qtbot, open_page, village_world, month_entries):
    world = village_world
    world.ledger.review.open(world.village.id, MONTH, place="村委会")
    page = open_page("chakan")
    panel = page.panel
    assert page.open_button.isHidden()
    assert all(b.isHidden() and not b.isEnabled() for b in panel.act_buttons)
    assert "只能查看" in panel.hint.text()
    assert panel.model.rowCount() == len(ENTRIES)
    focus(qtbot, panel.table)
    key(qtbot, panel.table, Qt.Key.Key_A)
    key(qtbot, panel.table, Qt.Key.Key_R)
    assert panel.dialog is None
    assert {status_of(world, e)[0] for e in month_entries} == {"pending"}


def test_the_open_dialog_starts_on_the_month_that_waits(qtbot, make_ctx, village_world):
    from jifen_desktop.ui.pages.review.dialogs import OpenSessionDialog

    ctx, today = make_ctx("shenhe"), dt.date.today()
    dialog = OpenSessionDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.month.currentData() == f"{LAST_MONTH:%Y-%m}"  # nothing pending: last month
    record(make_ctx("admin"), village_world, "0101", "B05", today)
    dialog = OpenSessionDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.month.currentData() == f"{today:%Y-%m}"  # only this month has entries
    dialog = OpenSessionDialog(ctx, ["2024-05", "2024-03"])
    qtbot.addWidget(dialog)
    assert dialog.month.currentData() == "2024-03"  # the earliest overdue month first
