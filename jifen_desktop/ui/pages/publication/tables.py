"""The two tables of a publication: the snapshot (every household's points, sortable, with a
search box and a count of what is shown) and the 补记 listed apart (entries recorded in this
quarter for a day of an earlier, already published quarter)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from jifen_desktop.model.calendar.snapshot import LateLine, SnapshotLine
from jifen_desktop.model.wording import LATE_HEADERS
from jifen_desktop.ui.forms import fit_placeholder, hint
from jifen_desktop.ui.household_model import RowsModel
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows

from .snapshot_model import VETO_COLUMN, SnapshotFilter, SnapshotModel

RANK_COLUMN = 9


class SnapshotView(QWidget):
    """The snapshot with its search box; ``show_lines`` fills it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SnapshotModel(self)
        self.proxy = SnapshotFilter(self.model, self)
        self.search = QLineEdit()
        self.search.setObjectName("snapshot_search")
        self.search.setPlaceholderText(self.tr("查找：户号、户主、网格或拼音首字母，如 wjg"))
        self.search.setClearButtonEnabled(True)
        fit_placeholder(self.search)
        self.search.textChanged.connect(self._filter)
        self.count = QLabel()
        self.table = read_only_rows(QTableView(), wrap=False)
        self.table.setObjectName("snapshot")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(RANK_COLUMN, Qt.SortOrder.AscendingOrder)
        fit_to_contents(self.table, VETO_COLUMN)
        bar = QHBoxLayout()
        bar.addWidget(self.search)
        bar.addWidget(self.count)
        bar.addStretch(1)
        order = hint(self.tr("点表头排序；排名按年度累计，同分同名次。"))
        order.setWordWrap(False)
        bar.addWidget(order)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.table)

    def show_lines(self, lines: Sequence[SnapshotLine]) -> None:
        self.model.set_lines(lines)
        self._filter(self.search.text())

    def _filter(self, query: str) -> None:
        self.proxy.set_query(query)
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(
            self.tr("共 {0} 户").format(total)
            if shown == total
            else self.tr("找到 {0} 户（共 {1} 户）").format(shown, total)
        )


class LateView(QWidget):
    """The 补记 of the quarter; ``show_lines`` fills it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RowsModel([self.tr(h) for h in LATE_HEADERS], self)
        self.table = read_only_rows(QTableView(), wrap=False)
        self.table.setObjectName("late_entries")
        self.table.setModel(self.model)
        fit_to_contents(self.table, 6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(
            hint(
                self.tr(
                    "补记：本季度里为以前已公示季度补上的记录（含冲正），"
                    "算在本季度，公示时单独列出，注明原日期。"
                )
            )
        )
        layout.addWidget(self.table)

    def show_lines(self, lines: Sequence[LateLine]) -> None:
        self.model.set_rows(
            [
                (
                    x.number,
                    x.head_name,
                    str(x.original_on),
                    str(x.recorded_on),
                    x.item,
                    x.points,
                    x.reason,
                )
                for x in lines
            ]
        )
