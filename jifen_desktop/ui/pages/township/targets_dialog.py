"""考核指标与权重 (the township's admin): for each figure of the 村庄考核 its target and the points
it weighs, the weights' total kept in sight (it must come to 100), and 恢复默认 for the seeds'
defaults. Saving is one audited change (``ScorecardService.set_targets``)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from jifen_desktop.model.tx import Op
from jifen_desktop.sync.scorecard import ScorecardService
from jifen_desktop.sync.scorecard_targets import (
    FIGURES,
    FULL_MARKS,
    Figure,
    Target,
    Targets,
    defaults,
)
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.form_dialog import FormDialog
from jifen_desktop.ui.forms import hint


class TargetsDialog(FormDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("考核指标与权重"), parent)
        self.service = ScorecardService(ctx.ledger)
        self.boxes: dict[str, tuple[QSpinBox, QSpinBox]] = {}
        note = hint(self.tr("达到目标得满权重，未达到按比例得分；权重合计为 100 分。"))
        note.setToolTip(
            self.tr(
                "默认值取自方案原文：户参与率不低于50%（试点村70%），党员参与100%，"
                "兑换人数不低于30%，每月审核、每季公示。"
            )
        )
        self.form.addRow(note)
        # one line per figure, no error line under each (a refusal names the figure in the
        # message line): eleven figures fit the screen at 特大 without scrolling
        for figure in FIGURES:
            self.form.addRow(self.tr(figure.name), self._row(figure))
        self.total = QLabel()
        self.total.setObjectName("total")
        reset = QPushButton(self.tr("恢复默认"))
        reset.setObjectName("reset")
        reset.clicked.connect(lambda: self.show_targets(defaults()))
        bottom = QHBoxLayout()
        bottom.addWidget(self.total, 1)
        bottom.addWidget(reset)
        self.form.addRow(bottom)
        self.show_targets(self.service.targets())

    def _row(self, figure: Figure) -> QWidget:
        target, weight = QSpinBox(), QSpinBox()
        target.setObjectName(f"{figure.key}_target")
        weight.setObjectName(f"{figure.key}_weight")
        target.setRange(0, figure.most if figure.unit else 1)
        weight.setRange(0, FULL_MARKS)
        weight.valueChanged.connect(self._show_total)
        self.boxes[figure.key] = (target, weight)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        if figure.unit:
            layout.addWidget(QLabel(self.tr("至少") if figure.more else self.tr("至多")))
            layout.addWidget(target)
            layout.addWidget(QLabel(self.tr(figure.unit)))
        else:
            target.hide()
            layout.addWidget(QLabel(self.tr("核对无误")))
        layout.addStretch(1)
        layout.addWidget(QLabel(self.tr("权重")))
        layout.addWidget(weight)
        layout.addWidget(QLabel(self.tr("分")))
        return row

    def show_targets(self, targets: Targets) -> None:
        for key, (target, weight) in self.boxes.items():
            target.setValue(targets[key].target)
            weight.setValue(targets[key].weight)
        self._show_total()

    def chosen(self) -> Targets:
        return {key: Target(t.value(), w.value()) for key, (t, w) in self.boxes.items()}

    def _show_total(self) -> None:
        total = sum(w.value() for _t, w in self.boxes.values())
        text = self.tr("权重合计：{0} 分").format(total)
        if total != FULL_MARKS:
            text += self.tr("（应为 {0} 分）").format(FULL_MARKS)
        self.total.setText(text)

    def submit(self) -> Op[Targets] | None:
        return self.service.set_targets(self.chosen())
