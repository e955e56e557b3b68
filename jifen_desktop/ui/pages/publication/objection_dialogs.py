"""The objection dialogs. 登记异议: the household (only those on the notice), optionally the
disputed entry of that household in the quarter, what is disputed, the day it was received and
who received it. 处理异议: 成立 with the corrections it makes (reverse the disputed entry, record
the right one in its place, record what was missed), said in words and asked about before it
is saved, or 不成立 with the reason given to the household."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from jifen_desktop.model import periods
from jifen_desktop.model.calendar.objections import ObjectionInfo
from jifen_desktop.model.calendar.publications import PublicationInfo
from jifen_desktop.model.calendar.snapshot import SnapshotLine
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.entry_queries import EntryInfo
from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.tx import Op
from jifen_desktop.ui import messages
from jifen_desktop.ui.completers import TypeAheadEdit
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.form_dialog import FormDialog
from jifen_desktop.ui.forms import date_edit, date_of, row, up_to_today
from jifen_desktop.ui.type_size import px

from .correction_row import CorrectionRow
from .post_dialog import qdate
from .snapshot_model import matches

PICKER_LIMIT = 20


def entry_text(e: EntryInfo) -> str:
    """``2026-08-26 A17 参与赌博、封建迷信活动 -10分``."""
    return f"{e.occurred_on} {e.rule_code} {e.rule_name} {e.points:+d}分"


def happened(e: EntryInfo) -> dt.date:
    """The day an entry really happened: its original date for a 补记."""
    return e.original_on or e.occurred_on


def line_text(line: SnapshotLine) -> str:
    return " ".join(part for part in (line.number, line.head_name, line.grid_name) if part)


class AddObjectionDialog(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        pub: PublicationInfo,
        lines: Sequence[SnapshotLine],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, QCoreApplication.translate("AddObjectionDialog", "登记异议"), parent)
        self.pub = pub
        self.form.addRow(self.tr("公示"), QLabel(pub.label))
        self.household = self.add_field(
            "household",
            self.tr("提出异议的户"),
            TypeAheadEdit(
                lambda q: [x for x in lines if matches(x, q)][:PICKER_LIMIT],
                line_text,
                empty_text=self.tr("公示表上没有这一户"),
            ),
        )
        self.household.setPlaceholderText(self.tr("输入户号、户主或拼音首字母，如 wjg"))
        self.entry = self.add_field("entry", self.tr("针对的记录"), QComboBox())
        self.content = self.add_field("content", self.tr("异议内容"), QLineEdit())
        self.content.setPlaceholderText(self.tr("如 扣分那天在外地务工，不在家"))
        self.received = self.add_field(
            "received_on", self.tr("受理日期"), date_edit(min(dt.date.today(), pub.posting_end))
        )
        self.received.setToolTip(
            self.tr("公示期 {0} 至 {1}").format(pub.posting_start, pub.posting_end)
        )
        self.handler = self.add_field(
            "handler", self.tr("经办人"), QLineEdit(ctx.actor.display_name)
        )
        self.household.picked.connect(self._show_entries)
        self.household.picked.connect(self._household_chosen)
        self.household.cleared.connect(lambda: self._show_entries(None))
        self.household.confirmed.connect(self.entry.setFocus)
        self._show_entries(None)
        self.ok_button.setText(self.tr("登记"))
        self.household.setFocus()  # typing the household is where registering starts
        self.household.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Enter in the empty household box (which would do nothing there) says under it that
        a household is needed."""
        if (
            watched is self.household
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not self.household.text().strip()
        ):
            self.accept()  # refused by ``submit``: the error goes under the household
            return True
        return super().eventFilter(watched, event)

    def _household_chosen(self) -> None:
        """The refusal for a missing household goes once one is chosen."""
        error = self.findChild(QLabel, "error_household")
        if error is not None:
            error.clear()
            error.hide()

    def _show_entries(self, line: SnapshotLine | None) -> None:
        self.entry.clear()
        self.entry.addItem(self.tr("（不针对某条记录，对总分有异议）"), None)
        for e in self._entries(line):
            self.entry.addItem(entry_text(e), e.id)
        self.entry.setEnabled(self.entry.count() > 1)

    def _entries(self, line: SnapshotLine | None) -> list[EntryInfo]:
        """The household's approved entries of the quarter that a reversal could still undo."""
        if line is None:
            return []
        found = self.ctx.ledger.entries.list(
            self.ctx.village_id,
            household_id=line.household_id,
            period=periods.parse(self.pub.quarter),
            status="approved",
            order="oldest",
        )
        return [e for e in found if e.kind != "reversal" and not e.reversed]

    def submit(self) -> Op[Any]:
        line = self.household.current
        if line is None:
            raise ValidationError(
                self.tr("请先选择提出异议的户：输入后从列表里选。"), field="household"
            )
        return self.ctx.ledger.objections.add(
            self.pub.id,
            line.household_id,
            self.content.text(),
            received_on=date_of(self.received),
            entry_id=self.entry.currentData(),
            handler=self.handler.text(),
        )


class ResolveObjectionDialog(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        objection: ObjectionInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx, QCoreApplication.translate("ResolveObjectionDialog", "处理异议"), parent
        )
        self.objection = objection
        self.quarter = periods.parse(objection.quarter)
        self.disputed = ctx.ledger.entries.get(objection.entry_id) if objection.entry_id else None
        self._add_summary()
        self._add_outcome()
        self.reason = self.add_field("reason", self.tr("理由"), QLineEdit())
        self.reason.setPlaceholderText(self.tr("如 经网格员核实，当天确在外地"))
        self._add_corrections()
        self.day = self.add_field("on", self.tr("处理日期"), date_edit())
        up_to_today(self.day)
        self._add_plan()
        for button in (self.upheld, self.dismissed):
            button.toggled.connect(self._update)
        self.day.dateChanged.connect(self._update)
        self.ok_button.setText(self.tr("确定"))
        self.setMinimumWidth(px(720))
        self._update()

    def _add_summary(self) -> None:
        o = self.objection
        self.form.addRow(self.tr("户"), QLabel(f"{o.household_number} {o.household_name}"))
        self.form.addRow(self.tr("异议内容"), self._content_label())
        about = o.entry_label or self.tr("（没有指明记录，对总分有异议）")
        self.form.addRow(self.tr("针对的记录"), QLabel(about))

    def _content_label(self) -> QLabel:
        """What the household disputes, when it was received and by whom."""
        o = self.objection
        text = self.tr("{0}（{1} 受理，经办人 {2}）").format(o.content, o.received_on, o.handler)
        content = QLabel(text)
        content.setWordWrap(True)
        return content

    def _add_outcome(self) -> None:
        """处理结果: 成立 or 不成立."""
        self.upheld = QRadioButton(self.tr("成立：按下面勾选的更正"))
        self.upheld.setObjectName("upheld")
        self.dismissed = QRadioButton(self.tr("不成立：不更正，把理由答复农户"))
        self.dismissed.setObjectName("dismissed")
        self.form.addRow(self.tr("处理结果"), row(self.upheld, self.dismissed, None))

    def _add_plan(self) -> None:
        """将会: what saving will record, in words (``plan_text``)."""
        self.plan = QLabel()
        self.plan.setObjectName("plan")
        self.plan.setWordWrap(True)
        self.form.addRow(self.tr("将会"), self.plan)

    def _add_corrections(self) -> None:
        self.reverse = self.add_field(
            "entry", self.tr("冲正"), QCheckBox(self.tr("冲正该记录（抵消它的分数）"))
        )
        self.reverse.setObjectName("reverse")
        self.reverse.setEnabled(self.disputed is not None)
        if self.disputed is None:
            self.reverse.setText(self.tr("冲正该记录（这件异议没有指明记录，不能冲正）"))
        self.replacement = self.add_field(
            "replacement",
            self.tr("正确的记录"),
            CorrectionRow(self.ctx, self.tr("另记一条"), field="replacement"),
        )
        self.missed_day = self._missed_day_edit()
        self.missing = self.add_field(
            "missing",
            self.tr("漏记的事项"),
            CorrectionRow(self.ctx, self.tr("补记一条"), self.missed_day, field="missing"),
        )
        self.reverse.toggled.connect(self._update)
        for correction in (self.replacement, self.missing):
            correction.changed.connect(self._update)

    def _missed_day_edit(self) -> QDateEdit:
        """The day the missed deed happened: within the published quarter."""
        edit = date_edit(min(self.quarter.end, dt.date.today()))
        edit.setDateRange(qdate(self.quarter.start), qdate(self.quarter.end))
        edit.setToolTip(self.tr("漏记的事情发生在哪一天（公示季度内）"))
        return edit

    def _update(self) -> None:
        upheld = self.upheld.isChecked()
        self.reverse.setEnabled(upheld and self.disputed is not None)
        self.replacement.setEnabled(upheld and self.reverse.isChecked())
        self.missing.setEnabled(upheld)
        self.plan.setText(self.plan_text())
        if self.isVisible():
            self.grow()  # a second correction adds lines to 将会

    def plan_text(self) -> str:
        """What saving will record, in words."""
        if self.dismissed.isChecked():
            return self.tr("异议不成立：不改动任何记录，理由写入处理结果，用来答复农户。")
        if not self.upheld.isChecked():
            return self.tr("请先选择异议成立还是不成立。")
        said = self._corrections_said()
        if not said:
            return self.tr("请勾选要做的更正：冲正该记录（可另记正确的），或补记漏记的事项。")
        return "\n".join(said) + "\n" + self._late_said()

    def _corrections_said(self) -> list[str]:
        said = []
        if self.reverse.isChecked() and self.reverse.isEnabled() and self.disputed is not None:
            e = self.disputed
            said.append(
                self.tr("冲正 {0}：记一条 {1:+d} 分的冲正记录").format(entry_text(e), -e.points)
            )
            if self.replacement.wanted:
                said.append(
                    self.tr("另记正确的记录 {0}（原日期 {1}）").format(
                        self.replacement.describe(), happened(e)
                    )
                )
        if self.missing.wanted:
            said.append(
                self.tr("补记漏记的 {0}（原日期 {1}）").format(
                    self.missing.describe(), date_of(self.missed_day)
                )
            )
        return said

    def _late_said(self) -> str:
        return self.tr(
            "这些记录直接算作已通过；{0}已公示，它们记作补记，记在 {1}，下一期公示时单独列出。"
        ).format(self.quarter.label, date_of(self.day))

    def _confirm(self, question: str) -> bool:
        return messages.confirm(self, self.tr("异议成立"), question)

    def submit(self) -> Op[Any] | None:
        reason, day = self.reason.text(), date_of(self.day)
        if self.dismissed.isChecked():
            return self.ctx.ledger.objections.dismiss(self.objection.id, reason, on=day)
        if not self.upheld.isChecked():
            raise ValidationError(self.tr("请选择异议成立还是不成立。"))
        reverse = self.reverse.isChecked() and self.reverse.isEnabled()
        replacement, missed = self._drafts()
        # Asked only when the model would go on to save: a missing reason is refused first.
        question = self.plan_text() + self.tr("\n\n更正记录保存后不能删除。确定吗？")
        if reason.strip() and (reverse or missed) and not self._confirm(question):
            return None
        return self.ctx.ledger.objections.uphold(
            self.objection.id,
            reason,
            reverse_entry=reverse,
            replacement=replacement,
            missing=missed,
            on=day,
        )

    def _drafts(self) -> tuple[EntryDraft | None, list[EntryDraft]]:
        """The right entry in place of the disputed one, and the missed one, where ticked."""
        household = self.objection.household_id
        replacement = None
        if self.disputed is not None:
            replacement = self.replacement.draft(household, happened(self.disputed))
        missed = self.missing.draft(household, date_of(self.missed_day))
        return replacement, [missed] if missed else []
