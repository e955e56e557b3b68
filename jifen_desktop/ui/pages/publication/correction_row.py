"""One entry an upheld objection records: a tick, the rule (type-ahead by code, name or pinyin),
optionally the day it happened, and the points (the rule's own for a fixed rule, typed within
its range otherwise). It turns into an ``EntryDraft`` and into words for the plan the dialog
shows before anything is saved."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.rules import RuleInfo
from jifen_desktop.ui.completers import RulePicker
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.entry_fields import PointsEdit


def tr(text: str) -> str:
    return QCoreApplication.translate("ResolveObjectionDialog", text)


class CorrectionRow(QWidget):
    """``changed`` fires whenever what the row would record may have changed."""

    changed = Signal()

    def __init__(
        self, ctx: AppContext, tick_text: str, day: QDateEdit | None = None, *, field: str
    ) -> None:
        super().__init__()
        self.field = field
        self.tick = QCheckBox(tick_text)
        self.rule = RulePicker(ctx)
        self.rule.applies_to = None  # a unit objects too; the model checks the rule fits
        self.day = day
        self.points = PointsEdit()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tick)
        layout.addWidget(self.rule, 1)
        if day is not None:
            layout.addWidget(day)
            day.dateChanged.connect(lambda _d: self.changed.emit())
        layout.addWidget(self.points)
        self.rule.picked.connect(self._show_rule)
        self.rule.cleared.connect(lambda: self._show_rule(None))
        self.points.textEdited.connect(lambda _t: self.changed.emit())
        self.tick.toggled.connect(self._on_tick)
        self._on_tick(False)

    @property
    def wanted(self) -> bool:
        return self.isEnabled() and self.tick.isChecked()

    def _on_tick(self, ticked: bool) -> None:
        for widget in (self.rule, self.points, self.day):
            if widget is not None:
                widget.setEnabled(ticked)
        self.changed.emit()

    def _show_rule(self, rule: RuleInfo | None) -> None:
        self.points.show_rule(rule)
        self.changed.emit()

    def _points(self, rule: RuleInfo) -> int | None:
        """The typed points (None for a fixed rule), refused in this row's own words."""
        try:
            return self.points.value(rule)
        except ValidationError as error:
            raise ValidationError(error.message, field=self.field) from None

    def draft(self, household_id: str, day: dt.date) -> EntryDraft | None:
        """The entry to record (None when not ticked); ``day`` is when it happened."""
        if not self.wanted:
            return None
        rule = self.rule.current
        if rule is None:
            raise ValidationError(
                tr("请选择细则：输入编号、名称或拼音首字母，再从列表里选。"), field=self.field
            )
        return EntryDraft(household_id, rule.code, day, points=self._points(rule))

    def describe(self) -> str:
        """``B05 参与志愿者服务活动 +5分``, or what is still missing."""
        rule = self.rule.current
        if rule is None:
            return tr("（还没选细则）")
        try:
            points = self._points(rule)
        except ValidationError:
            points = None
        if points is None and not rule.fixed:
            return tr("{0} {1}（还没填分值）").format(rule.code, rule.name)
        value = rule.sign * rule.points_min if points is None else points
        return tr("{0} {1} {2:+d}分").format(rule.code, rule.name, value)
