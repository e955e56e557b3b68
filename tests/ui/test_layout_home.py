"""首页 at 标准, 大 and 特大 on 1366×768 (issue 18): the entries waiting longest show their 细则
whole, wrapped in as many lines as it takes (never a bare "…"), with the full name as the
tooltip; nothing that says which row is which is cut: 日期 and 户 there, 网格 in the
participation, 名次, 户号, 户主 and 网格 in the top ten."""

from __future__ import annotations

import pytest
from layout_check import CELL_ROOM, SLACK, settle
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QTableWidget
from test_layout_sizes import (  # noqa: F401 - the fixtures used below
    LAST_MONTH,
    layout_village,
    open_window,
)

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import DomainError
from jifen_desktop.ui import type_size
from jifen_desktop.ui.pages.home import RULE, HomePage

LONG_NAMES = 4  # households given an entry of one of the longest-named rules


def record_long_named(ctx) -> list[str]:
    """Pending entries, last month, of the rules with the longest names (those that need no
    more than a household and a date); their names."""
    rules = sorted(ctx.ledger.rules.list(ctx.village_id), key=lambda r: -len(r.name))
    households = [h for h in ctx.ledger.households.list(ctx.village_id) if h.kind == "household"]
    names: list[str] = []
    for rule in rules:
        if len(names) == LONG_NAMES:
            break
        draft = EntryDraft(households[len(names) % len(households)].id, rule.code, LAST_MONTH)
        try:
            ctx.ledger.entries.record(ctx.village_id, draft)
        except DomainError:
            continue  # it needs evidence, a range, a unit…
        names.append(rule.name)
    return names


def cut_cells(table: QTableWidget, *columns: int) -> list[str]:
    """Cells of ``columns`` whose text does not fit: one line, or wrapped in the row's height
    when the table wraps."""
    found = []
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        for column in columns:
            text = table.item(row, column).text()
            room = QRect(0, 0, table.columnWidth(column) - CELL_ROOM, 10_000)
            if table.wordWrap():
                height = metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, text).height()
                if height > table.rowHeight(row) + SLACK:
                    found.append(f"“{text}” needs {height}px height, has {table.rowHeight(row)}")
            elif metrics.horizontalAdvance(text) > room.width() + SLACK:
                found.append(f"“{text}” needs {metrics.horizontalAdvance(text)}px")
    return found


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
@pytest.mark.usefixtures("layout_village")
def test_nothing_that_names_a_row_is_cut_on_the_home_page(request, size):
    type_size.apply(QApplication.instance(), size)
    try:
        window = request.getfixturevalue("open_window")()
        names = record_long_named(window.ctx)
        home = window.page("home")
        assert isinstance(home, HomePage)
        home.refresh()
        settle()
        shown = [home.oldest.item(r, RULE).text() for r in range(home.oldest.rowCount())]
        assert len(names) == LONG_NAMES and set(names) <= set(shown)
        assert all(home.oldest.item(r, RULE).toolTip().endswith(shown[r]) for r in range(4))
        found = cut_cells(home.oldest, 0, 1, RULE)
        found += cut_cells(home.participation, 0, 1, 2)
        found += cut_cells(home.top, 0, 1, 2, 3)
        assert not found, "\n".join([size, *found])
    finally:
        type_size.apply(QApplication.instance(), "normal")
