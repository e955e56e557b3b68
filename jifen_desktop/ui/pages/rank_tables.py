"""What the ranking tabs (排名, 网格员, 个人排名) and the person archive share: the periods to
choose from, rows put into a ``QTableWidget`` (numbers right-aligned), vetoed rows shaded, a
table with a narrow column beside it. Kept apart from the rankings page so the tabs it shows
need not import it back."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model import periods

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
VETO_COLOUR = QColor("#fde2e1")


def period_choices(today: dt.date) -> list[tuple[str, str]]:
    """(label, key): this year's quarters so far, this year's and last year's half-years, the
    last three years, all time."""
    choices = []
    for q in range((today.month - 1) // 3 + 1, 0, -1):
        p = periods.quarter(today.year, q)
        choices.append((p.label, p.key))
    choices += [(p.label, p.key) for p in periods.half_years(today, 1)]
    for y in range(today.year, today.year - 3, -1):
        choices.append((periods.year(y).label, str(y)))
    choices.append((periods.all_time().label, "all"))
    return choices


def period_box(*, this_year: bool = False) -> QComboBox:
    """期间: today's ``period_choices`` (the key as each item's data), this year chosen when
    ``this_year`` (else the current quarter, the first)."""
    box = QComboBox()
    today = dt.date.today()
    for label, key in period_choices(today):
        box.addItem(label, key)
    if this_year:
        box.setCurrentIndex(box.findData(str(today.year)))
    return box


def fill_table(table: QTableWidget, rows: list[tuple[object, ...]]) -> None:
    """``rows`` as the table's rows, each value as text; numbers right-aligned."""
    table.setRowCount(len(rows))
    for i, values in enumerate(rows):
        for j, value in enumerate(values):
            item = QTableWidgetItem(str(value))
            if isinstance(value, (int, float)):
                item.setTextAlignment(RIGHT)
            table.setItem(i, j, item)


def mark_vetoed(table: QTableWidget, vetoed: list[bool]) -> None:
    """The rows of vetoed households (or of their persons) shaded."""
    for i, marked in enumerate(vetoed):
        for column in range(table.columnCount()) if marked else ():
            if item := table.item(i, column):
                item.setBackground(VETO_COLOUR)


def beside(table: QWidget, side: QVBoxLayout, width: int) -> QHBoxLayout:
    """``table`` taking most of a row, ``side`` at most ``width`` wide at its right."""
    box = QWidget()
    box.setLayout(side)
    box.setMaximumWidth(width)
    row = QHBoxLayout()
    row.addWidget(table, 3)
    row.addWidget(box, 1)
    return row
