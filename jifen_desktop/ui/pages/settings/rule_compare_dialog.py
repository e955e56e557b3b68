"""与方案原文对照 (设置 › 积分细则): the village's rule catalog against seed 001 篇7's, for a
village that started on an older template or changed its items. The rows: items the seed's
catalog does not have, items whose points, cap, evidence or accounts differ (本村 → 原文), and
the seed's items the village lacks. 采用原文的值 gives the chosen item the seed's values through
the ordinary rule edit (audited; entries already recorded keep theirs); 从模板补齐 adds the
missing ones. Nothing changes unless the admin presses one of them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.rule_compare import DIFFERS, NOT_IN_SEED, NOT_IN_VILLAGE, Comparison
from jifen_desktop.model.rule_compare import RuleDifference as Row
from jifen_desktop.model.rules import short_source
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import DONE_STYLE, row
from jifen_desktop.ui.messages import applied
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows

from ..rankings import fill_table

COLUMNS = ("对照", "编号", "名称", "本村", "方案原文", "出处")
NAME_COLUMN = 2
EXPLAIN = (
    "下表是本村细则与方案原文（种子001篇7，共83项）不同的地方。本村的细则一直有效，"
    "已经录入的积分不会改变；要改用原文的值，选中一行按“采用原文的值”。"
)


class RuleCompareDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[Row] = []
        self.setWindowTitle(self.tr("与方案原文对照"))
        explain = QLabel(self.tr(EXPLAIN))
        explain.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = read_only_rows(QTableWidget(0, len(COLUMNS)), single=True)
        self.table.setHorizontalHeaderLabels([self.tr(t) for t in COLUMNS])
        fit_to_contents(self.table, NAME_COLUMN)
        self.adopt_button = QPushButton(self.tr("采用原文的值"))
        self.fill_button = QPushButton(self.tr("从模板补齐本村没有的"))
        self.message = QLabel()
        self.message.setStyleSheet(DONE_STYLE)
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (explain, self.summary, self.table):
            layout.addWidget(widget)
        layout.addLayout(row(self.adopt_button, self.fill_button, self.message))
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._update_actions)
        self.adopt_button.clicked.connect(self.adopt)
        self.fill_button.clicked.connect(self.fill_missing)
        self.reload()
        room = self.screen().availableGeometry()
        wide = self.fontMetrics().horizontalAdvance("字") * 84
        self.resize(
            min(wide, room.width() - 40), min(self.sizeHint().height() + 200, room.height() - 80)
        )

    def reload(self, code: str | None = None) -> None:
        comparison = self.ctx.ledger.rules.compare_with_seed(self.ctx.village_id)
        self.rows = list(comparison.rows)
        self.summary.setText(self.summary_text(comparison))
        fill_table(self.table, [self._cells(r) for r in self.rows])
        self._add_tooltips()
        self._select(code)
        self._update_actions()

    def _add_tooltips(self) -> None:
        """Each row's whole name and the policy text it comes from, on hover."""
        for i, found in enumerate(self.rows):
            for j in range(len(COLUMNS)):
                if item := self.table.item(i, j):
                    item.setToolTip(f"{found.name}\n{found.source}")

    def _select(self, code: str | None) -> None:
        """The row of ``code`` picked again, or else the first."""
        codes = [r.code for r in self.rows]
        if self.rows:
            self.table.selectRow(codes.index(code) if code in codes else 0)

    def summary_text(self, comparison: Comparison) -> str:
        return self.tr(
            "与原文一致 {0} 条；分值或要求不同 {1} 条；方案原文没有 {2} 条；本村没有 {3} 条。"
        ).format(
            comparison.same,
            comparison.count(DIFFERS),
            comparison.count(NOT_IN_SEED),
            comparison.count(NOT_IN_VILLAGE),
        )

    def _cells(self, found: Row) -> tuple[object, ...]:
        village = "；".join(f"{f.label} {f.village}" for f in found.fields)
        seed = "；".join(f"{f.label} {f.seed}" for f in found.fields)
        if found.status == NOT_IN_SEED:
            village, seed = self.tr("有"), self.tr("没有")
        elif found.status == NOT_IN_VILLAGE:
            village, seed = self.tr("没有"), self.tr("有")
        source = self.tr(short_source(found.source))
        return (self.tr(found.status_name), found.code, found.name, village, seed, source)

    def current(self) -> Row | None:
        chosen = self.table.selectionModel().selectedRows()
        index = chosen[0].row() if chosen else -1
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _update_actions(self) -> None:
        found = self.current()
        self.adopt_button.setEnabled(found is not None and found.status == DIFFERS)
        self.fill_button.setEnabled(any(r.status == NOT_IN_VILLAGE for r in self.rows))

    def adopt(self) -> None:
        found = self.current()
        if found is None or found.status != DIFFERS:
            return
        rules, village_id = self.ctx.ledger.rules, self.ctx.village_id
        rule = applied(self, self.ctx.apply, lambda: rules.adopt_seed(village_id, found.code))
        if rule is None:
            return
        self.message.setText(self.tr("{0} 已改用原文的值").format(rule.code))
        self.reload()

    def fill_missing(self) -> None:
        added = applied(
            self, self.ctx.apply, lambda: self.ctx.ledger.rules.copy_template(self.ctx.village_id)
        )
        if added is None:
            return
        self.message.setText(self.tr("已从模板补上 {0} 条细则").format(added))
        self.reload()
