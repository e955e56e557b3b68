"""The snapshot table of a publication: a model over its ``SnapshotLine``s (one a household, the
head's full name: masking is for the printout) and a filter that narrows it by household
number, head, grid or the pinyin of the head's name (``wjg``), sortable by every column with
numbers compared as numbers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from jifen_desktop.model.calendar.snapshot import SnapshotLine
from jifen_desktop.model.pinyin_keys import name_keys
from jifen_desktop.ui.household_model import LEFT, RIGHT, natural_key

Index = QModelIndex | QPersistentModelIndex
VETO = QColor("#b00020")
VETO_COLUMN = 10
HEADERS = (
    "户号",
    "户主",
    "网格",
    "本季加分",
    "本季扣分",
    "本季净得",
    "其中补记",
    "年度累计",
    "累计积分",
    "排名",
    "否决",
)
_SORT_KEYS: tuple[Callable[[SnapshotLine], Any], ...] = (
    lambda line: natural_key(line.number),
    lambda line: line.head_name,
    lambda line: line.grid_name,
    lambda line: line.added,
    lambda line: line.deducted,
    lambda line: line.net,
    lambda line: line.late,
    lambda line: line.year_total,
    lambda line: line.lifetime_total,
    lambda line: line.rank,
    lambda line: line.vetoed,
)


def _cells(line: SnapshotLine, veto: str) -> tuple[str, ...]:
    return (
        line.number,
        line.head_name,
        line.grid_name,
        str(line.added),
        str(line.deducted),
        str(line.net),
        f"{line.late:+d}" if line.late else "",
        str(line.year_total),
        str(line.lifetime_total),
        str(line.rank),
        veto if line.vetoed else "",
    )


def matches(line: SnapshotLine, query: str) -> bool:
    """Whether ``query`` is in the number, head or grid, or starts a pinyin of the head."""
    q = query.strip().lower()
    if not q or q in f"{line.number} {line.head_name} {line.grid_name}".lower():
        return True
    return q.isascii() and q.isalpha() and any(k.startswith(q) for k in name_keys(line.head_name))


class SnapshotModel(QAbstractTableModel):
    """The lines of one snapshot, their cell texts made once."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[SnapshotLine] = []
        self._cells: list[tuple[str, ...]] = []

    def set_lines(self, lines: Sequence[SnapshotLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        veto = self.tr("否决")
        self._cells = [_cells(line, veto) for line in self._lines]
        self.endResetModel()

    def line(self, row: int) -> SnapshotLine:
        return self._lines[row]

    def sort_key(self, row: int, column: int) -> Any:
        return _SORT_KEYS[column](self._lines[row])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if 3 <= column <= 9 else LEFT
        vetoed = self._lines[row].vetoed
        if role == Qt.ItemDataRole.ForegroundRole and vetoed and column in (1, VETO_COLUMN):
            return VETO
        if role == Qt.ItemDataRole.ToolTipRole and vetoed:
            return self.tr("本季度内受一票否决：照常计分，但不能兑换、不能参评荣誉")
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(HEADERS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if 3 <= section <= 9 else LEFT
        return None


class SnapshotFilter(QSortFilterProxyModel):
    """The lines that match the search box, in the order of the column clicked."""

    def __init__(self, source: SnapshotModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.setSourceModel(source)
        self._query = ""

    def set_query(self, query: str) -> None:
        if not hasattr(self, "endFilterChange"):  # Qt before 6.10 (6.9 has only the begin half)
            self._query = query
            self.invalidateFilter()
            return
        self.beginFilterChange()
        self._query = query
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, _parent: Index) -> bool:  # noqa: N802
        return matches(self.source.line(source_row), self._query)

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802
        column = left.column()
        return bool(
            self.source.sort_key(left.row(), column) < self.source.sort_key(right.row(), column)
        )
