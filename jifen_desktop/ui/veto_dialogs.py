"""一票否决 on the household's page: put a veto on a household for a period (one year by
default), and lift one early. Both ask first and go into the audit log."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from jifen_desktop.model.calendar.vetoes import VetoInfo
from jifen_desktop.model.households import HouseholdInfo
from jifen_desktop.model.tx import Op

from . import messages
from .context import AppContext
from .form_dialog import FormDialog
from .forms import date_edit, date_of

VETO_DAYS = 365


class VetoDialog(FormDialog):
    """一票否决 a household: the reason and the period it lasts."""

    def __init__(
        self, ctx: AppContext, household: HouseholdInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("一票否决：{0}").format(household.label), parent)
        self.household = household
        self.ok_button.setText(self.tr("登记否决"))
        note = QLabel(
            self.tr(
                "否决期内这一户照常记分、照常排名（标“否决”），"
                "但不能评先评优，也不能在积分超市兑换。"
            )
        )
        note.setWordWrap(True)
        self.form.addRow(note)
        self.reason = self.add_field("reason", self.tr("原因"), QLineEdit())
        self.reason.setPlaceholderText(self.tr("查实的违法违规事实，例如：违法建房，拒不整改"))
        today = dt.date.today()
        self.starts_on = self.add_field("starts_on", self.tr("开始日期"), date_edit(today))
        end = today + dt.timedelta(days=VETO_DAYS - 1)
        self.ends_on = self.add_field("ends_on", self.tr("结束日期"), date_edit(end))
        self.reason.setFocus()

    def submit(self) -> Op[VetoInfo] | None:
        start, end = date_of(self.starts_on), date_of(self.ends_on)
        question = self.tr(
            "确定对“{0}”一票否决吗？\n期限：{1} 至 {2}\n原因：{3}\n\n登记后记入审计日志。"
        ).format(self.household.label, start, end, self.reason.text().strip())
        if self.reason.text().strip() and not messages.confirm(self, self.tr("请确认"), question):
            return None
        return self.ctx.ledger.vetoes.add(self.household.id, self.reason.text(), start, end)


class LiftVetoDialog(FormDialog):
    """解除 a veto before its end, from a day, with the reason."""

    def __init__(self, ctx: AppContext, veto: VetoInfo, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            self.tr("解除一票否决：{0} {1}").format(veto.household_number, veto.household_name),
            parent,
        )
        self.veto = veto
        self.ok_button.setText(self.tr("解除"))
        self.form.addRow(self.tr("否决期限"), QLabel(veto.period_text))
        self.form.addRow(self.tr("否决原因"), QLabel(veto.reason))
        self.on = self.add_field("on", self.tr("解除日期"), date_edit())
        self.reason = self.add_field("reason", self.tr("解除理由"), QLineEdit())
        self.reason.setPlaceholderText(self.tr("例如：已整改到位，经村两委研究同意解除"))
        self.reason.setFocus()

    def submit(self) -> Op[VetoInfo] | None:
        return self.ctx.ledger.vetoes.lift(self.veto.id, date_of(self.on), self.reason.text())
