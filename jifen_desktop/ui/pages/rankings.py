"""排名与统计: the village's ranking for a quarter, a year or all time, by grid, with the
households above the average marked, and participation by grid."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model import periods
from jifen_desktop.model.tx import Change
from jifen_desktop.ui.context import AppContext

from .base import Page

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def period_choices(today: dt.date) -> list[tuple[str, str]]:
    """(label, key): this year's quarters so far, the last three years, all time."""
    choices = []
    for q in range((today.month - 1) // 3 + 1, 0, -1):
        p = periods.quarter(today.year, q)
        choices.append((p.label, p.key))
    for y in range(today.year, today.year - 3, -1):
        choices.append((periods.year(y).label, str(y)))
    choices.append((periods.all_time().label, "all"))
    return choices


def fill_table(table: QTableWidget, rows: list[tuple[object, ...]]) -> None:
    table.setRowCount(len(rows))
    for i, values in enumerate(rows):
        for j, value in enumerate(values):
            item = QTableWidgetItem(str(value))
            if isinstance(value, (int, float)):
                item.setTextAlignment(RIGHT)
            table.setItem(i, j, item)


class RankingsPage(Page):
    key = "rankings"
    shows = Change.ENTRIES | Change.HOUSEHOLDS | Change.GRIDS

    title_text = "排名与统计"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.period = QComboBox()
        for label, key in period_choices(dt.date.today()):
            self.period.addItem(label, key)
        self.grid = QComboBox()
        self.above = QCheckBox(self.tr("只看高于平均分的户"))
        for box in (self.period, self.grid):
            box.currentIndexChanged.connect(self.refresh)
        self.above.toggled.connect(self.refresh)
        bar = QHBoxLayout()
        for widget in (
            QLabel(self.tr("期间")),
            self.period,
            QLabel(self.tr("网格")),
            self.grid,
            self.above,
        ):
            bar.addWidget(widget)
        bar.addStretch()
        self.summary = QLabel()
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [self.tr(t) for t in ("名次", "户号", "户主", "网格", "加分", "扣分", "合计")]
        )
        self.participation = QTableWidget(0, 4)
        self.participation.setHorizontalHeaderLabels(
            [self.tr(t) for t in ("网格", "户数", "参与户数", "参与率")]
        )
        for table in (self.table, self.participation):
            table.verticalHeader().setVisible(False)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.setAlternatingRowColors(True)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.participation.setMaximumWidth(420)
        tables = QHBoxLayout()
        tables.addWidget(self.table, 3)
        tables.addWidget(self.participation, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addLayout(tables)
        self._fill_grids()

    def _fill_grids(self) -> None:
        self.grid.blockSignals(True)
        self.grid.clear()
        self.grid.addItem(self.tr("全村"), None)
        for g in self.ctx.ledger.villages.grids(self.ctx.village_id):
            self.grid.addItem(g.name, g.id)
        self.grid.blockSignals(False)

    def refresh(self) -> None:
        period = periods.parse(self.period.currentData())
        grid_id = self.grid.currentData()
        rankings = self.ctx.ledger.rankings
        average, above = rankings.above_average(self.ctx.village_id, period, grid_id)
        rows = (
            above if self.above.isChecked() else rankings.rank(self.ctx.village_id, period, grid_id)
        )
        fill_table(
            self.table,
            [
                (r.rank, r.number, r.head_name, r.grid_name, r.added, r.deducted, r.points)
                for r in rows
            ],
        )
        self.summary.setText(
            self.tr("{0}：共 {1} 户，平均 {2:.1f} 分，高于平均分的 {3} 户").format(
                period.label,
                len(rankings.rank(self.ctx.village_id, period, grid_id))
                if self.above.isChecked()
                else len(rows),
                average,
                len(above),
            )
        )
        share = rankings.participation(self.ctx.village_id, period)
        fill_table(
            self.participation,
            [(p.grid_name, p.active_households, p.participating, f"{p.rate:.0%}") for p in share],
        )
