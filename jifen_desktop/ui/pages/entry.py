"""积分录入: the keyboard-first form a 网格员 records one entry with (type-ahead household and rule,
points from the rule, date, member, place, note, evidence photos by button or drag and drop;
Enter moves on and Enter on the last field saves), the recent entries with 撤回 for a pending
one, and the button to the activity batch dialog. The page composes the form, reads it and
saves it; the points and member boxes, the evidence list, the recent entries and the Enter key
have modules of their own (``entry_fields``, ``evidence_box``, ``recent_entries``,
``enter_chain``)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.entry_queries import EntryInfo
from jifen_desktop.model.errors import DomainError, QuarterLocked, ValidationError
from jifen_desktop.model.households import HouseholdInfo
from jifen_desktop.model.members import MemberInfo
from jifen_desktop.model.rules import RuleInfo
from jifen_desktop.model.tx import Change
from jifen_desktop.model.wording import late_mark
from jifen_desktop.ui import messages
from jifen_desktop.ui.completers import HouseholdPicker, RulePicker
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.enter_chain import EnterChain
from jifen_desktop.ui.entry_fields import MemberBox, PointsEdit, points_value
from jifen_desktop.ui.evidence_box import EvidenceBox
from jifen_desktop.ui.forms import DONE_STYLE, date_edit, main_button, up_to_today, with_error_line
from jifen_desktop.ui.forms import date_of as day_of
from jifen_desktop.ui.recent_entries import RecentEntries, describe

from .base import Page

__all__ = ["DONE_STYLE", "EntryPage", "day_of", "points_value"]  # the batch dialog shares these

SOURCE = "recorder"  # what this form records: the recorder's own entry (网格员记录)


class EntryPage(Page):
    key = "entry"
    title_text = "积分录入"
    roles = ("admin", "reviewer", "recorder")
    shows = Change.ENTRIES | Change.HOUSEHOLDS | Change.RULES

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.batch_dialog: QWidget | None = None
        self._build_fields()
        self.errors: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(self._build_form())
        layout.addLayout(self._build_actions())
        self.recent_entries = RecentEntries(ctx)
        self.table = self.recent_entries.table
        self.withdraw_button = self.recent_entries.withdraw_button
        layout.addWidget(self.recent_entries, 1)
        fields = [self.household, self.rule, self.points, self.quantity, self.date, self.member]
        self.enter_chain = EnterChain(self, [*fields, self.place, self.note], self.save)
        self.setAcceptDrops(True)
        self._on_rule(None)
        self._on_household(None)
        self.household.setFocus()

    # -- building ----------------------------------------------------------------------------

    def _build_fields(self) -> None:
        self.household = HouseholdPicker(self.ctx)
        self.household.setObjectName("household")
        self.rule = RulePicker(self.ctx)
        self.rule.setObjectName("rule")
        self.points = PointsEdit()
        self.points_hint = QLabel()
        self.evidence_hint = QLabel()  # what the rule asks for evidence, under the evidence box
        self.evidence_hint.setObjectName("evidence_hint")
        self.evidence_hint.setWordWrap(True)
        self.quantity = QSpinBox()
        self.quantity.setObjectName("quantity")
        self.quantity.setRange(1, 1000)
        self.quantity.setSuffix(self.tr(" 人"))
        self.date = date_edit()
        self.date.setObjectName("occurred_on")
        up_to_today(self.date)
        self.member = MemberBox()
        self.place = QLineEdit()
        self.place.setObjectName("place")
        self.place.setPlaceholderText(self.tr("如 村委会、文化广场（同一次录入会保留）"))
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("做了什么、为什么加减分；按回车保存"))
        for edit in (self.points, self.place, self.note, *self.date.findChildren(QLineEdit)):
            edit.setAcceptDrops(False)
        self.points.textEdited.connect(lambda _t: self._set_error("points", ""))
        self.quantity.valueChanged.connect(lambda _v: self._set_error("quantity", ""))
        self.date.dateChanged.connect(lambda _d: self._set_error("occurred_on", ""))
        self.member.activated.connect(lambda _i: self._set_error("member", ""))
        self.household.picked.connect(self._on_household)
        self.household.cleared.connect(lambda: self._on_household(None))
        self.household.confirmed.connect(lambda: self.enter_chain.advance(self.household))
        self.rule.picked.connect(self._on_rule)
        self.rule.cleared.connect(lambda: self._on_rule(None))
        self.rule.confirmed.connect(lambda: self.enter_chain.advance(self.rule))
        self.evidence = EvidenceBox()

    def _field(self, name: str, *widgets: QWidget, grow: bool = False) -> QWidget:
        """A row of widgets (stretched, or left-aligned) with its red error line underneath."""
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget, 1 if grow else 0)
        if not grow:
            row.addStretch()
        return with_error_line(row, self._error_label(name))

    def _add_row(self, form: QFormLayout, text: str, field: QWidget, buddy: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(buddy)  # Alt+H on 户(H) puts the cursor in the field itself
        form.addRow(label, field)

    def _build_form(self) -> QHBoxLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(6)
        quantity_label = QLabel(self.tr("人数"))
        quantity_label.setContentsMargins(16, 0, 0, 0)
        household = self._field("household", self.household, grow=True)
        self._add_row(form, self.tr("户(&H)"), household, self.household)
        self._add_row(
            form, self.tr("细则(&R)"), self._field("rule", self.rule, grow=True), self.rule
        )
        points_row = self._field(
            "points", self.points, self.points_hint, quantity_label, self.quantity
        )
        self.errors["quantity"] = self.errors["points"]
        form.addRow(self.tr("分值"), points_row)
        self._add_row(form, self.tr("日期(&D)"), self._field("occurred_on", self.date), self.date)
        form.addRow(self.tr("成员"), self._field("member", self.member))
        form.addRow(self.tr("地点"), self._field("place", self.place, grow=True))
        form.addRow(self.tr("说明"), self._field("note", self.note, grow=True))
        evidence_column = QVBoxLayout()
        evidence_column.addWidget(self.evidence, 1)
        evidence_column.addWidget(self.evidence_hint)
        evidence_column.addWidget(self._error_label("evidence"))
        layout = QHBoxLayout()
        layout.addLayout(form, 3)
        layout.addLayout(evidence_column, 2)
        return layout

    def _error_label(self, name: str) -> QLabel:
        self.errors[name] = messages.error_label(name)
        return self.errors[name]

    def _build_actions(self) -> QHBoxLayout:
        self.save_button = QPushButton(self.tr("保存（回车）"))
        self.save_button.setObjectName("save")
        main_button(self.save_button, 5, 24)
        self.save_button.setToolTip(self.tr("在说明一栏按回车，或在任何一栏按 Ctrl+回车，也能保存"))
        self.save_button.clicked.connect(self.save)
        self.batch_button = QPushButton(self.tr("批量登记组织活动…"))
        self.batch_button.clicked.connect(self.open_batch)
        self.sheet_button = QPushButton(self.tr("纸质检查表…"))
        self.sheet_button.setToolTip(self.tr("按网格打印检查表，收回后按表一次登记打的勾"))
        self.sheet_button.clicked.connect(self.open_check_sheet)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.message, 1)
        row.addWidget(self.sheet_button)
        row.addWidget(self.batch_button)
        return row

    # -- what picking fills in -----------------------------------------------------------------

    def _on_household(self, household: HouseholdInfo | None) -> None:
        self._set_error("household", "")
        self.rule.applies_to = household.kind if household is not None else "household"
        self.member.show_members(self._members_of(household))

    def _members_of(self, household: HouseholdInfo | None) -> list[MemberInfo] | None:
        """The household's members to name the doer from; None when no household is picked."""
        if household is None:
            return None
        try:
            return self.ctx.ledger.members.list(household.id)
        except DomainError as exc:
            self._set_error("household", exc.message)
            return []

    def _on_rule(self, rule: RuleInfo | None) -> None:
        self._set_error("rule", "")
        self._set_error("points", "")
        self.points.show_rule(rule)
        self.quantity.setValue(1)
        self.quantity.setEnabled(rule is not None and rule.counts_people)
        self.evidence_hint.setText(self._evidence_hint(rule))
        self.points_hint.setText(self._points_hint(rule))

    def _points_hint(self, rule: RuleInfo | None) -> str:
        if rule is None:
            return ""
        if rule.sign < 0 and not rule.fixed:
            return rule.points_text() + self.tr("，填几分就扣几分")
        return rule.points_text()

    def _evidence_hint(self, rule: RuleInfo | None) -> str:
        """What an evidence-required rule asks of the entry this form records: the village may
        let 网格员记录 go without a photo (``rules.evidence_waived``), a 农户申报 never."""
        if rule is None or not rule.evidence_required:
            return ""
        if self.ctx.ledger.rules.evidence_waived(self.ctx.village_id, SOURCE):
            return self.tr("这一项农户申报须附证明材料；网格员记录可不附。")
        return self.tr("这一项需要证明材料：请添加照片或扫描件。")

    # -- saving ----------------------------------------------------------------------------------

    def draft(self) -> EntryDraft:
        """The form as an ``EntryDraft``; a field the model cannot judge yet raises here."""
        household, rule = self.household.current, self.rule.current
        if household is None:
            raise ValidationError(
                self.tr("请先选户：输入户号、姓名或拼音首字母，再按回车从列表中选。"),
                field="household",
            )
        if rule is None:
            raise ValidationError(
                self.tr("请先选细则：输入编号（如 B05）、名称或拼音首字母，再按回车选。"),
                field="rule",
            )
        return EntryDraft(
            household.id,
            rule.code,
            day_of(self.date),
            points=self.points.value(rule),
            quantity=self.quantity.value(),
            member_id=self.member.currentData(),
            place=self.place.text(),
            note=self.note.text(),
            evidence=self.evidence.paths(),
            source=SOURCE,
        )

    def save(self) -> None:
        self._clear_errors()
        try:
            draft = self.draft()
            try:
                op = self.ctx.ledger.entries.record(self.ctx.village_id, draft)
            except QuarterLocked as locked:
                if not self._ask_late(locked, draft):
                    raise
                draft = dataclasses.replace(draft, late=True)
                op = self.ctx.ledger.entries.record(self.ctx.village_id, draft)
        except DomainError as exc:
            self._show_error(exc)
            return
        entry = self.ctx.apply(op)
        self.message.setStyleSheet(DONE_STYLE)
        self.message.setText(self._saved_text(entry))
        self.reset_form()

    def _saved_text(self, entry: EntryInfo) -> str:
        """已保存 and the entry, with its original date when it was recorded as 补记."""
        late = self.tr("（{0}）").format(late_mark(entry.original_on)) if entry.original_on else ""
        return self.tr("已保存：{0}{1}，等待审核").format(describe(entry), late)

    def _ask_late(self, locked: QuarterLocked, draft: EntryDraft) -> bool:
        """The quarter of the date is published: offer to record it as 补记 instead."""
        question = self.tr(
            "{0}\n\n要按补记录入吗？这条记录将记在今天（本季度），注明原日期 {1}，"
            "下一期公示时单独列出。"
        ).format(locked.message, draft.occurred_on)
        return messages.confirm(self, self.tr("按补记录入"), question)

    def reset_form(self) -> None:
        """Ready for the next entry; the date and place usually repeat, so they stay."""
        self.household.reset()
        self.rule.reset()
        self._on_household(None)
        self._on_rule(None)
        self.note.clear()
        self.evidence.clear()
        self.household.setFocus()

    def _show_error(self, exc: DomainError) -> None:
        field = exc.field if exc.field in self.errors else None
        if field is None:
            self.message.setStyleSheet(messages.ERROR_STYLE)
            self.message.setText(exc.message)
            return
        self._set_error(field, exc.message)
        self.message.setText("")
        self._focus_field(field)

    def _focus_field(self, field: str) -> None:
        """The cursor to the field an error names, to put it right."""
        target = {"occurred_on": self.date, "evidence": self.evidence.add_button}.get(
            field, getattr(self, field, None)
        )
        if isinstance(target, QWidget) and target.isEnabled():
            target.setFocus()

    def _set_error(self, field: str, text: str) -> None:
        label = self.errors.get(field)
        if label is not None:
            label.setText(text)
            label.setVisible(bool(text))

    def _clear_errors(self) -> None:
        for name in self.errors:
            self._set_error(name, "")
        self.message.setText("")

    # -- evidence by drag and drop ---------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self.evidence.takes(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        self._set_error("evidence", self.evidence.drop(event.mimeData()))
        event.acceptProposedAction()

    # -- when the data changed -------------------------------------------------------------------

    def refresh(self) -> None:
        up_to_today(self.date)
        if self.rule.current is not None:
            self._reload_rule()
        self.recent_entries.refresh()

    def _reload_rule(self) -> None:
        """An admin edited the catalog: keep the picked rule but show its new points."""
        typed = self.points.text()
        rule = self._rule_now(self.rule.current.code)
        if rule != self.rule.current:
            self.rule.set_current(rule)
            self._on_rule(rule)
            if rule is not None and not rule.fixed:
                self.points.setText(typed)

    def _rule_now(self, code: str) -> RuleInfo | None:
        """The rule as the catalog has it now; None when it is gone."""
        try:
            return self.ctx.ledger.rules.get(self.ctx.village_id, code)
        except DomainError:
            return None

    def open_batch(self) -> None:
        from jifen_desktop.ui.batch_dialog import BatchDialog

        self.batch_dialog = BatchDialog(self.ctx, self)
        self.batch_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.batch_dialog.open()

    def open_check_sheet(self) -> None:
        from jifen_desktop.ui.check_sheet_dialog import CheckSheetDialog

        self.check_sheet_dialog = CheckSheetDialog(self.ctx, self)
        self.check_sheet_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.check_sheet_dialog.open()
