"""The grid of ticks of the 纸质检查表 screen, taken with the keyboard as the paper is read:
the arrows move, Space ticks or unticks, Enter goes down to the next household (from the last
one, on to 登记: ``finished``). The mouse ticks a box too. The cell's refusal, if any, is
said under the table as the cursor reaches it (``current_changed``)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from .check_sheet_model import FIRST_TICK, TickModel
from .completers import ENTER_KEYS


class TickTable(QTableView):
    finished = Signal()
    current_changed = Signal(int)  # the row the cursor is on

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("ticks")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the sheet for 登记, as in a form
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)

    def show_sheet(self, model: TickModel) -> None:
        self.setModel(model)
        self._size_columns(model.result_column)
        self.selectionModel().currentChanged.connect(
            lambda current, _old: self.current_changed.emit(current.row())
        )
        self.go_to(0, FIRST_TICK)
        self.fit_result_column()

    def _size_columns(self, result_column: int) -> None:
        """Each column as wide as its contents; 登记结果 as ``fit_result_column`` says."""
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(result_column, QHeaderView.ResizeMode.Fixed)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def fit_result_column(self) -> None:
        """登记结果 takes the width the sheet's columns leave, but never less than its title
        (at 特大 with ten items the table then scrolls sideways; the row's whole result is
        said under the table too)."""
        model = self.tick_model()
        if model is None:
            return
        column = model.result_column
        others = sum(self.columnWidth(c) for c in range(column))
        title = self.horizontalHeader().fontMetrics().horizontalAdvance("登记结果") + 24
        self.setColumnWidth(column, max(self.viewport().width() - others, title))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_result_column()

    def tick_model(self) -> TickModel | None:
        model = self.model()
        return model if isinstance(model, TickModel) else None

    def go_to(self, row: int, column: int) -> None:
        model = self.model()
        if model is not None and model.rowCount():
            self.setCurrentIndex(model.index(row, column))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        model, current = self.tick_model(), self.currentIndex()
        if model is None or not current.isValid():
            super().keyPressEvent(event)
        elif event.key() == Qt.Key.Key_Space and event.modifiers() in _PLAIN:
            self._toggle(model, current)
        elif event.key() in ENTER_KEYS and event.modifiers() in _PLAIN:
            self._next_row(model, current)
        else:
            super().keyPressEvent(event)

    def _toggle(self, model: TickModel, current: QModelIndex) -> None:
        item = model.item_of(current.column())
        if item is not None:
            model.toggle(current.row(), item)

    def _next_row(self, model: TickModel, current: QModelIndex) -> None:
        """Down to the next household in the same column (a tick column: from 户号 or 户主, the
        first one); from the last household, on to 登记."""
        column = current.column() if model.item_of(current.column()) is not None else FIRST_TICK
        if current.row() + 1 < model.rowCount():
            self.go_to(current.row() + 1, column)
        else:
            self.finished.emit()


_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
