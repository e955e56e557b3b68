"""The 审核 page's dialogs: opening a month's review session (month, date, place, attendees,
note) and the reason an entry is not approved (a common reason to pick and/or free text).
Each is a ``FormDialog``: the model's refusal appears under the field it names, and the
dialog stays open with everything typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model import periods
from jifen_desktop.model.entry_queries import EntryInfo
from jifen_desktop.model.tx import Op
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.form_dialog import FormDialog
from jifen_desktop.ui.forms import date_edit, date_of
from jifen_desktop.ui.recent_entries import describe

MONTHS_BACK = 24
COMMON_REASONS = (
    "证据不足",
    "重复申报",
    "经核实未参加",
    "不符合细则要求",
    "所在季度已公示，转补记",
)


def month_key(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


def last_month(today: dt.date) -> str:
    return month_key(today.replace(day=1) - dt.timedelta(days=1))


def month_choices(today: dt.date, extra: Iterable[str] = ()) -> list[str]:
    """This month and the ``MONTHS_BACK`` before it, plus ``extra`` months (overdue ones from
    long ago), the latest first."""
    keys, day = set(extra), today.replace(day=1)
    for _ in range(MONTHS_BACK + 1):
        keys.add(month_key(day))
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return sorted(keys, reverse=True)


class OpenSessionDialog(FormDialog):
    """开审核会: which month is reviewed, when and where the committee meets, who is there."""

    def __init__(
        self,
        ctx: AppContext,
        overdue: Iterable[str] = (),
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(ctx, QCoreApplication.translate("OpenSessionDialog", "开审核会"), parent)
        today = today or dt.date.today()
        self.month = self.add_field("month", self.tr("审核月份"), QComboBox())
        for key in month_choices(today, overdue):
            self.month.addItem(periods.parse(key).label, key)
        self.month.setCurrentIndex(self.month.findData(self._first_due(today, overdue)))
        self.held_on = self.add_field("held_on", self.tr("开会日期"), date_edit(today))
        self.held_on.setMaximumDate(QDate(today.year, today.month, today.day))
        self.place = self.add_field("place", self.tr("地点"), QLineEdit())
        self.place.setPlaceholderText(self.tr("如 村委会会议室"))
        self.attendees = self.add_field("attendees", self.tr("参加人员"), QLineEdit())
        self.attendees.setPlaceholderText(self.tr("如 张书记 李主任 王委员（用空格隔开）"))
        self.note = self.add_field("note", self.tr("备注"), QLineEdit())
        self.ok_button.setText(self.tr("开会"))
        self.month.setFocus()  # the dialog starts on the month, not on 开会

    def _first_due(self, today: dt.date, overdue: Iterable[str]) -> str:
        """The month to review first: the earliest overdue one, else last month if it has
        pending entries, else this month if it has, else last month."""
        late = sorted(overdue)
        if late:
            return late[0]
        pending = self.ctx.ledger.review.pending_months(self.ctx.village_id)
        for key in (last_month(today), month_key(today)):
            if pending.get(key):
                return key
        return last_month(today)

    def submit(self) -> Op[Any]:
        return self.ctx.ledger.review.open(
            self.ctx.village_id,
            self.month.currentData(),
            held_on=date_of(self.held_on),
            place=self.place.text(),
            attendees=self.attendees.text(),
            note=self.note.text(),
        )


class ReasonPicker(QWidget):
    """The common reasons as a numbered column of choices (the number key picks one; the arrow
    keys move between them, Space picks) and a line for anything else or more detail; the
    reason is the choice and the line together."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for number, reason in enumerate(COMMON_REASONS, 1):
            button = QRadioButton(f"&{number} {self.tr(reason)}")
            button.setProperty("reason", self.tr(reason))
            self.group.addButton(button)
            layout.addWidget(button)
        self.detail = QLineEdit()
        self.detail.setPlaceholderText(self.tr("其他理由或补充说明，如 照片看不清是谁"))
        layout.addWidget(self.detail)
        self.setFocusProxy(self.group.buttons()[0])

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        buttons, text = self.group.buttons(), event.text()
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            buttons[int(text) - 1].click()
            buttons[int(text) - 1].setFocus()
        else:
            super().keyPressEvent(event)

    def pick(self, reason: str) -> None:
        for button in self.group.buttons():
            button.setChecked(button.property("reason") == reason)

    def reason(self) -> str:
        checked = self.group.checkedButton()
        picked = str(checked.property("reason")) if checked is not None else ""
        return "：".join(part for part in (picked, self.detail.text().strip()) if part)


class RejectDialog(FormDialog):
    """不通过 one entry at the open session, with the reason the household will be told."""

    def __init__(
        self, ctx: AppContext, session_id: str, entry: EntryInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, QCoreApplication.translate("RejectDialog", "不通过"), parent)
        self.session_id = session_id
        self.entry = entry
        record = QLabel(describe(entry))
        record.setWordWrap(True)
        self.form.addRow(self.tr("记录"), record)
        self.reasons = self.add_field("reason", self.tr("不通过理由"), ReasonPicker())
        self.ok_button.setText(self.tr("不通过"))
        self.reasons.setFocus()

    def submit(self) -> Op[Any]:
        return self.ctx.ledger.review.decide(
            self.session_id, [self.entry.id], "rejected", self.reasons.reason()
        )
