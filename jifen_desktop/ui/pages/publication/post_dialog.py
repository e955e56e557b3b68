"""张贴公示: the posting period (from today for seven days unless changed: the end follows the
start) and whom to contact with objections. It says what posting means before it is done: the
notice no longer changes and the quarter is locked for the households on it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from jifen_desktop.model.calendar.publications import POSTING_DAYS, PublicationInfo
from jifen_desktop.model.tx import Op
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.form_dialog import FormDialog
from jifen_desktop.ui.forms import date_edit, date_of, hint
from jifen_desktop.ui.messages import ERROR_STYLE


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class PostDialog(FormDialog):
    def __init__(self, ctx: AppContext, pub: PublicationInfo, parent: QWidget | None = None):
        super().__init__(ctx, QCoreApplication.translate("PostDialog", "张贴公示"), parent)
        self.pub = pub
        self.form.addRow(self.tr("公示"), QLabel(pub.label))
        self.start = self.add_field("start", self.tr("公示开始"), date_edit())
        self.start.setObjectName("start")
        self.end = self.add_field("end", self.tr("公示结束"), date_edit(self._end_for(None)))
        self.end.setObjectName("end")
        self.start.dateChanged.connect(lambda _d: self._follow_start())
        self.contact = self.add_field("contact", self.tr("异议联系人"), QLineEdit(pub.contact))
        self.contact.setObjectName("contact")
        self.contact.setPlaceholderText(self.tr("如 村委会 王德胜（电话 0710-6123456）"))
        if pub.warning:
            warning = QLabel(pub.warning)
            warning.setWordWrap(True)
            warning.setStyleSheet(ERROR_STYLE)
            self.form.addRow("", warning)
        self.form.addRow(
            "",
            hint(
                self.tr(
                    "张贴后公示表不再改动，本季度对表上各户锁定：以后按原日期的改动都记作补记。"
                    "公示期内可以登记异议；期满、异议处理完后定稿。"
                )
            ),
        )
        self.ok_button.setText(self.tr("张贴"))

    def _end_for(self, start: dt.date | None) -> dt.date:
        return (start or dt.date.today()) + dt.timedelta(days=POSTING_DAYS - 1)

    def _follow_start(self) -> None:
        self.end.setDate(qdate(self._end_for(date_of(self.start))))

    def submit(self) -> Op[Any]:
        return self.ctx.ledger.publications.post(
            self.pub.id, date_of(self.start), date_of(self.end), contact=self.contact.text()
        )
