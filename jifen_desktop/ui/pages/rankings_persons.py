"""排名与统计 › 个人排名: the persons of a group (全体村民, 党员, 村干部) ranked by the points of the
entries naming them for a month, a quarter, a half-year, a year or all time, with the
village's person grades (个人等次; no 等级 column when it set none) for a half-year or a year
and a vetoed household's persons marked; beside it the persons' rates (个人参与率, 党员参与率
against 100 %, 个人兑换率 against 30 %). Double-click a person (or 打开个人档案) for their
archive (``person_archive_dialog``)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model import periods
from jifen_desktop.model.person_groups import GROUP_NAMES
from jifen_desktop.model.person_rates import PersonRates, village_rates
from jifen_desktop.model.persons import PersonRank, PersonService, graded_for_persons
from jifen_desktop.model.tx import Change
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.flow_layout import tool_bar
from jifen_desktop.ui.forms import boxed, hint
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows

from .base import Page
from .rank_tables import beside, fill_table, mark_vetoed, period_choices

HEADERS = ("名次", "户号", "姓名", "关系", "身份", "网格", "加分", "扣分", "合计", "等级", "备注")
MISSED = "#b3261e"  # a rate under its target


MONTHS = 3  # this month and the two before, for a month's ranking


def person_periods(today: dt.date) -> list[tuple[str, str]]:
    """(label, key): the ranking's periods (quarters, half-years, years, all time) and, after
    this year's quarters, this month and the two before."""
    months = []
    year, month = today.year, today.month
    for _ in range(MONTHS):
        months.append(periods.month(year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    choices = period_choices(today)
    quarters = sum(1 for _, key in choices if "Q" in key)
    return [*choices[:quarters], *((p.label, p.key) for p in months), *choices[quarters:]]


def rates_html(rates: PersonRates) -> str:
    """The persons' rates one a line, a rate under its target in red (for a QLabel)."""
    lines = [
        x.text if x.met else f"<span style='color:{MISSED}'>{x.text}</span>" for x in rates.lines()
    ]
    return "<br>".join(lines)


class PersonRankingTab(Page):
    """个人排名: a tab of 排名与统计, refreshed as a page is (on screen, or when next shown)."""

    key = "person_ranking"
    title_text = "个人排名"
    shows = Change.ENTRIES | Change.MEMBERS | Change.HOUSEHOLDS | Change.CALENDAR | Change.VILLAGE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[PersonRank] = []
        self.period = QComboBox()
        self.period.setObjectName("person_period")
        for label, key in person_periods(dt.date.today()):
            self.period.addItem(label, key)
        self.group = QComboBox()
        self.group.setObjectName("person_group")
        for key, name in GROUP_NAMES.items():
            self.group.addItem(self.tr(name), key)
        self.grid = QComboBox()
        self.grid.addItem(self.tr("全村"), None)
        for g in ctx.ledger.villages.grids(ctx.village_id):
            self.grid.addItem(g.name, g.id)
        for box in (self.period, self.group, self.grid):
            box.currentIndexChanged.connect(self.refresh)
        self.open_button = QPushButton(self.tr("打开个人档案…"))
        self.open_button.clicked.connect(lambda: self.open_archive())
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("person_ranking")
        self.table.setHorizontalHeaderLabels([self.tr(t) for t in HEADERS])
        read_only_rows(self.table, wrap=False)
        fit_to_contents(self.table, len(HEADERS) - 1)
        self.table.doubleClicked.connect(lambda index: self.open_archive(index.row()))
        self.rates = QLabel()
        self.rates.setObjectName("person_rates")
        self.rates.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self._lay_out()

    def _lay_out(self) -> None:
        bar = tool_bar(
            (QLabel(self.tr("期间")), self.period),
            (QLabel(self.tr("人员")), self.group),
            (QLabel(self.tr("网格")), self.grid),
            16,
            self.open_button,
        )
        side = QVBoxLayout()
        side.addWidget(boxed(self.tr("个人参与率"), self.rates))
        side.addWidget(
            hint(
                self.tr(
                    "个人积分是点名本人的审核通过记录，户积分不变。参与：本期有一条审核通过的"
                    "记录点名本人；兑换：本期有一次兑换记在本人名下。"
                )
            )
        )
        side.addStretch(1)
        tables = beside(self.table, side, 420)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addLayout(tables, 1)

    def refresh(self) -> None:
        period = periods.parse(self.period.currentData())
        group = self.group.currentData()
        service = PersonService(self.ctx.ledger)
        self.rows = service.rank(self.ctx.village_id, period, group, self.grid.currentData())
        fill_table(self.table, [self._cells(r) for r in self.rows])
        mark_vetoed(self.table, [r.vetoed for r in self.rows])
        average = sum(r.person.points for r in self.rows) / len(self.rows) if self.rows else 0.0
        text = self.tr("{0} {1}：共 {2} 人，平均 {3:.1f} 分").format(
            period.label, self.tr(GROUP_NAMES[group]), len(self.rows), average
        )
        self.summary.setText(text + self._grades_note(period))
        self._fill_rates(period)

    def _grades_note(self, period: periods.Period) -> str:
        """Hide the 等级 column when the village set no person grades (个人等次), and say so."""
        has_grades = bool(self.ctx.ledger.honours.person_grades(self.ctx.village_id))
        self.table.setColumnHidden(HEADERS.index("等级"), not has_grades)
        if not has_grades:
            return self.tr("。本村还没有设定个人等次（设置 › 评星定级 › 个人等次）")
        if not graded_for_persons(period):
            return self.tr("。个人评星定级按半年或年度评定，请在“期间”选半年或年度。")
        return ""

    def _cells(self, r: PersonRank) -> tuple[object, ...]:
        p = r.person
        note = self.tr("一票否决户，不参评") if r.vetoed else ""
        return (
            r.rank,
            p.household_number,
            p.name,
            p.relation,
            self.tr(p.groups_text),
            p.grid_name,
            p.added,
            p.deducted,
            p.points,
            r.grade or "—",
            note,
        )

    def _fill_rates(self, period: periods.Period) -> None:
        rates = village_rates(self.ctx.ledger, self.ctx.village_id, period)
        self.rates.setText(rates_html(rates))

    def open_archive(self, row: int | None = None) -> None:
        """The archive of the person on ``row`` (default: the selected one)."""
        from jifen_desktop.ui.person_archive_dialog import PersonArchiveDialog

        at = self.table.currentRow() if row is None else row
        if not 0 <= at < len(self.rows):
            return
        member_id = self.rows[at].person.member_id
        PersonArchiveDialog(self.ctx, member_id, self.period.currentData(), self).exec()
