"""The row under 设置 › 积分细则's items about the scheme's own text (seed 001 篇7): the village's
switch that lets recorders' own observations (网格员记录、抽检) go without a photo, 加入常用扣分项
(the optional set 常用扣分项（非方案原文）, added knowingly after a question that says what it
is), and 与方案原文对照 (``RuleCompareDialog``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QWidget

from jifen_desktop.model.rule_evidence import SWITCH_TEXT
from jifen_desktop.model.rule_template import optional_set
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.messages import confirm

from .rule_compare_dialog import RuleCompareDialog

Run = Callable[[Callable[[], Any]], Any]  # the section's: call a service, show a refusal


class SeedBar(QWidget):
    def __init__(
        self, ctx: AppContext, run: Run, say: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.run, self.say = ctx, run, say
        self.observations = QCheckBox(self.tr("网格员记录和抽检可不附照片"))
        tip = self.tr("{0}。方案原文要求申报时提供证据（口头反映一律无效）。")
        self.observations.setToolTip(tip.format(SWITCH_TEXT))
        self.optional_button = QPushButton(self.tr("加入常用扣分项…"))
        self.compare_button = QPushButton(self.tr("与方案原文对照…"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.observations, 1)
        layout.addWidget(self.optional_button)
        layout.addWidget(self.compare_button)
        self.observations.clicked.connect(self.switch_observations)
        self.optional_button.clicked.connect(self.add_optional)
        self.compare_button.clicked.connect(self.open_compare)
        self.dialog: RuleCompareDialog | None = None

    def refresh(self) -> None:
        rules, village_id = self.ctx.ledger.rules, self.ctx.village_id
        self.observations.setChecked(rules.observations_without_evidence(village_id))

    def switch_observations(self, allowed: bool) -> None:
        rules, village_id = self.ctx.ledger.rules, self.ctx.village_id
        done = self.run(lambda: rules.set_observations_without_evidence(village_id, allowed))
        if done is None:
            self.refresh()
        else:
            self.say(
                self.tr("已保存：{0}").format(self.tr("允许") if allowed else self.tr("不允许"))
            )

    def add_optional(self) -> None:
        extra = optional_set()
        codes = "、".join(item["code"] for item in extra["items"])
        question = self.tr("加入“{0}”（{1}）？\n\n{2}\n\n加入后在类别 {3} 里，可以逐条修改或停用。")
        if not confirm(
            self,
            self.tr("加入常用扣分项"),
            question.format(extra["name"], codes, extra["note"], extra["code"]),
        ):
            return
        rules, village_id = self.ctx.ledger.rules, self.ctx.village_id
        added = self.run(lambda: rules.add_optional(village_id))
        if added is not None:
            self.say(
                self.tr("已加入常用扣分项 {0} 条").format(added)
                if added
                else self.tr("本村已有全部常用扣分项，没有要加的")
            )

    def open_compare(self) -> None:
        self.dialog = RuleCompareDialog(self.ctx, self)
        self.dialog.finished.connect(self.dialog.deleteLater)
        self.dialog.open()
