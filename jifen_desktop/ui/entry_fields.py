"""The entry form's fields that follow a pick: the points box that follows the picked rule (the
rule's points, shown and locked, for a fixed rule; typed within its range otherwise) and the
member box that lists the picked household's present members."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.members import MemberInfo
from jifen_desktop.model.rules import RuleInfo


def points_value(text: str, rule: RuleInfo) -> int | None:
    """What the points box means: None for a fixed rule; a typed 20 on a deduction is -20."""
    if rule.fixed:
        return None
    text = text.strip().replace("＋", "+").replace("－", "-")
    if not text:
        return None  # the model then asks for the points in its own words
    try:
        value = int(text)
    except ValueError:
        raise ValidationError(
            QCoreApplication.translate("EntryPage", "分值请填写整数，例如 {0}。").format(
                rule.sign * rule.points_min
            ),
            field="points",
        ) from None
    return -abs(value) if rule.sign < 0 and not text.startswith("+") else value


class PointsEdit(QLineEdit):
    """The points of the entry being typed, as the picked rule allows them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("points")
        self.setMaximumWidth(110)

    def show_rule(self, rule: RuleInfo | None) -> None:
        """Empty for a new pick: the fixed points (read-only), or the range as a placeholder."""
        self.clear()
        self.setReadOnly(rule is not None and rule.fixed)
        self.setStyleSheet("background: #eeeeee;" if self.isReadOnly() else "")
        if rule is None:
            self.setPlaceholderText(self.tr("先选细则"))
        elif rule.fixed:
            self.setText(str(rule.sign * rule.points_min))
        else:
            self.setPlaceholderText(f"{rule.points_min}-{rule.points_max}")

    def value(self, rule: RuleInfo) -> int | None:
        return points_value(self.text(), rule)


class MemberBox(QComboBox):
    """Who in the household did the deed: no one in particular, or one of its present members
    (disabled while there is no household or no member to choose)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("member")
        self.setMinimumWidth(180)

    def show_members(self, members: list[MemberInfo] | None) -> None:
        """``members`` of the picked household, or None while no household is picked."""
        self.clear()
        self.addItem(self.tr("（不指定成员）"), None)
        for m in members or []:
            if m.status == "present":
                self.addItem(self.tr("{0}（{1}）").format(m.name, m.relation), m.id)
        self.setEnabled(members is not None and self.count() > 1)
