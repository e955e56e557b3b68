"""村庄总览: one line per village the township holds (households, participation, the year's
points, the average per household, its units apart, the last bundle and the last entry), for a
chosen year, and in a second tab households ranked across villages (units in a list of their
own, as in each village: PRODUCT.md counts and ranks units apart); 个人参与 shows each
village's persons' rates (``person_rates_tab``). Double-click a village (or 查看本村) to see
its own pages, read-only, on 各村台账. 导出乡镇汇总(Excel) saves the year's summary of every village
(per village, per grid, per rule category) for the township's own reports. A third tab,
村庄考核, scores and ranks the villages for the year (``scorecard``); a fourth, 网格员考评, the
recorders of every village for a period of its own (``recorder_report``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model import periods
from jifen_desktop.model.tx import Change
from jifen_desktop.sync import SyncService
from jifen_desktop.sync.township import VillageSummary
from jifen_desktop.ui import printouts
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import hint

from ..base import Page
from ..recorder_report import RecorderReportTab
from ..sync.texts import rows_table, show_rows
from .person_rates_tab import PersonRatesTab
from .scorecard import ScorecardTab

VILLAGE_HEADERS = (
    "村",
    "代码",
    "户数",
    "参与率",
    "本年积分",
    "户均",
    "单位数",
    "单位积分",
    "最后一次同步包",
    "最近记录日期",
    "荣誉称号",
)
RANK_HEADERS = ("名次", "村", "户号", "户主", "网格", "本年积分")
UNIT_RANK_HEADERS = ("名次", "村", "编号", "单位名称", "网格", "本年积分")
RANK_KINDS = (("农户", "household"), ("单位", "unit"))
YEARS_BACK = 5


class TownshipOverviewPage(Page):
    key = "township"
    title_text = "村庄总览"
    shows = ~Change.NONE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.summaries: list[VillageSummary] = []
        self.year = QComboBox()
        self.year.setObjectName("year")
        this_year = dt.date.today().year
        for year in range(this_year, this_year - YEARS_BACK, -1):
            self.year.addItem(self.tr("{0}年").format(year), year)
        self.year.currentIndexChanged.connect(self.refresh)
        self.open_button = QPushButton(self.tr("查看本村"))
        self.open_button.setObjectName("open_village")
        self.open_button.clicked.connect(self.open_selected)
        self.summary_button = QPushButton(self.tr("导出乡镇汇总(Excel)…"))
        self.summary_button.setObjectName("export_summary")
        self.summary_button.setToolTip(
            self.tr("所选年度各村、各网格的户数、参与率、加分扣分，以及各类别积分")
        )
        self.summary_button.clicked.connect(lambda: self.export_summary())
        # the village's name takes the rest: ten columns shared evenly cut the code at 特大
        self.villages = rows_table([self.tr(h) for h in VILLAGE_HEADERS], 0, "villages")
        self.villages.doubleClicked.connect(self.open_selected)
        self.villages.itemSelectionChanged.connect(self._update_button)
        self.totals = QLabel()
        self.totals.setObjectName("totals")
        self.totals.setWordWrap(True)
        self.limit = QSpinBox()
        self.limit.setRange(10, 1000)
        self.limit.setValue(100)
        self.limit.setSingleStep(50)
        self.limit.valueChanged.connect(self.refresh)
        self.rank_kind = QComboBox()
        self.rank_kind.setObjectName("rank_kind")
        for label, kind in RANK_KINDS:
            self.rank_kind.addItem(self.tr(label), kind)
        self.rank_kind.currentIndexChanged.connect(self.refresh)
        self.limit_unit = QLabel(self.tr("户"))
        self.ranking = rows_table([self.tr(h) for h in RANK_HEADERS], None, "township_ranking")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._villages_tab(), self.tr("各村情况"))
        self.persons = PersonRatesTab()
        self.tabs.addTab(self.persons, self.tr("个人参与"))
        self.tabs.addTab(self._ranking_tab(), self.tr("跨村排名"))
        self.scorecard = ScorecardTab(ctx, self.year)
        self.tabs.addTab(self.scorecard, self.tr("村庄考核"))
        self.recorders = RecorderReportTab(ctx)
        self.tabs.addTab(self.recorders, self.tr("网格员考评"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("年度")))
        bar.addWidget(self.year)
        bar.addStretch(1)
        bar.addWidget(self.summary_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        self._update_button()

    def _villages_tab(self) -> QWidget:
        tab = QWidget()
        bar = QHBoxLayout()
        bar.addWidget(self.open_button)
        bar.addWidget(hint(self.tr("双击一个村，查看它的农户、公示、排名等（只读）。")), 1)
        layout = QVBoxLayout(tab)
        layout.addLayout(bar)
        layout.addWidget(self.villages, 1)
        layout.addWidget(self.totals)
        layout.addWidget(
            hint(
                self.tr(
                    "户数：在册的农户（单位不算户，另列单位数）。参与率：本年有审核通过的积分记录"
                    "（基础分除外）的户占户数的比例。本年积分、户均：农户本年审核通过的积分，含"
                    "基础分；单位的积分另列为单位积分。各村的个人参与率、党员参与率和个人兑换率"
                    "在“个人参与”一页。"
                )
            )
        )
        return tab

    def _ranking_tab(self) -> QWidget:
        tab = QWidget()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("排名")))
        bar.addWidget(self.rank_kind)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("显示前")))
        bar.addWidget(self.limit)
        bar.addWidget(self.limit_unit)
        bar.addWidget(
            hint(self.tr("按本年审核通过的积分（含基础分）排名，同分同名次；单位另排。")), 1
        )
        layout = QVBoxLayout(tab)
        layout.addLayout(bar)
        layout.addWidget(self.ranking, 1)
        return tab

    def refresh(self) -> None:
        service = SyncService(self.ctx.ledger)
        year = int(self.year.currentData())
        self.summaries = service.villages_overview(year)
        lines = [(*v.cells("—"), v.honours) for v in self.summaries]  # 荣誉称号 last
        show_rows(self.villages, lines, right=(3, 5))
        self.persons.show_villages(self.summaries)
        self.totals.setText(self._totals_text())
        self._show_ranking(service, year)
        self._update_button()
        self.scorecard.mark_dirty()

    def _show_ranking(self, service: SyncService, year: int) -> None:
        """跨村排名 of households, or of units (a list of their own)."""
        kind = str(self.rank_kind.currentData())
        headers = UNIT_RANK_HEADERS if kind == "unit" else RANK_HEADERS
        self.ranking.setHorizontalHeaderLabels([self.tr(h) for h in headers])
        self.limit_unit.setText(self.tr("个") if kind == "unit" else self.tr("户"))
        show_rows(
            self.ranking,
            [
                (r.rank, r.village_name, r.number, r.head_name, r.grid_name, r.points)
                for r in service.household_ranking(year, self.limit.value(), kind)
            ],
        )

    def export_summary(self, target: Path | None = None, **kw: object) -> None:
        """导出乡镇汇总(Excel)…: the chosen year's summary of every village held here."""
        period = periods.year(int(self.year.currentData()))
        printouts.summary_sheet(self, self.ctx, period, target=target, **kw)

    def _totals_text(self) -> str:
        if not self.summaries:
            return self.tr("还没有导入任何村的同步包。请到“同步”页，导入各村用U盘带来的同步包。")
        households = sum(v.households for v in self.summaries)
        points = sum(v.points for v in self.summaries)
        text = self.tr("共 {0} 个村，{1} 户，农户本年积分合计 {2}").format(
            len(self.summaries), households, points
        )
        units = sum(v.units for v in self.summaries)
        if units:
            unit_points = sum(v.unit_points for v in self.summaries)
            text += self.tr("；另有单位 {0} 个，单位本年积分合计 {1}").format(units, unit_points)
        return text + self.tr("。")

    def selected(self) -> VillageSummary | None:
        rows = {i.row() for i in self.villages.selectedIndexes()}
        return self.summaries[rows.pop()] if len(rows) == 1 else None

    def _update_button(self) -> None:
        self.open_button.setEnabled(self.selected() is not None)

    def open_selected(self) -> None:
        village = self.selected()
        if village is not None:
            self.ctx.open_page("village_view", village.village_id)
