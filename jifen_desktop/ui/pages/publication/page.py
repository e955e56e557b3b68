"""公示: a quarter's publication for the whole village or one grid. Choose the quarter (the last
one that has ended first) and the scope; the page shows the state, the posting period and the
objection contact, the warning about entries still pending, and the buttons of that state
(生成草稿/刷新草稿, 张贴公示…, 定稿…) with a sentence saying why the others do not apply. Below,
in tabs: the snapshot (sortable, with a search box), the 补记 listed apart, and the objections.
The committee (admin, reviewer) acts; everyone else looks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model import periods
from jifen_desktop.model.authz import REVIEW_ROLES
from jifen_desktop.model.calendar.overview import QuarterState
from jifen_desktop.model.calendar.publications import PublicationInfo
from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.tx import Change, Op
from jifen_desktop.ui import messages, printouts, slips_print
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import DONE_STYLE, hint
from jifen_desktop.ui.messages import ERROR_STYLE

from ..base import Page
from .notice_options import NoticeOptionsDialog
from .objections import ObjectionsSection
from .post_dialog import PostDialog
from .steps import Actions, actions, covering, previous_quarter, quarter_choices, state_text
from .tables import LateView, SnapshotView

WARNING_STYLE = "color: #9a5b00; font-weight: bold;"


class PublicationPage(Page):
    key = "publication"
    title_text = "公示"
    shows = Change.CALENDAR | Change.ENTRIES | Change.HOUSEHOLDS | Change.GRIDS

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.pub: PublicationInfo | None = None
        self.dialog: PostDialog | None = None
        self.notice_options: NoticeOptionsDialog | None = None
        self.acting = ctx.can(*REVIEW_ROLES)
        self.quarter = QComboBox()
        self.quarter.setObjectName("quarter")
        self.scope = QComboBox()
        self.scope.setObjectName("scope")
        self.scope.setMinimumWidth(100)
        self.state = QLabel()
        self.state.setObjectName("state")
        self.state.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setObjectName("warning")
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.snapshot = SnapshotView()
        self.late = LateView()
        self.objections = ObjectionsSection(ctx)
        self.tabs = QTabWidget()
        for tab in (self.snapshot, self.late, self.objections):
            self.tabs.addTab(tab, "")
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_choice())
        layout.addLayout(self._build_actions())
        for label in (self.warning, self.message):
            layout.addWidget(label)
        layout.addWidget(self.tabs, 1)
        self._fill_quarters()
        self._fill_scopes()
        self._say("")
        for box in (self.quarter, self.scope):
            box.currentIndexChanged.connect(self._on_choice)

    # -- building ----------------------------------------------------------------------------

    def _build_choice(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        for widget in (QLabel(self.tr("季度")), self.quarter, QLabel(self.tr("范围")), self.scope):
            bar.addWidget(widget)
        bar.addSpacing(16)
        bar.addWidget(self.state, 1)
        return bar

    def _build_actions(self) -> QHBoxLayout:
        self.draft_button = QPushButton(self.tr("生成草稿"))
        self.draft_button.setObjectName("draft")
        self.post_button = QPushButton(self.tr("张贴公示…"))
        self.post_button.setObjectName("post")
        self.finalise_button = QPushButton(self.tr("定稿…"))
        self.finalise_button.setObjectName("finalise")
        self.print_button = QPushButton(self.tr("打印公示表…"))
        self.print_button.clicked.connect(self.print_notice)
        self.slips_button = QPushButton(self.tr("打印积分通知单…"))
        self.slips_button.setObjectName("slips")
        self.slips_button.setToolTip(self.tr("张贴后发到各户：一户一张，每页 4 张，沿虚线剪开"))
        self.slips_button.clicked.connect(self.print_slips)
        self.explanation = hint("")
        self.explanation.setObjectName("explanation")
        bar = QHBoxLayout()
        for button, slot in (
            (self.draft_button, self.draft),
            (self.post_button, self.post),
            (self.finalise_button, self.finalise),
        ):
            button.clicked.connect(slot)
            button.setVisible(self.acting)
            bar.addWidget(button)
        bar.addWidget(self.explanation, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.slips_button)
        return bar

    def print_notice(self) -> None:
        """打印公示表…: paper, orientation and grids chosen, then the 季度公示表 of the
        publication shown, previewed before printing."""
        pub = self.pub
        if pub is None:
            return
        dialog = self.notice_options = NoticeOptionsDialog(self.ctx, pub, self)
        dialog.accepted.connect(
            lambda: printouts.notice(self, self.ctx, pub.id, options=dialog.options())
        )
        dialog.open()

    def print_slips(self) -> None:
        """打印积分通知单…: one slip per household of the publication shown, previewed."""
        if self.pub is not None:
            slips_print.slips(self, self.ctx, self.pub.id)

    def _fill_quarters(self) -> None:
        today = dt.date.today()
        published = {p.quarter for p in self.ctx.ledger.publications.list(self.ctx.village_id)}
        self.quarter.blockSignals(True)
        for period in quarter_choices(today, published):
            self.quarter.addItem(period.label, period.key)
        self.quarter.setCurrentIndex(self.quarter.findData(previous_quarter(today).key))
        self.quarter.blockSignals(False)

    def _fill_scopes(self) -> None:
        chosen = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem(self.tr("全村"), None)
        for grid in self.ctx.ledger.villages.grids(self.ctx.village_id):
            self.scope.addItem(grid.name, grid.id)
        self.scope.setCurrentIndex(max(0, self.scope.findData(chosen)))
        self.scope.blockSignals(False)

    # -- showing -----------------------------------------------------------------------------

    @property
    def period(self) -> periods.Period:
        return periods.parse(self.quarter.currentData())

    def _on_choice(self) -> None:
        self._say("")
        self.refresh()

    def refresh(self) -> None:
        self._fill_scopes()
        publications = self.ctx.ledger.publications.list(self.ctx.village_id)
        self._label_quarters(publications)
        key, grid_id = self.quarter.currentData(), self.scope.currentData()
        self.pub = next(
            (p for p in publications if p.quarter == key and p.grid_id == grid_id), None
        )
        self._show_state(covering(publications, key, grid_id))
        self._show_tables()

    def _label_quarters(self, publications: list[PublicationInfo]) -> None:
        """Each quarter's label with its state (of the least advanced of its publications)."""
        for i in range(self.quarter.count()):
            key = self.quarter.itemData(i)
            state = QuarterState(key, tuple(p for p in publications if p.quarter == key))
            self.quarter.setItemText(i, self._quarter_label(state))

    def _quarter_label(self, state: QuarterState) -> str:
        """The quarter's name, with its state once it has a publication: 2024年第3季度（公示中）."""
        if not state.publications:
            return state.label
        return state.label + self.tr("（{0}）").format(self.tr(state.status_name))

    def _show_state(self, covered: PublicationInfo | None) -> None:
        pub, today = self.pub, dt.date.today()
        offer = actions(pub, self.period, today, covered)
        self.state.setText(state_text(pub))
        self.warning.setText(pub.warning if pub and pub.status == "draft" else "")
        self.warning.setVisible(bool(self.warning.text()))
        self._offer_buttons(offer, pub)
        self.explanation.setText(self._explanation(offer))

    def _offer_buttons(self, offer: Actions, pub: PublicationInfo | None) -> None:
        """The buttons of what may be done now: 生成草稿, 张贴公示, 定稿 and the printouts."""
        self.draft_button.setText(offer.draft_text)
        self.draft_button.setEnabled(offer.draft)
        self.post_button.setEnabled(offer.post)
        self.finalise_button.setEnabled(offer.finalise)
        self.print_button.setEnabled(pub is not None)
        self.slips_button.setEnabled(pub is not None and pub.status != "draft")

    def _explanation(self, offer: Actions) -> str:
        if self.acting:
            return offer.explanation
        return offer.explanation + self.tr("公示和异议由管理员或审核人办理，这里只能查看。")

    def _show_tables(self) -> None:
        pub, ledger = self.pub, self.ctx.ledger
        lines = ledger.publications.lines(pub.id) if pub else []
        late = ledger.publications.late_entries(pub.id) if pub else []
        self.snapshot.show_lines(lines)
        self.late.show_lines(late)
        self.objections.show_publication(pub, lines)
        self.tabs.setTabText(0, self.tr("公示表（{0} 户）").format(len(lines)))
        self.tabs.setTabText(1, self.tr("补记（{0} 条）").format(len(late)))
        self.tabs.setTabText(2, self._objections_tab_text(pub))

    def _objections_tab_text(self, pub: PublicationInfo | None) -> str:
        """异议's tab: the open ones when there are any, else all of them."""
        waiting = pub.open_objections if pub else 0
        if waiting:
            return self.tr("异议（{0} 件待处理）").format(waiting)
        return self.tr("异议（{0} 件）").format(pub.objections if pub else 0)

    def _say(self, text: str, style: str = "") -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)
        self.message.setVisible(bool(text))

    # -- acting ------------------------------------------------------------------------------

    def _run(self, call: Callable[[], Op[Any]], done: Callable[[Any], str]) -> None:
        """Call a service, broadcast what changed and say what was done, or its refusal."""
        try:
            value = self.ctx.apply(call())
        except DomainError as error:
            self._say(error.message, ERROR_STYLE)
            return
        self._say(done(value), DONE_STYLE)

    def draft(self) -> None:
        key, grid_id = self.period.key, self.scope.currentData()
        self._run(
            lambda: self.ctx.ledger.publications.draft(self.ctx.village_id, key, grid_id),
            lambda pub: self.tr("已生成草稿（第 {0} 版）：共 {1} 户。请核对后再张贴公示。").format(
                pub.version, pub.households
            ),
        )

    def post(self) -> None:
        if self.pub is None:
            return
        dialog = self.dialog = PostDialog(self.ctx, self.pub, self)
        dialog.accepted.connect(lambda: self._say(self._posted_text(dialog), DONE_STYLE))
        dialog.open()

    def _posted_text(self, dialog: PostDialog) -> str:
        value = dialog.value
        return self.tr("已张贴公示：公示期 {0} 至 {1}，异议联系人 {2}。").format(
            value.posting_start, value.posting_end, value.contact
        )

    def finalise(self) -> None:
        pub = self.pub
        if pub is None or not self._may_finalise(pub):
            return
        self._run(
            lambda: self.ctx.ledger.publications.finalise(pub.id),
            lambda done: self.tr("{0}已定稿。").format(done.label),
        )

    def _may_finalise(self, pub: PublicationInfo) -> bool:
        """The admin's yes to 定稿, told that a finalised quarter takes only 补记 from then on."""
        text = self.tr("把{0}定稿？定稿后不能重新公示，以后发现的错误或漏记只能按补记录入。")
        return messages.confirm(self, self.tr("定稿"), text.format(pub.label))
