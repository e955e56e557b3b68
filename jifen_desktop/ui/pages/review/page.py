"""审核 (一月一审核): the village's review sessions (month, date, place, reviewer, attendees,
status, what each decided and what its month still has pending), a banner for the months whose
review is overdue, 开审核会, and under them the picked session's ``SessionPanel``."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model import periods
from jifen_desktop.model.calendar.review import SessionInfo
from jifen_desktop.model.tx import Change
from jifen_desktop.ui import printouts, type_size
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.tables import read_only_rows, size_from_samples
from jifen_desktop.ui.type_size import follow

from ..base import Page
from ..rankings import fill_table
from .dialogs import OpenSessionDialog
from .session_panel import SessionPanel

SESSION_COLUMNS = (
    ("月份", "2026年12月"),
    ("开会日期", "2026-12-31"),
    ("地点", "村委会会议室"),
    ("审核人", "某某某某"),
    ("参加人员", ""),
    ("状态", "进行中"),
    ("通过", "00000"),
    ("不通过", "00000"),
    ("待审核", "00000"),
)
STATUS_COLUMN = 5
COUNT_COLUMNS = (6, 7, 8)  # 通过, 不通过, 待审核: what a decision changes
STATUS_COLOURS = {"open": QColor("#1b5e20"), "closed": QColor("#777777")}
COUNTS_AT_LATEST_MS = 250  # the figures after a decision, should the next row not be painted
VISIBLE_SESSIONS = 4  # at 标准; one fewer for each larger size, so the entries keep room
BANNER_STYLE = (
    "QLabel { background: #fff4d6; color: #7a4300; border: 1px solid #e8b64c;"
    " border-radius: 3px; padding: 5px 8px; }"
)


class ReviewPage(Page):
    key = "review"
    title_text = "审核"
    shows = Change.ENTRIES | Change.CALENDAR | Change.HOUSEHOLDS | Change.GRIDS

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.sessions: list[SessionInfo] = []
        self.overdue: dict[str, int] = {}
        self.dialog: OpenSessionDialog | None = None
        self.banner = QLabel()
        self.banner.setObjectName("overdue")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.open_button = QPushButton(self.tr("开审核会…"))
        self.open_button.setVisible(ctx.can("admin", "reviewer"))
        self.open_button.clicked.connect(self.open_session)
        self.minutes_button = QPushButton(self.tr("打印会议记录…"))
        self.minutes_button.clicked.connect(self.print_minutes)
        self.table = read_only_rows(QTableWidget(0, len(SESSION_COLUMNS)), single=True, wrap=False)
        self.table.setHorizontalHeaderLabels([self.tr(title) for title, _s in SESSION_COLUMNS])
        size_from_samples(self.table, SESSION_COLUMNS)
        self.table.itemSelectionChanged.connect(self._session_picked)
        self.panel = SessionPanel(ctx)
        self._counts_timer = QTimer(self)  # once the next row is painted (or after a while)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.timeout.connect(self._refresh_counts)
        self.panel.table.row_painted.connect(self._row_painted)
        self._build_layout()

    def _build_layout(self) -> None:
        title = QLabel(self.tr("审核会（一月一审核）"))
        title.setStyleSheet("font-weight: bold;")
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addWidget(self.banner, 1)
        bar.addStretch(0)  # takes the width while there is no banner
        bar.addWidget(self.minutes_button)
        bar.addWidget(self.open_button)
        follow(self.table, self._fit_sessions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        layout.addWidget(self.panel, 1)

    def _fit_sessions(self) -> None:
        """The sessions table ``VISIBLE_SESSIONS`` rows high at 标准, 2 at 特大."""
        visible = max(2, round(VISIBLE_SESSIONS - (type_size.scale() - 1) * 4))
        rows = self.table.verticalHeader().defaultSectionSize() * visible
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(rows + header + 2 * self.table.frameWidth())

    # -- showing -----------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.panel.deciding:  # the panel's own decision: its list is already up to date
            self._counts_timer.start(COUNTS_AT_LATEST_MS)
            return
        review, village = self.ctx.ledger.review, self.ctx.village_id
        current = self.current_session()
        self.sessions = review.list(village)
        self.overdue = review.overdue(village)
        self._fill_sessions()
        self._show_overdue()
        self.select_session(current.id if current else self._first_open())

    def _row_painted(self) -> None:
        if self._counts_timer.isActive():
            self._counts_timer.start(0)

    def _refresh_counts(self) -> None:
        """After the panel's own decisions, once the next row shows: the picked session's
        figures read again (and the overdue months, when its month is one of them), and the
        session's new decisions; not the other sessions (unchanged) nor the month's pending
        entries (updated in place)."""
        current = self.current_session()
        if current is None or current.id != (self.panel.session and self.panel.session.id):
            self.refresh()
            return
        row, review = self.table.currentRow(), self.ctx.ledger.review
        self.sessions[row] = session = review.get(current.id)
        self._show_counts_at(row, session)
        if session.month in self.overdue:
            self.overdue = review.overdue(self.ctx.village_id)
            self._show_overdue()
        self.panel.show_counts(session)

    def _show_counts_at(self, row: int, session: SessionInfo) -> None:
        """The session's figures (通过, 不通过, 待审核) in its row; the rest stays."""
        for column, value in enumerate(self._cells(session)):
            if column in COUNT_COLUMNS and (item := self.table.item(row, column)) is not None:
                item.setText(str(value))

    def _fill_sessions(self) -> None:
        self.table.blockSignals(True)
        fill_table(self.table, [self._cells(s) for s in self.sessions])
        self._mark_sessions()
        self.table.blockSignals(False)

    def _mark_sessions(self) -> None:
        """Each session's state in its colour, its note on the month's hover."""
        for row, s in enumerate(self.sessions):
            status, month = self.table.item(row, STATUS_COLUMN), self.table.item(row, 0)
            if status is not None and month is not None:
                status.setForeground(STATUS_COLOURS[s.status])
                month.setToolTip(s.note)

    def _cells(self, s: SessionInfo) -> tuple[object, ...]:
        return (
            periods.parse(s.month).label,
            s.held_on.isoformat(),
            s.place,
            s.reviewer_name,
            s.attendees,
            self.tr(s.status_name),
            s.approved,
            s.rejected,
            s.pending,
        )

    def _show_overdue(self) -> None:
        months = "、".join(
            self.tr("{0} {1} 条").format(periods.parse(month).label, count)
            for month, count in self.overdue.items()
        )
        self.banner.setText(self.tr("逾期未审核：{0}。请开审核会审核这些记录。").format(months))
        self.banner.setVisible(bool(self.overdue))

    def _first_open(self) -> str | None:
        return next((s.id for s in self.sessions if s.status == "open"), None)

    def focus_first(self) -> None:
        """Opened from the left bar: the keys go to the pending list (↑↓, A, R)."""
        self.panel.table.setFocus()

    def current_session(self) -> SessionInfo | None:
        row = self.table.currentRow()
        return self.sessions[row] if 0 <= row < len(self.sessions) else None

    def select_session(self, session_id: str | None) -> None:
        """Pick a session (or else the latest) and show it below."""
        ids = [s.id for s in self.sessions]
        row = ids.index(session_id) if session_id in ids else 0 if ids else -1
        self._select_row(row)
        self.panel.show_session(self.sessions[row] if row >= 0 else None)
        self.minutes_button.setEnabled(row >= 0)

    def _select_row(self, row: int) -> None:
        """The row picked (none for -1), quietly: the caller shows the session."""
        self.table.blockSignals(True)
        self.table.clearSelection()
        if row >= 0:
            self.table.selectRow(row)
        self.table.blockSignals(False)

    def _session_picked(self) -> None:
        self.panel.show_session(self.current_session())
        self.minutes_button.setEnabled(self.current_session() is not None)

    def print_minutes(self) -> None:
        """打印会议记录…: the 审核会议记录 of the session picked, previewed before printing."""
        if (session := self.current_session()) is not None:
            printouts.minutes(self, self.ctx, session.id)

    # -- acting ------------------------------------------------------------------------------

    def open_session(self) -> None:
        dialog = self.dialog = OpenSessionDialog(self.ctx, self.overdue, self)
        dialog.accepted.connect(lambda: self._opened(dialog.value))
        dialog.open()

    def _opened(self, session: SessionInfo) -> None:
        self.select_session(session.id)
        self.panel.table.setFocus()
