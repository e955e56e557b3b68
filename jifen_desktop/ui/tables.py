"""Read-only tables as the pages show them: rows to look at and pick, never to type in, a
right-click 导出Excel…, and columns as wide as their contents except one long column that takes
the rest."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

V = TypeVar("V", bound=QTableView)
FIT_ROWS = 200


def read_only_rows(view: V, *, single: bool = False, wrap: bool = True) -> V:
    """No row numbers, no editing, whole rows selected (one at a time when ``single``),
    alternating shades; ``wrap=False`` keeps each row one line high."""
    view.verticalHeader().setVisible(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(wrap)
    from .table_export import offer_export  # the export needs the reports, loaded on demand

    offer_export(view)
    return view


def fit_to_contents(view: QTableView, stretch_column: int) -> None:
    """Every column as wide as its contents, except ``stretch_column``, which takes the rest
    (and elides) so nothing is pushed out of sight."""
    header = view.horizontalHeader()
    # Widths from the first rows only: measuring every cell of a 2,000-household table took
    # seconds each time it was shown or refilled.
    header.setResizeContentsPrecision(FIT_ROWS)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
