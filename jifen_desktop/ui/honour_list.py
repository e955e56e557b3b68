"""评先评优 › 荣誉称号: the titles awarded for a period (who, how chosen, the meeting, lifted or
not), with 授予称号… and 撤销… for reviewers and admins, and 打印光荣榜 / 打印奖状 (of the title
chosen, or every title) for everyone."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model import authz
from jifen_desktop.model.calendar.honour_awards import AwardInfo, HonourAwardService
from jifen_desktop.model.households import HouseholdInfo
from jifen_desktop.model.tx import Change, Op

from . import honour_printouts
from .context import AppContext
from .flow_layout import tool_bar
from .form_dialog import FormDialog
from .forms import date_edit, date_of
from .honour_award_dialog import HonourAwardDialog, honour_periods
from .tables import fit_to_contents, read_only_rows

if TYPE_CHECKING:
    from jifen_desktop.model.ledger import Ledger

HEADERS = ("称号", "户号", "户主/单位", "评选依据", "积分", "会议日期", "授予人", "状态")
EVERY_TITLE = "全部称号"


class LiftAwardDialog(FormDialog):
    """撤销 a title from a day, with the reason; the record stays, marked lifted."""

    def __init__(self, ctx: AppContext, award: AwardInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("撤销荣誉称号"), parent)
        self.award = award
        self.ok_button.setText(self.tr("撤销"))
        what = f"{award.household_label}：{award.period_label}“{award.title}”"
        self.form.addRow(self.tr("称号"), QLabel(what))
        self.on = self.add_field("on", self.tr("撤销日期"), date_edit())
        self.reason = self.add_field("reason", self.tr("撤销理由"), QLineEdit())
        self.reason.setPlaceholderText(self.tr("例如：查实弄虚作假，经村民代表会议决定撤销"))
        self.reason.setFocus()

    def submit(self) -> Op[AwardInfo] | None:
        service = HonourAwardService(self.ctx.ledger)
        return service.lift(self.award.id, self.reason.text(), date_of(self.on))


class HonourList(QWidget):
    """The awards of the period chosen, refreshed when the calendar or households change."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.awards: list[AwardInfo] = []
        self.period = QComboBox()
        for label, key in honour_periods(dt.date.today()):
            self.period.addItem(label, key)
        self.title = QComboBox()
        self.period.currentIndexChanged.connect(self.refresh)
        self.award_button = QPushButton(self.tr("授予称号…"))
        self.lift_button = QPushButton(self.tr("撤销…"))
        self.poster_button = QPushButton(self.tr("打印光荣榜…"))
        self.certificates_button = QPushButton(self.tr("打印奖状…"))
        self.award_button.clicked.connect(lambda: self.award())
        self.lift_button.clicked.connect(lambda: self.lift())
        self.poster_button.clicked.connect(lambda: self.print_poster())
        self.certificates_button.clicked.connect(lambda: self.print_certificates())
        acting = ctx.can(*authz.REVIEW_ROLES)
        self.award_button.setVisible(acting)
        self.lift_button.setVisible(acting)
        bar = tool_bar(
            (QLabel(self.tr("期间")), self.period),
            (QLabel(self.tr("打印")), self.title),
            16,
            self.award_button,
            self.lift_button,
            self.poster_button,
            self.certificates_button,
        )
        self.summary = QLabel()
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(t) for t in HEADERS])
        read_only_rows(self.table, single=True, wrap=False)
        fit_to_contents(self.table, len(HEADERS) - 1)
        self.table.itemSelectionChanged.connect(self._enable)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def period_key(self) -> str:
        return str(self.period.currentData())

    def chosen_title(self) -> str | None:
        text = self.title.currentText()
        return None if not text or text == EVERY_TITLE else text

    def refresh(self) -> None:
        service = HonourAwardService(self.ctx.ledger)
        self.awards = service.list(self.ctx.village_id, self.period_key())
        self.table.setRowCount(len(self.awards))
        for i, a in enumerate(self.awards):
            for j, value in enumerate(_cells(a)):
                self.table.setItem(i, j, QTableWidgetItem(value))
        titles = sorted({a.title for a in self.awards if a.in_force})
        kept = self.title.currentText()
        self.title.clear()
        self.title.addItems([EVERY_TITLE, *titles])
        self.title.setCurrentIndex(max(0, self.title.findText(kept)))
        in_force = sum(1 for a in self.awards if a.in_force)
        self.summary.setText(
            self.tr("{0}：授予 {1} 个称号，{2} 户次（已撤销 {3}）").format(
                self.period.currentText(), len(titles), in_force, len(self.awards) - in_force
            )
        )
        self._enable()

    def _enable(self) -> None:
        chosen = self.selected()
        self.lift_button.setEnabled(chosen is not None and chosen.in_force)
        printable = any(a.in_force for a in self.awards)
        self.poster_button.setEnabled(printable)
        self.certificates_button.setEnabled(printable)

    def selected(self) -> AwardInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.awards[rows[0].row()] if rows else None

    def award(self) -> HonourAwardDialog:
        """授予称号…: the dialog, opened (the test drives it from there)."""
        dialog = HonourAwardDialog(self.ctx, self.period_key(), self)
        dialog.open()
        return dialog

    def lift(self) -> LiftAwardDialog | None:
        chosen = self.selected()
        if chosen is None:
            return None
        dialog = LiftAwardDialog(self.ctx, chosen, self)
        dialog.open()
        return dialog

    def print_poster(self, **kw: object) -> None:
        honour_printouts.poster(self, self.ctx, self.period_key(), self.chosen_title(), **kw)  # type: ignore[arg-type]

    def print_certificates(self, **kw: object) -> None:
        honour_printouts.certificates(self, self.ctx, self.period_key(), self.chosen_title(), **kw)  # type: ignore[arg-type]

    def _on_changed(self, changes: Change) -> None:
        if changes & (Change.CALENDAR | Change.HOUSEHOLDS):
            self.refresh()


def titles_text(ledger: Ledger, household: HouseholdInfo) -> str:
    """The household's titles in force, latest first (for its detail): 2026年度十星级文明户、…"""
    awards = HonourAwardService(ledger).list(household.village_id, None, household.id, True)
    return "、".join(a.title_text for a in awards) or "无"


def _cells(a: AwardInfo) -> tuple[str, ...]:
    state = f"{a.lifted_on} 撤销：{a.lift_reason}" if a.lifted_on else "有效"
    return (
        a.title,
        a.household_number,
        a.recipient_name,
        a.basis or a.chosen_name,
        str(a.points),
        str(a.meeting_on),
        a.awarded_by_name,
        state,
    )
