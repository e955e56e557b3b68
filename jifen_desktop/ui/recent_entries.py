"""The latest entries recorded in the village, newest first, with 撤回 for a pending one that
the operator recorded (an admin may withdraw anyone's)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.entry_queries import EntryInfo
from jifen_desktop.model.errors import DomainError
from jifen_desktop.ui import messages
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import GREY
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows

RECENT_LIMIT = 30
STATUS_COLORS = {"pending": "#a15c00", "approved": "#1b5e20", "rejected": "#b00020"}
ITEM_COLUMN, POINTS_COLUMN, STATUS_COLUMN = 2, 3, 4


def describe(entry: EntryInfo) -> str:
    """One line naming an entry for messages: household, item, points and date."""
    return (
        f"{entry.household_number} {entry.household_name}　{entry.rule_code} {entry.rule_name}"
        f"　{entry.points:+d}分（{entry.occurred_on.isoformat()}）"
    )


def cells(entry: EntryInfo) -> tuple[str, ...]:
    """One row of the table: date, household, item, points, status, recorded by."""
    return (
        entry.occurred_on.isoformat(),
        f"{entry.household_number} {entry.household_name}",
        f"{entry.rule_code} {entry.rule_name}",
        f"{entry.points:+d}",
        entry.status_name,
        entry.recorded_by_name,
    )


class RecentEntries(QGroupBox):
    """The table of the latest entries and the 撤回 button beside it; ``refresh`` reloads."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entries: list[EntryInfo] = []
        self.setTitle(self.tr("最近的记录（最新 {0} 条）").format(RECENT_LIMIT))
        self.table = read_only_rows(QTableWidget(0, 6), single=True)
        self.table.setObjectName("recent")
        self.table.setHorizontalHeaderLabels(
            [self.tr(t) for t in ("日期", "户", "积分项目", "分值", "状态", "录入人")]
        )
        fit_to_contents(self.table, ITEM_COLUMN)
        self.table.itemSelectionChanged.connect(self._update_withdraw)
        self.withdraw_button = QPushButton(self.tr("撤回"))
        self.withdraw_button.setObjectName("withdraw")
        self.withdraw_button.setToolTip(self.tr("撤回自己录入、还没审核的记录"))
        self.withdraw_button.clicked.connect(self.withdraw)
        side = QVBoxLayout()
        side.addWidget(self.withdraw_button)
        side.addStretch()
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(side)
        self._update_withdraw()

    def refresh(self) -> None:
        self.entries = self.ctx.ledger.entries.list(
            self.ctx.village_id, limit=RECENT_LIMIT, order="recorded"
        )
        self._fill()
        self._update_withdraw()

    def _fill(self) -> None:
        """The rows, with the columns sized once at the end: sized to their contents after
        every item, 180 items took some 110 ms of the GUI thread."""
        table, header = self.table, self.table.horizontalHeader()
        modes = [header.sectionResizeMode(c) for c in range(table.columnCount())]
        for column in range(table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        table.setUpdatesEnabled(False)
        try:
            table.setRowCount(len(self.entries))
            for row, entry in enumerate(self.entries):
                for column, value in enumerate(cells(entry)):
                    table.setItem(row, column, self._item(entry, column, value))
        finally:
            for column, mode in enumerate(modes):
                header.setSectionResizeMode(column, mode)
            table.setUpdatesEnabled(True)

    @staticmethod
    def _item(entry: EntryInfo, column: int, value: str) -> QTableWidgetItem:
        item = QTableWidgetItem(value)
        if column == ITEM_COLUMN:
            item.setToolTip(value)
        if column == POINTS_COLUMN:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column == STATUS_COLUMN:
            item.setForeground(QColor(STATUS_COLORS.get(entry.status, GREY)))
        return item

    def selected_entry(self) -> EntryInfo | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.entries[rows.pop()] if len(rows) == 1 else None

    def _update_withdraw(self) -> None:
        entry = self.selected_entry()
        own = entry is not None and (
            self.ctx.actor.role == "admin" or entry.recorded_by == self.ctx.actor.id
        )
        self.withdraw_button.setEnabled(own and entry is not None and entry.status == "pending")

    def withdraw(self) -> None:
        entry = self.selected_entry()
        if entry is None or entry.status != "pending":
            return
        question = self.tr("撤回这条还没审核的记录吗？\n\n{0}").format(describe(entry))
        if not messages.confirm(self, self.tr("撤回记录"), question):
            return
        try:
            self.ctx.apply(self.ctx.ledger.entries.withdraw(entry.id))
        except DomainError as exc:
            messages.show_error(self, exc)
