"""审计日志 for a village auditor: columns 时间, 操作员, 操作, 农户, 内容; a decision row names its
household; the picked row's details are in words (only what changed, 字段：旧 → 新), with the
stored values behind 显示原始数据 for admins only; at the township a 村 column and a village
filter."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from test_township_pages import township  # noqa: F401 - the fixture, asked for by name

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.ui.pages.audit import AuditPage

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}")


def _cells(page: AuditPage, row: int) -> dict[str, str]:
    table = page.table
    return {
        table.horizontalHeaderItem(c).text(): table.item(row, c).text()
        for c in range(table.columnCount())
    }


def _row_of(page: AuditPage, action: str) -> int:
    return next(i for i, r in enumerate(page.rows) if r.info.action == action)


@pytest.fixture
def approved(village_world):  # type: ignore[no-untyped-def]
    """王建国 (0101) with a B05 entry approved today."""
    household = village_world.ledger.households.by_number(village_world.village.id, "0101")
    draft = EntryDraft(household.id, "B05", dt.date.today())
    entry = village_world.ledger.entries.record(village_world.village.id, draft).value
    village_world.approve(entry)
    return entry


def test_a_decision_row_names_its_household_and_reads_in_words(
    shown, make_ctx, approved, qtbot
) -> None:
    page = shown(AuditPage(make_ctx("admin")))
    page.refresh()
    headers = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    assert headers == ["时间", "操作员", "操作", "农户", "内容"]
    row = _row_of(page, "entry.approved")
    cells = _cells(page, row)
    assert (cells["操作"], cells["农户"]) == ("审核通过", "0101 王建国")
    assert cells["内容"].startswith("已通过：B05 ")
    page.table.selectRow(row)
    detail = page.detail.toPlainText()
    assert "农户：0101 王建国" in detail and "状态：待审核 → 已通过" in detail
    assert not UUID.search(detail) and "hlc" not in detail and "status" not in detail
    for i in range(page.table.rowCount()):
        assert not UUID.search(" ".join(_cells(page, i).values()))
    assert page.raw.isVisibleTo(page)
    page.raw.setChecked(True)
    assert approved.id in page.detail.toPlainText() and '"status"' in page.detail.toPlainText()


def test_an_edit_lists_what_changed_and_a_reviewer_sees_no_raw_values(
    shown, make_ctx, village_world
) -> None:
    household = village_world.ledger.households.by_number(village_world.village.id, "0102")
    make_ctx("admin").ledger.households.update(household.id, head_name="单志刚")
    page = shown(AuditPage(make_ctx("shenhe")))
    page.refresh()
    row = _row_of(page, "household.update")
    cells = _cells(page, row)
    assert (cells["操作"], cells["农户"]) == ("修改户信息", "0102 单志刚")
    assert cells["内容"].endswith("户主：单志 → 单志刚")
    page.table.selectRow(row)
    assert page.detail.toPlainText().endswith("修改了：\n户主：单志 → 单志刚")
    assert not page.raw.isVisibleTo(page)
    page.raw.setChecked(True)  # even if it were ticked: no stored values for a reviewer
    assert household.id not in page.detail.toPlainText()


def test_the_text_filter_finds_a_households_decisions_by_its_number(
    shown, make_ctx, approved
) -> None:
    page = shown(AuditPage(make_ctx("admin")))
    page.text.setText("0101")
    page.refresh()
    actions = {r.info.action for r in page.rows}
    assert {"entry.create", "entry.approved", "household.create"} <= actions
    assert {r.household for r in page.rows} == {"0101 王建国"}
    page.text.setText("王建国")
    page.refresh()
    assert "entry.approved" in {r.info.action for r in page.rows}


def test_the_page_shows_a_change_of_any_kind_at_once(shown, make_ctx) -> None:
    ctx = make_ctx("admin")
    page = shown(AuditPage(ctx))
    page.refresh()
    month = f"{dt.date.today():%Y-%m}"
    ctx.apply(ctx.ledger.review.open(ctx.village_id, month))  # the calendar's kind of change
    assert page.rows[0].action_name == "开审核会"


def test_the_action_filter_lists_actions_in_chinese(shown, make_ctx, approved) -> None:
    page = shown(AuditPage(make_ctx("admin")))
    labels = [page.action.itemText(i) for i in range(page.action.count())]
    assert all(not re.search("[a-z]", label) for label in labels)
    page.action.setCurrentIndex(labels.index("积分记录"))
    assert {r.action_name for r in page.rows} == {"录入积分", "审核通过"}


def test_the_township_has_a_village_column_and_filter(shown, township) -> None:  # noqa: F811
    """A township that imported 张集村 (王建国's B05 approved today) and 李湾村."""
    page = shown(AuditPage(township))
    page.refresh()
    headers = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    assert headers == ["时间", "村", "操作员", "操作", "农户", "内容"]
    villages = [page.village.itemText(i) for i in range(page.village.count())]
    assert villages == ["全部村", "张集村", "李湾村"] and page.village.isVisibleTo(page)
    shown_villages = {_cells(page, i)["村"] for i in range(page.table.rowCount())}
    assert {"张集村", "李湾村"} <= shown_villages
    decision = _cells(page, _row_of(page, "entry.approved"))
    assert (decision["村"], decision["农户"]) == ("张集村", "0101 王建国")
    page.village.setCurrentIndex(villages.index("李湾村"))
    assert page.table.rowCount() > 0
    assert {_cells(page, i)["村"] for i in range(page.table.rowCount())} == {"李湾村"}
    assert "0002 胡建" in {_cells(page, i)["农户"] for i in range(page.table.rowCount())}


def test_a_village_has_no_village_column(shown, make_ctx) -> None:
    page = shown(AuditPage(make_ctx("admin")))
    assert not page.village.isVisibleTo(page)
    assert page.table.columnCount() == 5
