"""The pending entries of a review session's month as a table: ``PendingModel`` holds plain rows
(cell texts made once) and shows those a ``PendingFilter`` lets through (grid, category, text),
so a month of thousands of entries filters as list operations; ``ReviewTable`` is the view whose
keys decide (A or Enter: 通过, R: 不通过), each for the entry it showed as the picked row when
the key was pressed (``SeenRow``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QPaintEvent
from PySide6.QtWidgets import QTableView, QWidget

from jifen_desktop.model.entry_checks import SOURCES
from jifen_desktop.model.entry_queries import EntryInfo
from jifen_desktop.model.wording import entry_remark
from jifen_desktop.ui.tables import read_only_rows, size_from_samples

from .seen import SeenRow

Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
DEDUCTION = QColor("#b00020")
MUTED = QColor("#777777")

# (header, sample text the column is sized for; "" = takes the spare width): the columns
# that name an entry, then the pending table's own
ENTRY_COLUMNS = (
    ("户号", "0000"),
    ("户主/单位", "某某某某"),
    ("日期", "2026-03-31"),
    ("积分项目", "A00 某某某某某某某某某某某某"),
    ("分值", "+100"),
)
COLUMNS = (
    *ENTRY_COLUMNS,
    ("来源", "网格员记录"),
    ("录入人", "某某某（某组网格员）"),
    ("证据", "证据"),
    ("补记", "补记"),
    ("说明", ""),
)
ITEM, POINTS, EVIDENCE, LATE, NOTE = 3, 4, 7, 8, 9
RIGHT_COLUMNS = (POINTS, EVIDENCE)
LATE_COLOUR = QColor("#a15c00")


def tr(text: str) -> str:
    return QCoreApplication.translate("PendingModel", text)


@dataclass(frozen=True)
class PendingRow:
    """One line of the table: the entry, its cells and the text a search looks through."""

    entry: EntryInfo
    cells: tuple[str, ...]
    haystack: str

    @classmethod
    def of(cls, e: EntryInfo) -> PendingRow:
        cells = (
            e.household_number,
            e.household_name,
            e.occurred_on.isoformat(),
            f"{e.rule_code} {e.rule_name}",
            f"{e.points:+d}",
            tr(SOURCES.get(e.source, e.source)),
            e.recorded_by_name,
            str(e.evidence_count) if e.evidence_count else tr("无"),
            tr("补记") if e.is_late else "",
            entry_remark(e),
        )
        return cls(e, cells, " ".join(cells).upper())


@dataclass(frozen=True)
class PendingFilter:
    """Which rows show: of these households (the picked grid's; None = any), this category
    (None = any), and containing ``text`` or of a household whose name or pinyin matches it
    (``named``)."""

    households: frozenset[str] | None = None
    category: str | None = None
    text: str = ""
    named: frozenset[str] = frozenset()

    def accepts(self, row: PendingRow) -> bool:
        e = row.entry
        if self.households is not None and e.household_id not in self.households:
            return False
        if self.category and e.category_name != self.category:
            return False
        return not self.text or self.text in row.haystack or e.household_id in self.named


class PendingModel(QAbstractTableModel):
    """The month's pending entries of one refresh and the ones the filter lets through."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[PendingRow] = []
        self._shown: list[PendingRow] = []
        self._filter = PendingFilter()

    def set_entries(self, entries: Sequence[EntryInfo]) -> None:
        self.beginResetModel()
        self._all = [PendingRow.of(e) for e in entries]
        self._shown = [r for r in self._all if self._filter.accepts(r)]
        self.endResetModel()

    def set_filter(self, chosen: PendingFilter) -> None:
        self.beginResetModel()
        self._filter = chosen
        self._shown = [r for r in self._all if chosen.accepts(r)]
        self.endResetModel()

    @property
    def total(self) -> int:
        return len(self._all)

    def categories(self) -> list[str]:
        return sorted({r.entry.category_name for r in self._all if r.entry.category_name})

    def entry_at(self, row: int) -> EntryInfo | None:
        return self._shown[row].entry if 0 <= row < len(self._shown) else None

    def shown_entries(self) -> list[EntryInfo]:
        return [r.entry for r in self._shown]

    def remove(self, entry_id: str) -> int:
        """Take a decided entry out (in place: the other rows and their cells stay); the row it
        was shown at, or -1."""
        self._all = [r for r in self._all if r.entry.id != entry_id]
        row = self.row_of(entry_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._shown[row]
            self.endRemoveRows()
        return row

    def row_of(self, entry_id: str | None) -> int:
        """The row showing this entry, or -1."""
        return next((i for i, r in enumerate(self._shown) if r.entry.id == entry_id), -1)

    # -- Qt ---------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._shown[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in RIGHT_COLUMNS else LEFT
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(row.entry, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (ITEM, NOTE, LATE):
            return row.cells[NOTE] if column == LATE else row.cells[column]
        return None

    @staticmethod
    def _colour(entry: EntryInfo, column: int) -> QColor | None:
        if column == POINTS and entry.points < 0:
            return DEDUCTION
        if column == EVIDENCE and not entry.evidence_count:
            return MUTED
        if column == LATE:
            return LATE_COLOUR
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(COLUMNS[section][0])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if section in RIGHT_COLUMNS else LEFT
        return None


APPROVE_KEYS = (Qt.Key.Key_A, Qt.Key.Key_Return, Qt.Key.Key_Enter)
REJECT_KEYS = (Qt.Key.Key_R,)
VIEW_KEYS = (Qt.Key.Key_Space,)


class ReviewTable(QTableView):
    """The pending entries, one row picked at a time; Up/Down move, A or Enter asks to
    approve the picked row, R asks to reject it (each with the id of the entry on screen as
    the picked row; a key pressed before it was painted is dropped and counted in
    ``keys_dropped``), Space to look at its photos."""

    approve_pressed = Signal(str)
    reject_pressed = Signal(str)
    view_pressed = Signal()
    keys_dropped = Signal(int)  # how many decision keys were dropped for the row on screen
    row_painted = Signal()  # another entry (or none) is on screen as the picked row

    def __init__(self, model: PendingModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pending = model
        self.seen = SeenRow()
        self.setModel(model)
        read_only_rows(self, single=True, wrap=False)
        size_from_samples(self, COLUMNS)

    def current_id(self) -> str | None:
        entry = self.pending.entry_at(self.currentIndex().row())
        return entry.id if entry is not None else None

    def ready(self) -> bool:
        """The picked row is on screen: a decision key pressed now acts on it."""
        return self.seen.shown(self.current_id())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if self.seen.painted(self.current_id()):
            self.row_painted.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        key = event.key()
        signal = (
            self.approve_pressed if key in APPROVE_KEYS else
            self.reject_pressed if key in REJECT_KEYS else None
        )  # fmt: skip
        if plain and signal is not None:
            self._decision_key(event, signal)
        elif plain and event.key() in VIEW_KEYS:
            self.view_pressed.emit()
        else:
            super().keyPressEvent(event)

    def _decision_key(self, event: QKeyEvent, signal: Any) -> None:
        entry_id = self.current_id()
        if entry_id is not None and self.seen.accepts(event, entry_id):
            signal.emit(entry_id)
        elif entry_id is not None:
            self.keys_dropped.emit(self.seen.dropped)
