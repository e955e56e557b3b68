"""The review of one session: its month's pending entries, narrowed by grid, category and text,
decided from the keyboard (Up/Down move, A or Enter 通过, R 不通过 with a reason; the decided row
leaves in place and the next one is picked; a key acts on the entry on screen when it was
pressed, keys pressed before the next row showed are dropped and counted, see ``seen``) or in
bulk for the filtered rows (批量通过, on a worker); 结束审核会; and what the session decided
(本次已决定, the minutes' content). Beside each list, the picked entry in full with its evidence
photos (Space or a double click opens them large).

Only reviewers and admins act, and only at an open session; everyone else sees the lists."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.calendar.review import SessionInfo
from jifen_desktop.model.entry_queries import EntryInfo
from jifen_desktop.model.errors import DomainError, QuarterLocked
from jifen_desktop.model.tx import Op
from jifen_desktop.ui import messages
from jifen_desktop.ui.background import run_in_background
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import DONE_STYLE, hint, main_button
from jifen_desktop.ui.recent_entries import describe

from .beside import DetailSplitter
from .decisions import DecisionsView
from .dialogs import RejectDialog
from .entry_detail import EntryDetail
from .filters import FilterBar
from .pending_model import ITEM, POINTS, PendingModel, ReviewTable

ACT_ROLES = ("admin", "reviewer")


class SessionPanel(QWidget):
    """The lower half of the 审核 page: the pending list and the decisions of one session."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session: SessionInfo | None = None
        self.may_act = ctx.can(*ACT_ROLES)
        self.busy = False
        self.deciding = False  # a decision of this panel is being applied: it updates in place
        self.decided: list[str] | None = []  # decided in place since; None: read all again
        self.said, self.said_ok = "", True
        self.dialog: RejectDialog | None = None
        self.model = PendingModel(self)
        self.table = ReviewTable(self.model)
        self.detail = EntryDetail(ctx)
        self.decisions = DecisionsView(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._pending_tab(), "")
        self.tabs.addTab(self.decisions, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._connect()
        self._update_actions()

    # -- building ----------------------------------------------------------------------------

    def _pending_tab(self) -> QWidget:
        self.filters = FilterBar(self.ctx)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.hint = hint("")
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.filters)
        self.split = DetailSplitter(self.table, self.detail, POINTS + 1, ITEM)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.message)
        layout.addLayout(self._action_bar())
        return tab

    def _action_bar(self) -> QHBoxLayout:
        self.approve_button = QPushButton(self.tr("通过（A）"))
        main_button(self.approve_button, 4, 16)
        self.reject_button = QPushButton(self.tr("不通过（R）…"))
        self.bulk_button = QPushButton(self.tr("批量通过筛选出的记录…"))
        self.close_button = QPushButton(self.tr("结束审核会…"))
        self.act_buttons = (
            self.approve_button,
            self.reject_button,
            self.bulk_button,
            self.close_button,
        )
        bar = QHBoxLayout()
        for button in self.act_buttons[:3]:
            bar.addWidget(button)
            button.setVisible(self.may_act)
        bar.addWidget(self.hint, 1)
        bar.addWidget(self.close_button)
        self.close_button.setVisible(self.may_act)
        return bar

    def _connect(self) -> None:
        self.filters.changed.connect(self.apply_filter)
        self.filters.entered.connect(self._search_entered)
        self._connect_table()
        self._connect_buttons()

    def _connect_table(self) -> None:
        """The table's decision keys, its photo keys and the picked row."""
        self.table.approve_pressed.connect(self.approve)
        self.table.reject_pressed.connect(self.reject)
        self.table.keys_dropped.connect(self._keys_dropped)
        self.table.view_pressed.connect(self.view_evidence)
        self.table.doubleClicked.connect(self.view_evidence)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)

    def _connect_buttons(self) -> None:
        self.approve_button.clicked.connect(lambda: self.approve())
        self.reject_button.clicked.connect(lambda: self.reject())
        self.bulk_button.clicked.connect(self.approve_shown)
        self.close_button.clicked.connect(self.close_session)

    # -- showing -----------------------------------------------------------------------------

    def show_session(self, session: SessionInfo | None) -> None:
        """Show a session (the same one again after a change keeps the picked row, or the row
        where the picked entry was when it has left the list)."""
        self.decided = []
        same = session is not None and self.session is not None and session.id == self.session.id
        picked = self.current_entry() if same else None
        row = self.table.currentIndex().row() if same else 0
        self.session = session
        self._read_lists(session)
        self._after_rows_changed(picked.id if picked else None, row)

    def _read_lists(self, session: SessionInfo | None) -> None:
        """The session's pending entries (with their categories to filter by) and decisions."""
        review = self.ctx.ledger.review
        self.model.set_entries(review.pending(session.id) if session else [])
        self.decisions.show_decisions(session, review.decisions(session.id) if session else [])
        self.filters.set_categories(self.model.categories())

    def apply_filter(self) -> None:
        picked = self.current_entry()
        self.model.set_filter(self.filters.chosen())
        self._after_rows_changed(picked.id if picked else None, 0)

    def show_counts(self, session: SessionInfo) -> None:
        """After this panel's own decisions (the pending list already updated in place): the
        session's figures given, the entries it decided since read (all its decisions when a
        补记 was made), the pending month not."""
        self.session = session
        ledger, decided, self.decided = self.ctx.ledger, self.decided, []
        if decided is None:
            self.decisions.show_decisions(session, ledger.review.decisions(session.id))
        else:
            self.decisions.add_decisions(session, [ledger.entries.get(i) for i in decided])
        self._show_counts()

    def _after_rows_changed(self, entry_id: str | None, row: int) -> None:
        """Pick the entry again, or else the row at ``row`` (the next one after a decision)."""
        found = self.model.row_of(entry_id)
        self._pick(found if found >= 0 else min(row, self.model.rowCount() - 1))
        self._show_detail()
        self._show_counts()

    def _show_counts(self) -> None:
        total = self.model.total
        self.filters.show_count(self.model.rowCount(), total)
        self.tabs.setTabText(0, self.tr("待审核（{0}）").format(total))
        self.tabs.setTabText(
            1, self.tr("本次已决定（{0}）").format(self.decisions.model.rowCount())
        )
        self._update_actions()

    def _pick(self, row: int) -> None:
        if row < 0:
            return
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def _search_entered(self) -> None:
        self.apply_filter()
        self.table.setFocus()

    def current_entry(self) -> EntryInfo | None:
        return self.model.entry_at(self.table.currentIndex().row())

    def _show_detail(self) -> None:
        self.detail.show_entry(self.current_entry())

    def view_evidence(self) -> None:
        """The picked entry's photos, large (Space or a double click on the row)."""
        self.detail.open_viewer(0)

    def _update_actions(self) -> None:
        session = self.session
        can = self.may_act and not self.busy and session is not None and session.status == "open"
        rows = self.model.rowCount() > 0
        for button in self.act_buttons[:3]:
            button.setEnabled(can and rows)
        self.close_button.setEnabled(can)
        self.hint.setText(self._hint_text())

    def _hint_text(self) -> str:
        if not self.may_act:
            return self.tr("只有审核人和管理员可以审核；这里只能查看。")
        if self.session is None:
            return self.tr("还没有审核会：点上面的“开审核会”开始审核。")
        if self.session.status != "open" and not self.model.total:
            return self.tr("这次审核会已结束，本月的记录都已审核。")
        if self.session.status != "open":
            return self.tr("这次审核会已结束，列表里是本月逾期未审的记录；要审核请再开一次审核会。")
        return self.tr("↑↓ 选记录，A/回车 通过，R 不通过，空格 看照片")

    def _say(self, text: str, ok: bool = True) -> None:
        self.said, self.said_ok = text, ok
        self.message.setStyleSheet(DONE_STYLE if ok else messages.ERROR_STYLE)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- deciding ----------------------------------------------------------------------------

    def _open_session(self) -> SessionInfo | None:
        """The session to decide at, when this operator may decide now."""
        session = self.session
        if not self.may_act or self.busy or session is None or session.status != "open":
            return None
        return session

    def _keys_dropped(self, count: int) -> None:
        """Decision keys pressed before the picked row was on screen: say so, under what was
        said last."""
        note = self.tr("刚才有 {0} 次按键是在这一条显示出来之前按的，没有用上：看清这一条再按。")
        said = self.said.split("\n")[0]
        self._say("\n".join(t for t in (said, note.format(count)) if t), self.said_ok)

    def _entry(self, entry_id: str | None) -> EntryInfo | None:
        """The entry a key was pressed for (still in the list), or the picked one."""
        if entry_id is None:
            return self.current_entry()
        return self.model.entry_at(self.model.row_of(entry_id))

    def _decided(self, entry: EntryInfo, op: Op[Any]) -> None:
        """Take the decided entry out of the list in place and pick the next one, then tell
        the rest of the program (this page reads its figures again once the next row shows)."""
        self._take_out(entry)
        self.deciding = True
        try:
            self.ctx.apply(op)
        finally:
            self.deciding = False

    def _take_out(self, entry: EntryInfo) -> None:
        """The decided entry leaves the list; the row that takes its place is picked."""
        if self.decided is not None:
            self.decided.append(entry.id)
        self._after_rows_changed(None, max(self.model.remove(entry.id), 0))

    def approve(self, entry_id: str | None = None) -> None:
        session, entry = self._open_session(), self._entry(entry_id)
        if session is None or entry is None:
            return
        done = self.tr("已通过：{0}")
        try:
            try:
                op = self.ctx.ledger.review.decide(session.id, [entry.id], "approved")
            except QuarterLocked as locked:
                if not self._ask_late(locked):
                    raise
                op = self.ctx.ledger.review.decide(session.id, [entry.id], "late")
                self.decided = None  # a new entry too: the decisions are read again
                done = self.tr("已按补记通过（记在今天，原日期 {1}）：{0}")
        except DomainError as error:
            self._say(error.message, ok=False)
            return
        self._decided(entry, op)
        self._say(done.format(describe(entry), entry.occurred_on))
        self.table.setFocus()

    def _ask_late(self, locked: QuarterLocked) -> bool:
        """The entry's quarter is published: offer to approve it as 补记."""
        question = self.tr(
            "{0}\n\n要按补记通过吗？原记录记为不通过（所在季度已公示，转为补记），"
            "另记一条补记：记在今天，注明原日期，连同证明材料，并在本次审核会通过。"
        ).format(locked.message)
        return messages.confirm(self, self.tr("按补记通过"), question)

    def reject(self, entry_id: str | None = None) -> None:
        session, entry = self._open_session(), self._entry(entry_id)
        if session is None or entry is None:
            return
        dialog = self.dialog = RejectDialog(self.ctx, session.id, entry, self)
        dialog.accepted.connect(lambda: self._rejected(entry, dialog.reasons.reason()))
        dialog.finished.connect(lambda: setattr(self, "deciding", False))
        self.deciding = True  # the dialog applies the decision; the list is updated in place
        dialog.open()

    def _rejected(self, entry: EntryInfo, reason: str) -> None:
        self._take_out(entry)
        self._say(self.tr("不通过：{0}，理由：{1}").format(describe(entry), reason))
        self.table.setFocus()

    def approve_shown(self) -> None:
        session, entries = self._open_session(), self.model.shown_entries()
        if session is None or not entries:
            return
        question = self.tr(
            "通过筛选出的 {0} 条记录（合计 {1:+d} 分）吗？\n通过后计入各户积分，不能撤销，有错只能冲正。"
        ).format(len(entries), sum(e.points for e in entries))
        left = self.model.total - len(entries)
        if left:
            question += self.tr("\n本月另有 {0} 条没有筛选出来，不在其中。").format(left)
        if not messages.confirm(self, self.tr("批量通过"), question):
            return
        review, ids = self.ctx.ledger.review, [e.id for e in entries]

        def work(_progress: Any, _cancel: Any) -> Op[int]:
            return review.decide(session.id, ids, "approved")

        self._set_busy(True)
        self._say(self.tr("正在通过 {0} 条…").format(len(ids)))
        run_in_background(
            self, self.tr("批量通过"), work, self._bulk_done, self._bulk_failed, show_dialog=False
        )

    def _bulk_done(self, op: Op[int]) -> None:
        self._set_busy(False)
        count = self.ctx.apply(op)
        self._say(self.tr("已通过 {0} 条。").format(count))
        self.table.setFocus()

    def _bulk_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, DomainError):
            self._say(error.message, ok=False)
        else:
            messages.show_error(self, error)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_actions()

    def close_session(self) -> None:
        session = self._open_session()
        if session is None:
            return
        session = self.ctx.ledger.review.get(session.id)  # the counts as they are now
        if session.pending:
            question = self.tr(
                "结束{0}吗？\n\n本月还有 {1} 条记录没有审核：结束后它们仍待审核，算作逾期，"
                "要再开一次审核会才能审核。"
            ).format(session.label, session.pending)
        else:
            question = self.tr(
                "结束{0}吗？本月的记录都已审核（通过 {1} 条，不通过 {2} 条）。"
            ).format(session.label, session.approved, session.rejected)
        if not messages.confirm(self, self.tr("结束审核会"), question):
            return
        try:
            self.ctx.apply(self.ctx.ledger.review.close(session.id))
        except DomainError as error:
            self._say(error.message, ok=False)
            return
        self._say(self.tr("{0}已结束。").format(session.label))
