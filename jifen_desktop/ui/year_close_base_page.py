"""The 年度结转 wizard's base-points page: the new year's 基础分, the households withheld by
default with their reasons (a veto, an earlier choice, a confirmed deduction of a rule the
village marks as disqualifying), a tick to give them anyway, and the village's disqualifying
rules, saved by their own button (the list is then read again)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.year_close import YearCloseStatus

from .forms import hint
from .year_close_pages import checked_table, fill_row, tick_item, ticked, title_label

Save = Callable[[list[str]], bool]


class BasePage(QWidget):
    """4. 新年度基础分: who is withheld and why; 发放 or not this time."""

    def __init__(self, save_rules: Save) -> None:
        super().__init__()
        self.setObjectName("year_close_page_base")
        self.save_rules = save_rules
        self.reasons: dict[str, str] = {}
        self.state = title_label("")
        self.give = QCheckBox(self.tr("结转时发放新年度基础分"))
        self.give.setObjectName("base_give")
        self.give.setChecked(True)
        self.rules = QListWidget()
        self.rules.setObjectName("base_rules")
        self.apply = QPushButton(self.tr("保存扣分项目"))
        self.apply.setObjectName("base_rules_apply")
        self.apply.clicked.connect(lambda: self.save_rules(self.marked_rules()))
        self.table = checked_table(("照发", "户号", "户主", "不发的理由"), "base_table")
        self.empty = hint(self.tr("没有不发的户：待发的户都会发放。"))
        self._lay_out()

    def _lay_out(self) -> None:
        rules = QHBoxLayout()
        rules.addWidget(self.rules, 1)
        rules.addWidget(self.apply, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("新年度基础分")))
        layout.addWidget(self.state)
        layout.addWidget(
            hint(
                self.tr(
                    "基础分发给遵纪守法、无群众反映不良行为的户。一票否决的户默认不发；"
                    "上一年有下面勾选的扣分（已审核通过、没有冲正）的户也不发。"
                    "不发的户和理由记入审计日志；要照发的，在“照发”一栏打勾。"
                )
            )
        )
        layout.addLayout(rules)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.give)

    def marked_rules(self) -> list[str]:
        found = []
        for i in range(self.rules.count()):
            item = self.rules.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                found.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return found

    def show_status(self, status: YearCloseStatus) -> None:
        self.rules.clear()
        for code, name in status.deduct_rules:
            item = QListWidgetItem(f"{code} {name}")
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            marked = code in status.withhold_rules
            item.setCheckState(Qt.CheckState.Checked if marked else Qt.CheckState.Unchecked)
            self.rules.addItem(item)
        rows = min(max(self.rules.count(), 1), 5)  # five rules in view, the rest scroll
        frame = 2 * self.rules.frameWidth() + 4
        self.rules.setFixedHeight(rows * max(self.rules.sizeHintForRow(0), 1) + frame)
        self.table.setRowCount(0)
        base = status.base
        self.state.setText(status.detail("base"))
        self.give.setVisible(base is not None and not status.done("base"))
        self.reasons = dict(base.withhold) if base else {}
        self.empty.setVisible(base is not None and not self.reasons)
        if base is None:
            return
        labels = {c.household_id: (c.number, c.name) for c in base.plan.candidates}
        for household_id, reason in base.withhold.items():
            number, name = labels[household_id]
            fill_row(self.table, tick_item(False, household_id), number, name, reason)

    def withhold(self) -> dict[str, str]:
        """The withhold list less the households ticked to get them anyway."""
        given = set(ticked(self.table))
        return {h: r for h, r in self.reasons.items() if h not in given}
