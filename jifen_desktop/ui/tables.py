"""Read-only tables as the pages show them: rows to look at and pick, never to type in, a
right-click 导出Excel…, rows as high as the type size asks, and columns as wide as their
contents except one long column that takes the rest. The columns that say which row is which
(户号, 户主, 日期, 分值, 结果, 状态…) are never cut: when the window is too narrow the long
column gives way first, then the table scrolls sideways."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from .type_size import follow, px

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
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    follow(view, lambda: fit_row_height(view))
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


def wrap_column(view: QTableView, column: int, least_chars: int) -> None:
    """``column`` takes the width the others leave, but at least ``least_chars`` characters
    (the table scrolls sideways then), and its text wraps: the rows grow to show it whole,
    after each resize, refill and size switch. For a long name in a narrow box (首页's 细则),
    where Stretch would leave a bare "…"."""
    view.setWordWrap(True)
    view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
    fitter = _WrapFitter(view, column, least_chars)
    view.viewport().installEventFilter(fitter)
    model = view.model()
    model.modelReset.connect(fitter.fit)
    model.rowsInserted.connect(fitter.fit)
    model.dataChanged.connect(fitter.fit)
    follow(view, fitter.fit)


class _WrapFitter(QObject):
    def __init__(self, view: QTableView, column: int, least_chars: int) -> None:
        super().__init__(view)
        self.view, self.column, self.least_chars = view, column, least_chars

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        if not shiboken6.isValid(self.view):  # a resize while the window is torn down
            return
        view, header = self.view, self.view.horizontalHeader()
        others = sum(
            header.sectionSize(c)
            for c in range(header.count())
            if c != self.column and not header.isSectionHidden(c)
        )
        least = view.fontMetrics().horizontalAdvance("字" * self.least_chars) + px(8)
        width = max(least, view.viewport().width() - others)
        if header.sectionSize(self.column) != width:
            header.resizeSection(self.column, width)
        view.resizeRowsToContents()


def fit_row_height(view: QTableView) -> None:
    """One line of the current type with some air: rows neither cut nor airy after a switch."""
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + px(10))


def size_from_samples(view: QTableView, samples: Sequence[tuple[str, str | None]]) -> None:
    """Each column as wide as its title or its sample text (measured in the current type and
    again after a switch): from the font, never from scanning thousands of rows. The column
    whose sample is "" takes the spare width; one whose sample is None (names of any length)
    is as wide as the longest in the first rows."""

    def size() -> None:
        header, metrics = view.horizontalHeader(), view.fontMetrics()
        header.setResizeContentsPrecision(FIT_ROWS)
        pad = int(metrics.height() * 1.2)  # cell margins and the sort arrow
        for column, (title, sample) in enumerate(samples):
            width = max(metrics.horizontalAdvance(sample or ""), metrics.horizontalAdvance(title))
            header.resizeSection(column, width + pad)
            if sample == "":
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            elif sample is None:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(metrics.horizontalAdvance("名称") + pad)

    follow(view, size)
