"""The 网格员 tab of 排名与统计 (at the township 网格员考评 on 村庄总览, across villages with a 村
column): for a month, a quarter or a year, one line per recorder and grid — entries recorded,
补记, days from the deed to the record, shares rejected and with evidence, households to visit —
and beside it the households of the grid picked (or of all) with nothing recorded in the
period, to visit. 导出Excel… saves both tables as two sheets."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model import periods
from jifen_desktop.model.recorder_report import (
    RecorderLine,
    RecorderReport,
    VisitLine,
    recorder_report,
)
from jifen_desktop.model.tx import Change
from jifen_desktop.reports import recorder_sheet as sheet
from jifen_desktop.ui.background import Progress
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.flow_layout import tool_bar
from jifen_desktop.ui.forms import boxed, hint
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows

from .base import Page
from .rank_tables import fill_table

MONTHS_BACK = 12
YEARS_BACK = 3


def report_periods(today: dt.date) -> list[tuple[str, str]]:
    """(label, key): this quarter first, then this year's earlier quarters, this year's
    half-years, the last twelve months, and the last three years."""
    this_quarter = (today.month - 1) // 3 + 1
    choices = [
        (p.label, p.key)
        for p in (periods.quarter(today.year, q) for q in range(this_quarter, 0, -1))
    ]
    choices += [(p.label, p.key) for p in periods.half_years(today, 0)]
    year, month = today.year, today.month
    for _ in range(MONTHS_BACK):
        p = periods.month(year, month)
        choices.append((p.label, p.key))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    choices += [
        (periods.year(y).label, str(y)) for y in range(today.year, today.year - YEARS_BACK, -1)
    ]
    return choices


class RecorderReportTab(Page):
    """网格员 (网格员考评 at the township): the report of ``recorder_report`` for the period and
    the grid (or village) chosen. A tab inside a page, it follows the changes as a page does:
    refreshed at once when on screen, else when next shown."""

    key = "recorders"
    title_text = "网格员考评"
    shows = Change.ENTRIES | Change.HOUSEHOLDS | Change.GRIDS | Change.OPERATORS | Change.VILLAGE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        # across villages at the township; one village (its own, or one looked at on 各村台账)
        self.township = ctx.township and not ctx.village_id
        self.report: RecorderReport | None = None
        self.shown_lines: list[RecorderLine] = []
        self.period = QComboBox()
        self.period.setObjectName("recorder_period")
        for label, key in report_periods(dt.date.today()):
            self.period.addItem(label, key)
        self.place = QComboBox()
        self.place.setObjectName("recorder_place")
        self.export_button = QPushButton(self.tr("导出Excel…"))
        self.export_button.setObjectName("export_recorders")
        self.export_button.setToolTip(self.tr("两张表：网格员考评，待走访农户"))
        self.export_button.clicked.connect(lambda: self.export())
        for box in (self.period, self.place):
            box.currentIndexChanged.connect(self.refresh)
        self.lines = self._table(sheet.line_columns(self.township), "recorder_lines", None)
        self.lines.itemSelectionChanged.connect(self._show_visits)
        self.visits = self._table(sheet.visit_columns(self.township), "recorder_visits", -1)
        self.visits_box = boxed(self.tr("待走访农户"), self.visits)
        self._lay_out()

    def _table(
        self, columns: tuple[sheet.Column, ...], name: str, stretch: int | None
    ) -> QTableWidget:
        """Columns as wide as their contents; ``stretch`` (from the end) takes the rest, or
        none does: a name squeezed to fit the box would be cut at 特大 (it scrolls instead)."""
        table = QTableWidget(0, len(columns))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels([self.tr(c.title) for c in columns])
        read_only_rows(table, wrap=False)
        fit_to_contents(table, (stretch or 0) % len(columns))
        if stretch is None:
            table.horizontalHeader().setSectionResizeMode(
                0, QHeaderView.ResizeMode.ResizeToContents
            )
        return table

    def _lay_out(self) -> None:
        place = self.tr("村") if self.township else self.tr("网格")
        bar = tool_bar(
            (QLabel(self.tr("期间")), self.period),
            (QLabel(place), self.place),
            16,
            self.export_button,
        )
        self.summary = QLabel()
        self.summary.setObjectName("recorder_summary")
        self.summary.setWordWrap(True)
        explained = hint(
            self.tr(sheet.EXPLAINED) + self.tr("点左边表格的一行，右边只列那个网格的户。")
        )
        self.visits_box.setMaximumWidth(420)
        tables = QHBoxLayout()
        tables.addWidget(self.lines, 3)
        tables.addWidget(self.visits_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addLayout(tables, 1)
        layout.addWidget(explained)

    def _fill_places(self) -> None:
        """全村 and the grids (at the township: 全部村 and the villages), the choice kept."""
        chosen = self.place.currentData()
        self.place.blockSignals(True)
        self.place.clear()
        if self.township:
            self.place.addItem(self.tr("全部村"), None)
            for village in self.ctx.ledger.villages.list():
                self.place.addItem(village.name, village.id)
        else:
            self.place.addItem(self.tr("全村"), None)
            for grid in self.ctx.ledger.villages.grids(self.ctx.village_id):
                self.place.addItem(grid.name, grid.id)
        self.place.setCurrentIndex(max(0, self.place.findData(chosen)))
        self.place.blockSignals(False)

    def _scope(self) -> tuple[str | None, str | None]:
        """(village id, grid id) of the choice: at the township a village or all of them."""
        if self.township:
            return self.place.currentData(), None
        return self.ctx.village_id, self.place.currentData()

    def refresh(self) -> None:
        self._fill_places()
        period = periods.parse(self.period.currentData())
        village_id, grid_id = self._scope()
        self.report = recorder_report(self.ctx.ledger, period, village_id, grid_id)
        self.shown_lines = list(self.report.lines)
        columns = sheet.line_columns(self.township)
        fill_table(
            self.lines,
            [
                tuple(sheet.shown_row(sheet.line_values(line, self.township), columns))
                for line in self.shown_lines
            ],
        )
        self._align_figures(self.lines, columns)
        entries = sum(line.entries for line in self.shown_lines)
        self.summary.setText(
            self.tr("{0}：{1} 条记录，{2} 户本期间没有任何积分记录（待走访）").format(
                period.label, entries, len(self.report.to_visit)
            )
        )
        self._show_visits()

    def _align_figures(self, table: QTableWidget, columns: tuple[sheet.Column, ...]) -> None:
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for c, column in enumerate(columns):
            if column.kind == "text":
                continue
            for r in range(table.rowCount()):
                if item := table.item(r, c):
                    item.setTextAlignment(right)

    def picked(self) -> RecorderLine | None:
        rows = {i.row() for i in self.lines.selectedIndexes()}
        return self.shown_lines[rows.pop()] if len(rows) == 1 else None

    def _show_visits(self) -> None:
        if self.report is None:
            return
        line = self.picked()
        visits: list[VisitLine] = (
            self.report.visits_of(line.village_id, line.grid_id)
            if line
            else list(self.report.to_visit)
        )
        fill_table(
            self.visits,
            [tuple(sheet.visit_values(v, self.township)) for v in visits],
        )
        where = f"{line.village_name if self.township else ''}{line.grid_name}" if line else ""
        title = self.tr("待走访农户：{0}（{1} 户）").format(where or self.tr("全部"), len(visits))
        self.visits_box.setTitle(title)

    def export(self, target: Path | None = None, **kw: object) -> None:
        """导出Excel…: the report shown, as two sheets (网格员考评, 待走访农户)."""
        from jifen_desktop.ui.printouts import save_spreadsheet

        report = self.report
        if report is None:
            return
        where = self._where()
        township = self.township

        def write(path: Path, progress: Progress, cancel: threading.Event) -> object:
            return sheet.write_recorder_report(
                report, path, where=where, township=township, progress=progress, cancel=cancel
            )

        name = f"{where}{report.period.label}网格员考评.xlsx"
        save_spreadsheet(self, self.tr("导出网格员考评"), name, write, target, **kw)  # type: ignore[arg-type]

    def _where(self) -> str:
        """The village (or township) and grid chosen, in words for the file's titles."""
        chosen = self.place.currentText() if self.place.currentData() else ""
        if self.township:
            return chosen or self.tr("全乡镇")
        return self.ctx.village.name + (self.tr("{0}网格").format(chosen) if chosen else "")
