"""What the sync page's pieces share: file sizes and times as a clerk reads them, the Chinese
names of the tables that travel, a record's values in words, large type for a fingerprint, and
a read-only table filled from rows of values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget

from jifen_desktop.ui.pages.rankings import RIGHT, fill_table
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows
from jifen_desktop.ui.type_size import relative_font

TABLE_NAMES = {
    "audit_log": "审计日志",
    "villages": "村信息",
    "grids": "网格",
    "operators": "操作员",
    "review_sessions": "审核会议",
    "rule_categories": "细则类别",
    "rule_items": "积分细则",
    "stocktakes": "盘点",
    "stocktake_lines": "盘点明细",
    "store_goods": "超市商品",
    "year_end_closings": "年底结转",
    "households": "农户",
    "household_status_changes": "农户迁入迁出",
    "household_changes": "分户合户",
    "members": "家庭成员",
    "publications": "公示",
    "publication_rows": "公示明细",
    "publication_late_entries": "公示补记",
    "point_expiries": "积分清零",
    "entries": "积分记录",
    "entry_decisions": "审核结果",
    "evidence_files": "证明照片",
    "objections": "异议",
    "redemptions": "兑换",
    "redemption_lines": "兑换明细",
    "redemption_returns": "退货",
    "stock_movements": "出入库",
    "vetoes": "一票否决",
}
FIELD_NAMES = {
    "name": "名称",
    "number": "户号",
    "head_name": "户主",
    "phone": "电话",
    "note": "备注",
    "points": "分值",
    "status": "状态",
    "occurred_on": "日期",
    "grid_id": "网格",
    "household_id": "户",
    "rule_item_id": "细则",
    "code": "编号",
    "price": "所需积分",
    "stock": "库存",
    "reason": "原因",
    "decision": "审核结果",
    "is_deleted": "已删除",
}
# Bookkeeping of the merge, not what the clerk wrote.
HIDDEN_FIELDS = {"id", "hlc", "change_seq", "changed_by_replica", "replica_id", "seq"}


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def when(value: dt.datetime | dt.date | str | None) -> str:
    """A time as ``2026-11-21 09:30`` (a date as ``2026-11-21``); a dash when there is none."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            return when(dt.datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return f"{value:%Y-%m-%d}"


def differences(mine: Mapping[str, Any], theirs: Mapping[str, Any]) -> tuple[str, str]:
    """The fields that differ, as ``户主：王建国；电话：139…`` for each side."""
    keys = sorted(
        k
        for k in set(mine) | set(theirs)
        if k not in HIDDEN_FIELDS and mine.get(k) != theirs.get(k)
    )

    def words(values: Mapping[str, Any]) -> str:
        return "；".join(f"{FIELD_NAMES.get(k, k)}：{_value(values.get(k))}" for k in keys)

    return words(mine) or "—", words(theirs) or "—"


def _value(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def enlarge(label: QLabel, factor: float) -> QLabel:
    """Bold type ``factor`` times the program's size (so it follows the larger-type setting)."""
    relative_font(label, factor)
    return label


def rows_table(headers: Sequence[str], stretch: int | None, name: str) -> QTableWidget:
    """A read-only table (right-click 导出Excel…) whose column ``stretch`` takes the rest; with
    None, every column gets an even share (short values in many columns)."""
    table = read_only_rows(QTableWidget(0, len(headers)))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    if stretch is None:
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    else:
        fit_to_contents(table, stretch)
    return table


def show_rows(
    table: QTableWidget, rows: Sequence[tuple[object, ...]], right: Sequence[int] = ()
) -> None:
    """Fill ``table``; numbers, and the columns ``right`` (such as percentages), right-aligned."""
    fill_table(table, list(rows))
    for column in right:
        for row in range(table.rowCount()):
            item = table.item(row, column)
            if item is not None:
                item.setTextAlignment(RIGHT)
    table.resizeRowsToContents()
