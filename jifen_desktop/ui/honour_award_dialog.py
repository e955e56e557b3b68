"""授予称号…: award a title for a year, a half-year or a quarter to households — or to persons
of a group (全体村民, 党员, 村干部: 优秀党员, 好媳妇 …) — proposed by the honours list (前几名,
前百分之几, 高于平均分, 评星定级, 连续两年优秀) or hand-picked (评议推选), with the date of the
meeting that decided it. The proposed come ticked and may be unticked; households (and their
persons) under a veto in the period are listed apart, greyed, and cannot be ticked. Reviewers
and admins only (the service checks it too)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from jifen_desktop.model import periods
from jifen_desktop.model.calendar.honour_awards import AwardResult, HonourAwardService
from jifen_desktop.model.calendar.honour_pick import HOW_NAMES, Proposal, propose
from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.person_groups import GROUP_NAMES
from jifen_desktop.model.person_pick import PersonProposal, propose_persons
from jifen_desktop.model.persons import PersonRank
from jifen_desktop.model.tx import Op

from .context import AppContext
from .form_dialog import FormDialog
from .forms import date_edit, date_of, row
from .type_size import px

TITLES = ("十星级文明户", "最美家庭", "文明家庭", "美丽庭院", "好媳妇", "好婆婆")
VETOED_COLOUR = QColor("#8a8a8a")


def honour_periods(today: dt.date) -> list[tuple[str, str]]:
    """(label, key): this year, the two before, this year's and last year's half-years, this
    year's quarters so far and last year's Q4."""
    years = [periods.year(y) for y in range(today.year, today.year - 3, -1)]
    quarters = [periods.quarter(today.year, q) for q in range((today.month - 1) // 3 + 1, 0, -1)]
    chosen = [*years, *periods.half_years(today, 1), *quarters, periods.quarter(today.year - 1, 4)]
    return [(p.label, p.key) for p in chosen]


@dataclass(frozen=True)
class Pick:
    """One line of the list: the household (or member) id, and its text."""

    key: str
    text: str


@dataclass(frozen=True)
class Picks:
    """A proposal of households or of persons, as the list shows it."""

    chosen_by: str
    shown: list[Pick]
    ticked: set[str]
    vetoed: list[Pick]
    basis: dict[str, str]


def household_picks(p: Proposal) -> Picks:
    shown = p.eligible if p.chosen_by == "hand" else p.proposed
    return Picks(
        p.chosen_by,
        [
            Pick(r.household_id, f"{r.rank}. {r.number} {r.head_name}（{r.points} 分）")
            for r in shown
        ],
        {r.household_id for r in p.proposed},
        [Pick(r.household_id, f"{r.number} {r.head_name}") for r in p.vetoed],
        p.basis,
    )


def person_picks(p: PersonProposal) -> Picks:
    shown = p.eligible if p.chosen_by == "hand" else p.proposed

    def text(r: PersonRank) -> str:
        x = r.person
        return f"{r.rank}. {x.household_number} {x.name}（{x.groups_text}，{x.points} 分）"

    return Picks(
        p.chosen_by,
        [Pick(r.person.member_id, text(r)) for r in shown],
        {r.person.member_id for r in p.proposed},
        [
            Pick(r.person.member_id, f"{r.person.household_number} {r.person.name}")
            for r in p.vetoed
        ],
        p.basis,
    )


class HonourAwardDialog(FormDialog):
    """授予称号: the title, the period, how the households are chosen, the meeting, who."""

    def __init__(self, ctx: AppContext, period: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("授予荣誉称号"), parent)
        self.ok_button.setText(self.tr("授予"))
        self.proposal: Picks | None = None
        self.whom = self.add_field("whom", self.tr("授予对象"), QComboBox())
        self.whom.addItem(self.tr("农户"), None)
        for key, name in GROUP_NAMES.items():
            self.whom.addItem(self.tr("个人：{0}").format(self.tr(name)), key)
        self.title = self.add_field("title", self.tr("称号"), QComboBox())
        self.title.setEditable(True)
        self.title.addItems(TITLES)
        self.period = self.add_field("period", self.tr("期间"), QComboBox())
        for label, key in honour_periods(dt.date.today()):
            self.period.addItem(label, key)
        self.period.setCurrentIndex(max(0, self.period.findData(period)))
        self.how = self.add_field("how", self.tr("评选方式"), QComboBox())
        for key, name in HOW_NAMES.items():
            self.how.addItem(self.tr(name), key)
        self.add_field("count", self.tr("条件"), self._conditions(), "share", "grade")
        self.meeting = self.add_field("meeting_on", self.tr("评议会议日期"), date_edit())
        self.households = self.add_field("households", self.tr("授予的户或人"), QListWidget())
        self.households.setMinimumHeight(px(180))
        self.households.itemChanged.connect(lambda _item: self._count())
        self.counted = QLabel()
        self.form.addRow("", self.counted)
        for box in (self.whom, self.period, self.how, self.grade):
            box.currentIndexChanged.connect(self.reload)
        for spin in (self.count, self.share):
            spin.valueChanged.connect(self.reload)
        self.title.currentTextChanged.connect(self.reload)
        self.reload()

    def _conditions(self) -> QWidget:
        """前 N 名, 前 N %, the grade: each used by its way of choosing."""
        self.count = QSpinBox()
        self.count.setRange(1, 500)
        self.count.setValue(10)
        self.share = QSpinBox()
        self.share.setRange(1, 100)
        self.share.setValue(10)
        self.share.setSuffix("%")
        self.grade = QComboBox()
        self._fill_grades()
        holder = QWidget()
        parts = (QLabel(self.tr("前")), self.count, QLabel(self.tr("名")), QLabel(self.tr("前")))
        line = row(*parts, self.share, QLabel(self.tr("等级")), self.grade, None)
        line.setContentsMargins(0, 0, 0, 0)
        holder.setLayout(line)
        return holder

    def _fill_grades(self) -> None:
        """The households' grades (评星定级), or the persons' (个人等次) for persons."""
        names = self._grade_names()
        if names != [self.grade.itemText(i) for i in range(self.grade.count())]:
            self._show_grades(names)

    def _grade_names(self) -> list[str]:
        honours, village_id = self.ctx.ledger.honours, self.ctx.village_id
        persons = self.whom.currentData() is not None
        grades = honours.person_grades(village_id) if persons else honours.grades(village_id)
        return [g.name for g in grades]

    def _show_grades(self, names: list[str]) -> None:
        self.grade.blockSignals(True)
        self.grade.clear()
        self.grade.addItems(names)
        self.grade.blockSignals(False)

    def reload(self) -> None:
        """Propose the households anew for the period and the way of choosing."""
        how = self.how.currentData()
        self._fill_grades()
        self._enable_ways(how)
        self.clear_errors()
        self.households.clear()
        try:
            self.proposal = self._propose(how)
        except DomainError as error:
            self.proposal = None
            self.show_error(error)
        else:
            self._fill(self.proposal)
        self._count()

    def _enable_ways(self, how: str) -> None:
        """Only the way of choosing taken asks for its figure: 前几名, 前百分之几 or 等级."""
        self.count.setEnabled(how == "top")
        self.share.setEnabled(how == "share")
        self.grade.setEnabled(how == "grade")

    def _propose(self, how: str) -> Picks:
        """The households (or the persons of the group chosen) proposed."""
        ledger, village_id = self.ctx.ledger, self.ctx.village_id
        period = periods.parse(self.period.currentData())
        ways = {"count": self.count.value(), "share": self.share.value()}
        grade, group = self.grade.currentText(), self.whom.currentData()
        if group is None:
            return household_picks(propose(ledger, village_id, period, how, grade=grade, **ways))
        found = propose_persons(ledger, village_id, period, how, group, grade=grade, **ways)
        return person_picks(found)

    def _fill(self, proposal: Picks) -> None:
        self.households.blockSignals(True)
        held = self._holding()
        for pick in proposal.shown:
            self.households.addItem(self._pick_item(pick, pick.key in proposal.ticked, held))
        self._add_vetoed(proposal.vetoed)
        self.households.blockSignals(False)

    def _pick_item(self, pick: Pick, proposed: bool, held: set[str]) -> QListWidgetItem:
        """A proposed one ticked; one awarded before shown, not to be awarded twice."""
        item = QListWidgetItem(pick.text)
        item.setData(Qt.ItemDataRole.UserRole, pick.key)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        on = proposed and pick.key not in held
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        if pick.key in held:
            item.setText(item.text() + self.tr("　已有此称号"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        return item

    def _add_vetoed(self, vetoed: list[Pick]) -> None:
        """Under a heading, the ones 一票否决 keeps from being honoured (not tickable)."""
        if vetoed:
            self.households.addItem(self._vetoed_item(self.tr("一票否决，不能评先评优：")))
        for pick in vetoed:
            self.households.addItem(self._vetoed_item(pick.text, pick.key))

    def _holding(self) -> set[str]:
        """The households (or persons) holding the title typed for the period already."""
        title = " ".join(self.title.currentText().split())
        awards = HonourAwardService(self.ctx.ledger).list(
            self.ctx.village_id, self.period.currentData(), in_force=True
        )
        if self.whom.currentData() is None:
            return {a.household_id for a in awards if a.title == title and not a.member_id}
        return {a.member_id for a in awards if a.title == title and a.member_id}

    def _vetoed_item(self, text: str, household_id: str | None = None) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)  # not tickable, not selectable
        item.setForeground(VETOED_COLOUR)
        item.setData(Qt.ItemDataRole.UserRole + 1, household_id)
        return item

    def ticked(self) -> list[str]:
        """The household ids ticked, in the list's order."""
        items = (self.households.item(i) for i in range(self.households.count()))
        return [
            i.data(Qt.ItemDataRole.UserRole)
            for i in items
            if i.flags() & Qt.ItemFlag.ItemIsUserCheckable
            and i.checkState() == Qt.CheckState.Checked
        ]

    def _count(self) -> None:
        unit = self.tr("户") if self.whom.currentData() is None else self.tr("人")
        self.counted.setText(self.tr("已勾选 {0} {1}").format(len(self.ticked()), unit))

    def submit(self) -> Op[AwardResult] | None:
        proposal = self.proposal
        if proposal is None:
            return None
        ids = self.ticked()
        service = HonourAwardService(self.ctx.ledger)
        award = service.award if self.whom.currentData() is None else service.award_persons
        return award(
            self.ctx.village_id,
            ids,
            self.title.currentText(),
            self.period.currentData(),
            date_of(self.meeting),
            proposal.chosen_by,
            {h: proposal.basis[h] for h in ids if h in proposal.basis},
        )
