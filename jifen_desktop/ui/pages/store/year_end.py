"""积分超市 › 统计 › 年底清零: the admin's explicit year-end step for a village whose available
points are cleared at year end. It says first how many households would lose how many points,
asks, runs ``store.expire_year`` and says what expired; a second run is reported as already
done (the model changes nothing then). A village that carries points over sees one line saying
so, and where to change it. Other roles do not see the box. The 年度结转 wizard (设置) does the
same step among the others of the year's close; the note says so."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout

from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.store import YearEndResult
from jifen_desktop.ui import messages
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import DONE_STYLE
from jifen_desktop.ui.messages import ERROR_STYLE

FIRST_YEAR = 2000


class YearEndBox(QGroupBox):
    """The 年底清零 step; ``refresh`` reads the village's policy afresh."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setTitle(self.tr("年底清零"))
        this_year = dt.date.today().year
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, this_year)
        self.year.setValue(this_year - 1)
        self.year.setSuffix(self.tr(" 年"))
        self.run_button = QPushButton(self.tr("执行年底清零…"))
        self.run_button.clicked.connect(self.run)
        self.policy_note = QLabel()
        self.policy_note.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar = QHBoxLayout()
        bar.addWidget(self.year)
        bar.addWidget(self.run_button)
        bar.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.policy_note)
        layout.addLayout(bar)

    def refresh(self) -> None:
        """Shown to admins only; the button only where the policy is year_end."""
        self.setVisible(self.ctx.actor.role == "admin")
        year_end = self.ctx.ledger.villages.get(self.ctx.village_id).available_policy == "year_end"
        for widget in (self.year, self.run_button, self.message):
            widget.setVisible(year_end)
        self.policy_note.setText(
            self.tr(
                "本村实行年底清零：上一年结束后，由管理员清零上一年剩下的可用积分。"
                "一般在“设置 › 村信息与积分政策 › 年度结转…”里和评先评优、基础分一起做；"
                "也可以在这里单独做，做过的不会重做。"
            )
            if year_end
            else self.tr("本村的可用积分跨年结转，不清零；可在“设置 › 村信息与积分政策”里修改。")
        )

    def _question(self, year: int) -> str:
        balances = self.ctx.ledger.balances.many(self.ctx.village_id, year=year)
        left = [b.available for b in balances.values() if b.available > 0]
        return self.tr(
            "清零 {0} 年剩下的可用积分：{1} 户共 {2} 分将清零。\n"
            "年度积分和累计积分（排名用）不变；清零后不能撤销。已清零过的年份不会重复清零。"
        ).format(year, len(left), sum(left))

    def run(self) -> None:
        year = self.year.value()
        if not messages.confirm(self, self.tr("年底清零"), self._question(year)):
            return
        try:
            op = self.ctx.ledger.store.expire_year(self.ctx.village_id, year)
        except DomainError as error:
            self._say(error.message, ERROR_STYLE)
            return
        self._say(self._result_text(self.ctx.apply(op)), DONE_STYLE)

    def _result_text(self, r: YearEndResult) -> str:
        if r.already_done:
            return self.tr(
                "{0} 年的年底清零已于 {1} 做过（{2} 户共 {3} 分），这次没有改动。"
            ).format(r.year, f"{r.done_at:%Y-%m-%d %H:%M}", len(r.rows), r.points)
        return self.tr("已清零 {0} 年剩下的可用积分：{1} 户共 {2} 分。").format(
            r.year, len(r.rows), r.points
        )

    def _say(self, text: str, style: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)
