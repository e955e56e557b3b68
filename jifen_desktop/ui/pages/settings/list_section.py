"""What the list tabs of 设置 share (网格, 操作员): a bar of buttons, a read-only table of
records with one row picked at a time, a grey note underneath, and "which record is picked"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableWidget, QVBoxLayout, QWidget

from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.tx import Op
from jifen_desktop.ui import messages
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import hint
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows

from ..base import Page
from ..rankings import fill_table

T = TypeVar("T")


class ListSection(Page, Generic[T]):
    what = "一项"  # what a row is, for "请先在表里点选一个…"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.items: list[T] = []
        self.table = read_only_rows(QTableWidget(), single=True)
        self.table.doubleClicked.connect(self.edit)
        self.bar = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.bar)
        layout.addWidget(self.table)
        self.note = hint("")
        layout.addWidget(self.note)

    def set_up(
        self,
        headers: Sequence[str],
        stretch: int,
        buttons: Sequence[tuple[QPushButton, Callable[[], None]]],
        note: str,
    ) -> None:
        """The table's columns (``stretch`` takes the spare width), the buttons, the note."""
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(list(headers))
        fit_to_contents(self.table, stretch)
        for button, slot in buttons:
            button.clicked.connect(slot)
            self.bar.addWidget(button)
        self.bar.addStretch(1)
        self.note.setText(note)

    def show_rows(self, items: list[T], rows: list[tuple[object, ...]]) -> None:
        self.items = items
        fill_table(self.table, rows)

    def current(self, quiet: bool = False) -> T | None:
        """The picked record; when none is picked, say so (unless ``quiet``)."""
        row = self.table.currentRow()
        if 0 <= row < len(self.items):
            return self.items[row]
        if not quiet:
            messages.show_error(
                self, DomainError(self.tr("请先在表里点选一个{0}。").format(self.tr(self.what)))
            )
        return None

    def edit(self) -> None:
        """Open the picked record (double-click or the 修改 button)."""

    def run(self, call: Callable[[], Op[Any]]) -> None:
        """Call a service and broadcast what it changed, or show its refusal."""
        try:
            self.ctx.apply(call())
        except DomainError as error:
            messages.show_error(self, error)
