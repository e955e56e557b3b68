"""The 积分细则 tab's dialogs: add or edit a rule item, add or rename a category. Each calls the
rule service when 保存 is pressed; a refusal is shown under the field it names and the dialog
stays open with everything typed. Saving an edit changes only what is recorded from now on.
Also the two small layout helpers the tab and its dialogs share (``row``, ``column``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.rules import (
    APPLIES_NAMES,
    CAP_NAMES,
    DIRECTION_NAMES,
    CategoryInfo,
    RuleInfo,
)
from jifen_desktop.model.tx import Op
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.form_dialog import FormDialog
from jifen_desktop.ui.forms import hint, row
from jifen_desktop.ui.type_size import px

MAX_POINTS = 10000
EDIT_NOTE = "保存后只影响以后的录入，已经录入的记录仍按原来的名称和分值。"

# Why a special item's direction (and points) cannot be changed here.
KIND_NOTES = {
    "base": "这是基础分细则：不会自动记入，每年由管理员在“村信息与积分政策”一页点"
    "“发放年度基础分”，发给遵纪守法、无群众反映不良行为的农户（一票否决的户默认不发），只能是加分。"
    "分值以“村信息与积分政策”一页的基础分为准（本村现为 {0} 分），请在那里修改。",
    "false_declaration": "这是弄虚作假细则：查实后撤销原记录，再扣除原记录分值的两倍，"
    "只能是扣分，分值由程序计算。",
    "veto": "这是一票否决细则：在规定期限内仍可积分，但不能兑换、不能评优；"
    "只能是扣分，本身不扣分值。",
}


def combo(names: dict[str, str], translate: Any) -> QComboBox:
    box = QComboBox()
    for key, name in names.items():
        box.addItem(translate(name), key)
    return box


class PointsField(QWidget):
    """最低分 至 最高分, or one number when 固定分值 is ticked (both ends equal)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.low = QSpinBox()
        self.high = QSpinBox()
        for spin in (self.low, self.high):
            spin.setRange(0, MAX_POINTS)
            spin.setSuffix(self.tr(" 分"))
        self.to = QLabel(self.tr("至"))
        self.fixed = QCheckBox(self.tr("固定分值"))
        self.fixed.setToolTip(self.tr("固定分值：录入时按这个分值记；不固定：录入人在范围内选分值"))
        self.hint = hint("")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row(self.low, self.to, self.high, self.fixed, None))
        layout.addWidget(self.hint)
        self.fixed.toggled.connect(self._fixed_toggled)
        self.low.valueChanged.connect(self._low_changed)
        self.set_points(0, 0)

    def set_points(self, low: int, high: int) -> None:
        self.low.setValue(low)
        self.high.setValue(high)
        self.fixed.setChecked(low == high)
        self._fixed_toggled(low == high)

    def points(self) -> tuple[int, int]:
        low = self.low.value()
        return low, low if self.fixed.isChecked() else self.high.value()

    def _fixed_toggled(self, fixed: bool) -> None:
        self.to.setVisible(not fixed)
        self.high.setVisible(not fixed)
        self.hint.setText(
            self.tr("录入时按这个分值记；取消“固定分值”可改为一个分值范围。")
            if fixed
            else self.tr("录入人在最低分和最高分之间选分值，如“加10-100分”。")
        )
        if fixed:
            self.high.setValue(self.low.value())

    def _low_changed(self, value: int) -> None:
        if self.fixed.isChecked():
            self.high.setValue(value)


class RuleDialog(FormDialog):
    """新增细则, or 修改 an existing item (``rule`` given)."""

    def __init__(
        self,
        ctx: AppContext,
        rule: RuleInfo | None = None,
        category_code: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self.rule = rule
        title = self.tr("修改细则 {0}").format(rule.code) if rule else self.tr("新增细则")
        super().__init__(ctx, title, parent)
        self.setMinimumWidth(px(680))  # the longest template names fit in the name field
        self.category = self.add_field("category", self.tr("类别"), QComboBox(), "category_code")
        for c in ctx.ledger.rules.categories(ctx.village_id):
            self.category.addItem(f"{c.code} {c.name}", c.code)
        self.code = QLineEdit()
        if rule is None:
            self.add_field("code", self.tr("编号"), self.code)
            self.code.setPlaceholderText(self.tr("字母开头，如 B20"))
        self.name = self.add_field("name", self.tr("名称"), QLineEdit())
        self.direction = self.add_field(
            "direction", self.tr("加分或扣分"), combo(DIRECTION_NAMES, self.tr)
        )
        self.points = self.add_field(
            "points", self.tr("分值"), PointsField(), "points_min", "points_max"
        )
        self.period_cap = self.add_field(
            "period_cap", self.tr("限次"), combo(self._cap_choices(), self.tr)
        )
        self.applies_to = self.add_field(
            "applies_to", self.tr("适用于"), combo(APPLIES_NAMES, self.tr)
        )
        self.evidence_required = QCheckBox(self.tr("需要证据（照片或材料）"))
        self.counts_people = QCheckBox(self.tr("按人数计分（分值为每人的分，录入时填人数）"))
        for box in (self.evidence_required, self.counts_people):
            self.form.addRow("", box)
        self.source = self.add_field("source", self.tr("依据"), QLineEdit())
        self.source.setPlaceholderText(self.tr("如 村规民约第5条，可不填"))
        if rule is None:
            self.category.setCurrentIndex(max(0, self.category.findData(category_code)))
            self.points.set_points(5, 5)
            self.code.setFocus()
        else:
            self._fill(rule)
            self.form.addRow("", hint(self.tr(EDIT_NOTE)))
            self.name.setFocus()

    def _cap_choices(self) -> dict[str, str]:
        return {key: name if key == "each" else f"{name}一次" for key, name in CAP_NAMES.items()}

    def _fill(self, rule: RuleInfo) -> None:
        self.category.setCurrentIndex(max(0, self.category.findData(rule.category_code)))
        self.name.setText(rule.name)
        self.name.setCursorPosition(0)
        self.direction.setCurrentIndex(self.direction.findData(rule.direction))
        self.points.set_points(rule.points_min, rule.points_max)
        self.period_cap.setCurrentIndex(self.period_cap.findData(rule.period_cap))
        self.applies_to.setCurrentIndex(self.applies_to.findData(rule.applies_to))
        self.evidence_required.setChecked(rule.evidence_required)
        self.counts_people.setChecked(rule.counts_people)
        self.source.setText(rule.source)
        if rule.kind in KIND_NOTES:
            why = self.tr(KIND_NOTES[rule.kind]).format(self.ctx.village.base_points)
            for widget in (self.direction, self.points.low, self.points.high, self.points.fixed):
                widget.setEnabled(False)
                widget.setToolTip(why)
            self.points.hint.setText(why)

    def values(self) -> dict[str, Any]:
        low, high = self.points.points()
        return {
            "category_code": self.category.currentData(),
            "name": self.name.text().strip(),
            "direction": self.direction.currentData(),
            "points_min": low,
            "points_max": high,
            "period_cap": self.period_cap.currentData(),
            "applies_to": self.applies_to.currentData(),
            "evidence_required": self.evidence_required.isChecked(),
            "counts_people": self.counts_people.isChecked(),
            "source": self.source.text().strip(),
        }

    def submit(self) -> Op[RuleInfo] | None:
        values = self.values()
        rules, village_id = self.ctx.ledger.rules, self.ctx.village_id
        if self.rule is None:
            return rules.add(
                village_id,
                values.pop("category_code") or "",
                self.code.text().strip(),
                values.pop("name"),
                values.pop("direction"),
                values.pop("points_min"),
                values.pop("points_max"),
                **values,
            )
        old = self.rule
        changed = {k: v for k, v in values.items() if v != getattr(old, k)}
        if not changed:
            self.reject()
            return None
        return rules.update(village_id, old.code, **changed)


class CategoryDialog(FormDialog):
    """新增类别 (code and name), or rename an existing one (``category`` given)."""

    def __init__(
        self, ctx: AppContext, category: CategoryInfo | None = None, parent: QWidget | None = None
    ) -> None:
        self.category = category
        title = (
            self.tr("类别改名：{0} {1}").format(category.code, category.name)
            if category
            else self.tr("新增类别")
        )
        super().__init__(ctx, title, parent)
        self.code = QLineEdit()
        if category is None:
            self.add_field("code", self.tr("类别代码"), self.code)
            self.code.setPlaceholderText(self.tr("字母开头，如 G"))
        self.name = self.add_field("name", self.tr("类别名称"), QLineEdit())
        self.name.setPlaceholderText(self.tr("如 村规民约类"))
        if category is None:
            self.code.setFocus()
        else:
            self.name.setText(category.name)
            self.name.selectAll()
            self.name.setFocus()
            self.form.addRow("", hint(self.tr("改名不影响已录入的记录。")))

    def submit(self) -> Op[CategoryInfo] | None:
        rules, village_id = self.ctx.ledger.rules, self.ctx.village_id
        if self.category is None:
            return rules.add_category(village_id, self.code.text(), self.name.text())
        if self.name.text().strip() == self.category.name:
            self.reject()
            return None
        return rules.rename_category(village_id, self.category.code, self.name.text())
