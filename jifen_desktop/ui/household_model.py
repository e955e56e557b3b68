"""Table models for the 农户 page: the household table (a lazy model over plain rows, filtered
and sorted in Python so it stays smooth with thousands of households) and a small read-only
model for the detail panel's members, entries and status history."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from jifen_desktop.model.balances import Balance
from jifen_desktop.model.households import KIND_NAMES, STATUS_NAMES, HouseholdInfo

Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
POINT_COLUMNS = (6, 7)
MUTED = QColor(128, 128, 128)


def mask_phone(phone: str) -> str:
    """Keep the first 3 and last 4 characters of a phone number: 139****1234."""
    phone = phone.strip()
    if len(phone) >= 8:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    if len(phone) > 2:
        return "*" * (len(phone) - 2) + phone[-2:]
    return "*" * len(phone)


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key that puts 2-10 after 2-9 (household numbers are not always zero-padded)."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text))


@dataclass(frozen=True)
class HouseholdRow:
    """One line of the household table: the household and its two ranking figures."""

    info: HouseholdInfo
    annual: int
    lifetime: int
    cells: tuple[str, ...]
    number_key: tuple[Any, ...]  # made once: every search and filter sorts by it

    @property
    def id(self) -> str:
        return self.info.id

    @classmethod
    def of(cls, info: HouseholdInfo, balance: Balance | None) -> HouseholdRow:
        annual = balance.annual if balance else 0
        lifetime = balance.lifetime if balance else 0
        name = info.unit_name if info.kind == "unit" else info.head_name
        cells = (
            info.number,
            name,
            KIND_NAMES.get(info.kind, info.kind),
            info.grid_name,
            STATUS_NAMES.get(info.status, info.status),
            mask_phone(info.phone),
            str(annual),
            str(lifetime),
        )
        return cls(info, annual, lifetime, cells, natural_key(info.number))


_SORT_KEYS: tuple[Callable[[HouseholdRow], Any], ...] = (
    lambda r: r.number_key,
    lambda r: r.cells[1],
    lambda r: r.info.kind,
    lambda r: r.cells[3],
    lambda r: r.info.status,
    lambda r: r.info.phone,
    lambda r: r.annual,
    lambda r: r.lifetime,
)


class HouseholdTableModel(QAbstractTableModel):
    """All households of one refresh, and the ones the filters let through, in sort order.

    Rows are plain ``HouseholdRow`` values with their cell texts made once, so ``data()`` is a
    tuple lookup; filtering and sorting are list operations, never per-row Qt calls."""

    HEADERS = ("户号", "户主/单位名称", "类型", "网格", "状态", "电话", "年度积分", "累计积分")
    COLUMN_COUNT = len(HEADERS)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[HouseholdRow] = []
        self._shown: list[HouseholdRow] = []
        self._grid_id: str | None = None
        self._status: str | None = "active"
        self._ids: frozenset[str] | None = None
        self._sort = (0, Qt.SortOrder.AscendingOrder)

    # -- feeding ----------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[HouseholdRow]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._update()
        self.endResetModel()

    def set_filter(
        self, *, grid_id: str | None, status: str | None, ids: Collection[str] | None
    ) -> None:
        """Show rows of this grid and status (None = any) whose id is in ``ids`` (None = any)."""
        self.beginResetModel()
        self._grid_id, self._status = grid_id, status
        self._ids = frozenset(ids) if ids is not None else None
        self._update()
        self.endResetModel()

    def _update(self) -> None:
        grid_id, status, ids = self._grid_id, self._status, self._ids
        shown = [
            r
            for r in self._all
            if (grid_id is None or r.info.grid_id == grid_id)
            and (status is None or r.info.status == status)
            and (ids is None or r.info.id in ids)
        ]
        column, order = self._sort
        shown.sort(key=_SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self._shown = shown

    # -- reading ----------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self._all)

    def row_at(self, row: int) -> HouseholdRow:
        return self._shown[row]

    def row_of(self, household_id: str | None) -> int:
        """The row showing this household, or -1."""
        for i, r in enumerate(self._shown):
            if r.info.id == household_id:
                return i
        return -1

    # -- Qt ---------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._shown[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if index.column() in POINT_COLUMNS else LEFT
        if role == Qt.ItemDataRole.ForegroundRole and row.info.status != "active":
            return MUTED
        if role == Qt.ItemDataRole.ToolTipRole:
            return "  ".join(filter(None, (row.cells[1], row.info.address)))
        if role == Qt.ItemDataRole.UserRole:
            return row.info.id
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return self.tr(self.HEADERS[section])
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return RIGHT if section in POINT_COLUMNS else LEFT
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < self.COLUMN_COUNT:
            return
        self.layoutAboutToBeChanged.emit()
        old = self._shown
        self._sort = (column, order)
        self._update()
        # Keep the selection on the same households while the rows move.
        new_row = {id(r): i for i, r in enumerate(self._shown)}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent,
            [self.index(new_row[id(old[p.row()])], p.column()) for p in persistent],
        )
        self.layoutChanged.emit()


class RowsModel(QAbstractTableModel):
    """A small read-only table of ready-made values (numbers are right-aligned)."""

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[tuple[Any, ...]] = []

    def set_rows(self, rows: Sequence[tuple[Any, ...]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def cell(self, row: int, column: int) -> Any:
        return self._rows[row][column]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return f"{value:+d}" if isinstance(value, int) and value else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if isinstance(value, int) else LEFT
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None
