"""本次已决定: what a review session decided, the content of its minutes (会议记录): a line that
sums it up (how many approved and their points, how many not approved) and every decision with
its reason; beside them the picked decision's entry in full, with its evidence."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QVBoxLayout, QWidget

from jifen_desktop.model.calendar.review import SessionInfo
from jifen_desktop.model.entry_queries import EntryInfo
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.household_model import RowsModel
from jifen_desktop.ui.tables import read_only_rows, size_from_samples

from .beside import DetailSplitter
from .entry_detail import EntryDetail
from .pending_model import ENTRY_COLUMNS, ITEM

COLUMNS = (*ENTRY_COLUMNS, ("结果", "不通过"), ("理由", ""), ("决定时间", "03-31 12:00"))


class DecisionsView(QWidget):
    """The decisions of one session, in the order the entries happened."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[EntryInfo] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = RowsModel([self.tr(title) for title, _sample in COLUMNS], self)
        self.table = read_only_rows(QTableView(), wrap=False)
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        size_from_samples(self.table, COLUMNS)
        self.detail = EntryDetail(ctx)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.table.doubleClicked.connect(lambda: self.detail.open_viewer(0))
        space = QShortcut(QKeySequence(Qt.Key.Key_Space), self.table)
        space.setContext(Qt.ShortcutContext.WidgetShortcut)  # as in the pending list
        space.activated.connect(lambda: self.detail.open_viewer(0))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(DetailSplitter(self.table, self.detail, len(ENTRY_COLUMNS) + 1, ITEM), 1)

    def _show_detail(self) -> None:
        row = self.table.currentIndex().row()
        self.detail.show_entry(self.entries[row] if 0 <= row < len(self.entries) else None)

    def show_decisions(self, session: SessionInfo | None, entries: Sequence[EntryInfo]) -> None:
        self.entries = list(entries)
        self.model.set_rows([self._row(e) for e in entries])
        self._show_detail()
        self._sum_up(session)

    def add_decisions(self, session: SessionInfo, entries: Sequence[EntryInfo]) -> None:
        """Entries just decided at ``session`` join the list, in the order the entries happened
        (as ``review.decisions`` reads them); the session's figures are read already."""
        known = {e.id for e in entries}
        kept = [e for e in self.entries if e.id not in known]
        ordered = sorted([*kept, *entries], key=lambda e: (e.occurred_on, e.id))
        self.show_decisions(session, ordered)

    def _sum_up(self, session: SessionInfo | None) -> None:
        entries = self.entries
        if session is None:
            self.summary.setText(self.tr("还没有审核会。"))
            return
        points = sum(e.points for e in entries if e.status == "approved")
        self.summary.setText(
            self.tr("{0}（{1}，{2}，审核人 {3}）：{4}；通过的合计 {5:+d} 分。").format(
                session.label,
                session.held_on.isoformat(),
                session.place or self.tr("未填地点"),
                session.reviewer_name,
                session.decided_text,
                points,
            )
            + (self.tr("　参加人员：{0}").format(session.attendees) if session.attendees else "")
        )

    def _row(self, e: EntryInfo) -> tuple[object, ...]:
        return (
            e.household_number,
            e.household_name,
            e.occurred_on.isoformat(),
            f"{e.rule_code} {e.rule_name}",
            e.points,
            self.tr("通过") if e.status == "approved" else self.tr("不通过"),
            e.decision_reason,
            e.decided_at.strftime("%m-%d %H:%M") if e.decided_at else "",
        )
