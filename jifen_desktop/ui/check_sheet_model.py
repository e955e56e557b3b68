"""The table of the 纸质检查表 screen: the sheet's rows and columns as printed (户号, 户主, one
tick column per item headed by its code, short name and points), and a last column 登记结果
saying, per row, what became of its ticks. Ticks are cells; a tick refused by the model keeps
its reason (red, on its row), a recorded tick is locked (green) so it cannot go in twice."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from jifen_desktop.model.check_sheet import CheckSheet

Index = QModelIndex | QPersistentModelIndex
Cell = tuple[int, int]  # (row, item number)
FIRST_TICK = 2  # the columns before the ticks: 户号, 户主
REFUSED_FILL = QBrush(QColor("#F8D7DA"))
RECORDED_FILL = QBrush(QColor("#D4EDDA"))


class TickModel(QAbstractTableModel):
    """The ticks of one sheet; ``ticks`` are (row, item) cells not yet recorded."""

    def __init__(self, sheet: CheckSheet, parent: Any = None) -> None:
        super().__init__(parent)
        self.sheet = sheet
        self.ticks: set[Cell] = set()
        self.refused: dict[Cell, str] = {}
        self.recorded: set[Cell] = set()

    @property
    def result_column(self) -> int:
        return FIRST_TICK + len(self.sheet.items)

    def item_of(self, column: int) -> int | None:
        """The item number of a tick column (None for the other columns)."""
        item = column - FIRST_TICK
        return item if 0 <= item < len(self.sheet.items) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self.sheet.households)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else self.result_column + 1

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        item = self.item_of(section)
        if role == Qt.ItemDataRole.ToolTipRole and item is not None:
            return self.sheet.items[item].legend
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if item is not None:
            return "\n".join(self.sheet.items[item].header)
        unit = self.sheet.items[0].rule.applies_to == "unit"
        return {0: "户号", 1: "单位" if unit else "户主"}.get(section, "登记结果")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        item = self.item_of(column)
        if item is not None:
            return self._tick_data((row, item), role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            household = self.sheet.households[row]
            if column == 0:
                return household.number
            if column == 1:
                return household.unit_name or household.head_name
            return self.result_text(row) or None
        return None

    def _tick_data(self, cell: Cell, role: int) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole:
            on = cell in self.ticks or cell in self.recorded
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole:
            if cell in self.recorded:
                return RECORDED_FILL
            return REFUSED_FILL if cell in self.refused else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.refused.get(cell) or ("已登记" if cell in self.recorded else None)
        return None

    def result_text(self, row: int) -> str:
        """What became of the row's ticks: each refusal with the model's reason, or 已登记."""
        items = self.sheet.items
        refusals = [
            f"{items[i].rule.code}：{reason}"
            for (r, i), reason in sorted(self.refused.items())
            if r == row
        ]
        done = [items[i].rule.code for (r, i) in sorted(self.recorded) if r == row]
        parts = [*refusals, *(["已登记 " + "、".join(done)] if done else [])]
        return "；".join(parts)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        item = self.item_of(index.column())
        if item is not None and (index.row(), item) not in self.recorded:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        item = self.item_of(index.column())
        if role != Qt.ItemDataRole.CheckStateRole or item is None:
            return False
        self.set_tick((index.row(), item), Qt.CheckState(value) == Qt.CheckState.Checked)
        return True

    def toggle(self, row: int, item: int) -> None:
        self.set_tick((row, item), (row, item) not in self.ticks)

    def set_tick(self, cell: Cell, on: bool) -> None:
        """Tick or untick a cell (a recorded one stays); its old refusal goes with the change."""
        if cell in self.recorded:
            return
        if on:
            self.ticks.add(cell)
        else:
            self.ticks.discard(cell)
        self.refused.pop(cell, None)
        self._row_changed(cell[0])

    def ticked(self) -> list[Cell]:
        """The ticks not yet recorded, row by row as the sheet reads."""
        return sorted(self.ticks)

    def show_refusals(self, cells: list[Cell], reasons: list[str]) -> None:
        self.refused = {cell: reason for cell, reason in zip(cells, reasons, strict=True) if reason}
        self._all_changed()

    def mark_recorded(self, cells: list[Cell]) -> None:
        self.recorded.update(cells)
        self.ticks.difference_update(cells)
        self._all_changed()

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.result_column))

    def _all_changed(self) -> None:
        if self.sheet.households:
            last = self.index(self.rowCount() - 1, self.result_column)
            self.dataChanged.emit(self.index(0, 0), last)
