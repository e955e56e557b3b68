"""按党员积分制: the person grades (个人等次) of seed 002 (优秀、合格、基本合格、不合格, 半年一评、
年末总评) with suggested thresholds the clerk changes to the village's own before saving."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QSpinBox, QWidget

from jifen_desktop.model.calendar.honours import Grade
from jifen_desktop.model.tx import Op
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.form_dialog import FormDialog
from jifen_desktop.ui.forms import hint

# Seed 002's grades and the least points suggested for each; 不合格 takes everyone else.
SUGGESTED = (("优秀", 60), ("合格", 30), ("基本合格", 10))
LAST = "不合格"


class PartyGradesDialog(FormDialog):
    """The three thresholds of 优秀、合格、基本合格; 不合格 is everyone below 基本合格."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        title = QCoreApplication.translate("PartyGradesDialog", "按党员积分制设定个人等次")
        super().__init__(ctx, title, parent)
        self.form.addRow(
            hint(
                self.tr(
                    "党员积分半年一评、年末总评，分为优秀、合格、基本合格、不合格四个等次。"
                    "下面的分数线只是建议，请按本村的党员积分办法改好再保存；"
                    "保存后个人排名就按它们评定。"
                )
            )
        )
        self.minimums: dict[str, QSpinBox] = {}
        for name, suggested in SUGGESTED:
            spin = QSpinBox()
            spin.setRange(-1000, 10000)
            spin.setValue(suggested)
            spin.setSuffix(self.tr(" 分及以上"))
            self.minimums[name] = self.add_field(name, self.tr(name), spin)
        self.form.addRow(self.tr(LAST), hint(self.tr("低于“基本合格”分数线的，都归入不合格")))

    def grades(self) -> list[Grade]:
        return [*(Grade(n, s.value()) for n, s in self.minimums.items()), Grade(LAST, None)]

    def submit(self) -> Op[Any]:
        return self.ctx.ledger.honours.set_person_grades(self.ctx.village_id, self.grades())
