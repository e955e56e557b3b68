"""The recent entries table is filled with its columns sized once, after the rows: still as
wide as their contents, the item column stretched."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QHeaderView

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.ui.recent_entries import ITEM_COLUMN, RecentEntries


def test_columns_fit_their_contents_after_a_refresh(qtbot, shown, make_ctx):
    ctx = make_ctx()
    recent = shown(RecentEntries(ctx))
    qtbot.waitExposed(recent)
    narrow = recent.table.columnWidth(1)
    household = ctx.ledger.households.by_number(ctx.village_id, "0102")
    ctx.ledger.entries.record(ctx.village_id, EntryDraft(household.id, "B05", dt.date.today()))
    recent.refresh()
    table, header = recent.table, recent.table.horizontalHeader()
    assert table.rowCount() == 1 and table.item(0, 1).text().startswith("0102")
    for column in range(table.columnCount()):
        expected = (
            QHeaderView.ResizeMode.Stretch
            if column == ITEM_COLUMN
            else QHeaderView.ResizeMode.ResizeToContents
        )
        assert header.sectionResizeMode(column) == expected
        if column != ITEM_COLUMN:
            assert table.columnWidth(column) >= table.sizeHintForColumn(column)
    assert table.columnWidth(1) > narrow
    assert table.updatesEnabled()
