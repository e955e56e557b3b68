"""积分超市 › 统计: for a period, redemption participation per grid and for the village
(households that redeemed / households on the books), redemptions and returns, points spent;
and now, the stock's value and the goods running low; for the admin, the year-end step
(年底清零, ``year_end.py``)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model import periods
from jifen_desktop.model.store import fen_text
from jifen_desktop.model.tx import Change
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import boxed, hint
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows
from jifen_desktop.ui.type_size import relative_font

from ..base import Page
from ..rank_tables import period_box
from ..rankings import fill_table
from .year_end import YearEndBox


class FiguresSection(Page):
    key = "figures"
    title_text = "统计"
    shows = Change.STORE | Change.ENTRIES | Change.HOUSEHOLDS | Change.GRIDS | Change.VILLAGE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.period = period_box(this_year=True)
        self.period.currentIndexChanged.connect(self.refresh)
        self.summary = QLabel()
        relative_font(self.summary, 1.15, bold=False)
        self.summary.setWordWrap(True)
        self.participation = read_only_rows(QTableWidget(0, 4), wrap=False)
        self.participation.setHorizontalHeaderLabels(
            [self.tr(t) for t in ("网格", "在册户数", "兑换户数", "兑换参与率")]
        )
        fit_to_contents(self.participation, 0)
        self.stock_value = QLabel()
        self.stock_value.setWordWrap(True)
        self.low = read_only_rows(QTableWidget(0, 4), wrap=False)
        self.low.setHorizontalHeaderLabels(
            [self.tr(t) for t in ("商品", "类别", "库存", "库存预警")]
        )
        fit_to_contents(self.low, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("期间")))
        bar.addWidget(self.period)
        bar.addStretch(1)
        tables = QHBoxLayout()
        tables.addWidget(
            boxed(
                self.tr("兑换参与率（兑换过的户 / 在册户）"),
                self.participation,
                hint(self.tr("退货的兑换不算。镇里要求兑换参与率不低于30%。")),
            ),
            3,
        )
        tables.addWidget(
            boxed(self.tr("库存"), self.stock_value, QLabel(self.tr("库存不足：")), self.low), 2
        )
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addLayout(tables, 1)
        self.year_end = YearEndBox(ctx)
        layout.addWidget(self.year_end)

    def refresh(self) -> None:
        self.year_end.refresh()
        period = periods.parse(self.period.currentData())
        f = self.ctx.ledger.store.figures(self.ctx.village_id, period)
        self.summary.setText(
            self.tr("{0}：兑换 {1} 单，用去积分 {2} 分；退货 {3} 单。").format(
                period.label, f.redemptions, f.points_spent, f.returned
            )
        )
        fill_table(
            self.participation,
            [
                (p.grid_name, p.active_households, p.participating, f"{p.rate:.0%}")
                for p in f.participation
            ],
        )
        value = self.tr("现有库存价值 {0} 元（按最近一次进价）。").format(
            fen_text(f.stock_value.total_fen)
        )
        if f.stock_value.uncosted:
            value += self.tr("没有进价、未计入的：{0}。").format("、".join(f.stock_value.uncosted))
        self.stock_value.setText(value)
        fill_table(self.low, [(g.name, g.category, g.stock, g.low_stock) for g in f.low_stock])
