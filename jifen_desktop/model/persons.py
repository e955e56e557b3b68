"""Person accounts (个人积分) within the households: a view over the household ledger, never a
second ledger. A person's points in a period are the approved entries naming them
(``entries.member_id``); the household's points stay the sum of all its entries.

Persons are the members of the village's households who were present some day of the period
(still 在户, or moved out or deceased after it began). They are ranked within a group (全体村民,
党员, 村干部), with the village's person grades (个人等次, not the households' 评星定级, which
count base points) applied to a half-year or a year: seed 002 assesses party members 半年一评
and yearly; a village that set none gets no grades. A person of a household under a veto some day of
the period is ranked, marked, and left out of the honours, as the household is."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from . import authz
from .balances import PointsTotal
from .calendar.honours import Grade, at_top, grade_of, year_before
from .calendar.vetoes import vetoes_in
from .errors import NotFound, ValidationError
from .periods import Period
from .person_groups import GROUP_NAMES
from .person_rows import keys_of, moved_rows, one_row_a_person, rows_of_person, total_of
from .rankings import competition_ranks
from .schema import Entry, EntryDecision, Grid, Household, Member

if TYPE_CHECKING:
    from .ledger import Ledger


@dataclass(frozen=True)
class PersonRow:
    """A person and their approved points in the period."""

    member_id: str
    household_id: str
    household_number: str
    name: str
    relation: str
    grid_name: str
    is_party_member: bool
    is_cadre: bool
    status: str
    added: int = 0
    deducted: int = 0
    entries: int = 0

    @property
    def points(self) -> int:
        return self.added + self.deducted

    @property
    def groups_text(self) -> str:
        """“党员、村干部”, or “群众” for neither."""
        names = [n for n, on in (("党员", self.is_party_member), ("村干部", self.is_cadre)) if on]
        return "、".join(names) or "群众"


@dataclass(frozen=True)
class PersonRank:
    rank: int
    person: PersonRow
    grade: str  # "" when the period is not graded
    vetoed: bool  # the household is under a veto some day of the period


def check_group(group: str) -> str:
    if group not in GROUP_NAMES:
        raise ValidationError(
            "人员范围只能是 all（全体村民）、party（党员）或 cadre（村干部）。", field="group"
        )
    return group


def graded_for_persons(period: Period) -> bool:
    """Persons are graded for a half-year (半年一评, seed 002) or a year."""
    return period.key.isdigit() or "H" in period.key


def present_clause(period: Period) -> ColumnElement[bool]:
    """Members (joined with their household) present some day of the period in a household
    on the books then."""
    return and_(
        Household.kind == "household",
        ~Household.is_deleted,
        ~Member.is_deleted,
        Household.registered_on <= period.end,
        or_(Household.status == "active", Household.status_since >= period.start),
        or_(Member.status == "present", Member.status_since >= period.start),
    )


def present_members(
    session: Session,
    village_id: str,
    period: Period,
    group: str = "all",
    grid_id: str | None = None,
) -> list[tuple[Member, Household, str]]:
    """(member, household, grid name) of the people present some day of the period in the
    village's households on the books then, in the group; by household number, head first."""
    stmt = (
        select(Member, Household, func.coalesce(Grid.name, ""))
        .join(Household, Household.id == Member.household_id)
        .outerjoin(Grid, Grid.id == Household.grid_id)
        .where(Household.village_id == village_id, present_clause(period))
        .order_by(Household.number, Member.relation != "户主", Member.name, Member.id)
    )
    if group == "party":
        stmt = stmt.where(Member.is_party_member)
    elif group == "cadre":
        stmt = stmt.where(Member.is_cadre)
    if grid_id:
        stmt = stmt.where(Household.grid_id == grid_id)
    return [(m, h, g) for m, h, g in session.execute(stmt)]


def points_by_member(
    session: Session, village_id: str, period: Period, member_ids: Iterable[str] | None = None
) -> dict[str, PointsTotal]:
    """Approved points per member named by entries dated in the period."""
    added = func.sum(case((Entry.points > 0, Entry.points), else_=0))
    deducted = func.sum(case((Entry.points < 0, Entry.points), else_=0))
    stmt = (
        select(Entry.member_id, added, deducted, func.count())
        .join(
            EntryDecision,
            (EntryDecision.entry_id == Entry.id) & (EntryDecision.decision == "approved"),
        )
        .where(
            Entry.village_id == village_id,
            Entry.member_id.is_not(None),
            Entry.occurred_on.between(period.start, period.end),
        )
        .group_by(Entry.member_id)
    )
    if member_ids is not None:
        stmt = stmt.where(Entry.member_id.in_(list(member_ids)))
    return {m: PointsTotal(a or 0, d or 0, n) for m, a, d, n in session.execute(stmt) if m}


def person_row(member: Member, household: Household, grid: str, total: PointsTotal) -> PersonRow:
    return PersonRow(
        member.id,
        household.id,
        household.number,
        member.name,
        member.relation,
        grid,
        member.is_party_member,
        member.is_cadre,
        member.status,
        total.added,
        total.deducted,
        total.entries,
    )


def rank_persons(rows: list[PersonRow], grades: list[Grade], vetoed: set[str]) -> list[PersonRank]:
    """Ranks high to low (equal points share a rank), the grade of each, vetoes marked: a
    person of a vetoed household is ranked but not graded, as the household is not."""
    ordered = sorted(rows, key=lambda r: (-r.points, r.household_number, r.name))
    ranks = competition_ranks([r.points for r in ordered])
    result = []
    for rank, row in zip(ranks, ordered, strict=True):
        out = row.household_id in vetoed
        grade = grade_of(row.points, grades) if grades and not out else None
        result.append(PersonRank(rank, row, grade.name if grade else "", out))
    return result


class PersonService:
    """个人积分: persons of the village, their points, their ranking in a group."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def list(
        self, village_id: str, period: Period, group: str = "all", grid_id: str | None = None
    ) -> builtins.list[PersonRow]:
        authz.require_village(self.ledger.actor, village_id)
        check_group(group)
        with self.ledger.read() as s:
            found = [
                (m, (h, g)) for m, h, g in present_members(s, village_id, period, group, grid_id)
            ]
            totals = points_by_member(s, village_id, period, [m.id for m, _rest in found])
            moved = moved_rows(s, village_id)  # a person without an ID number, moved: one
        return [
            person_row(m, h, g, total_of(totals, ids))
            for (m, (h, g)), ids in one_row_a_person(found, moved)
        ]

    def rank(
        self, village_id: str, period: Period, group: str = "all", grid_id: str | None = None
    ) -> builtins.list[PersonRank]:
        """The persons of the group ranked by their points in the period, graded (half-year,
        year) by the village's person grades (个人等次), if it set any."""
        rows = self.list(village_id, period, group, grid_id)
        grades = self.ledger.honours.person_grades(village_id)
        with self.ledger.read() as s:
            vetoed = set(vetoes_in(s, village_id, period.start, period.end))
        return rank_persons(rows, grades if graded_for_persons(period) else [], vetoed)

    def get(self, member_id: str, period: Period) -> PersonRow:
        """One person with their points in the period (whatever their status now)."""
        with self.ledger.read() as s:
            member = s.get(Member, member_id)
            if member is None or member.is_deleted:
                raise NotFound("找不到这位成员。")
            household = s.get(Household, member.household_id)
            assert household is not None
            authz.require_village(self.ledger.actor, household.village_id)
            grid = s.get(Grid, household.grid_id) if household.grid_id else None
            ids = rows_of_person(s, member, household.village_id)
            total = total_of(points_by_member(s, household.village_id, period, ids), ids)
        return person_row(member, household, grid.name if grid else "", total)

    def two_years(
        self, village_id: str, period: Period, group: str = "all"
    ) -> builtins.list[PersonRank]:
        """Persons of the group at the village's top grade in the year and the year before
        (连续两年优秀), their households under no veto in the year."""
        if not period.key.isdigit():
            raise ValidationError("连续两年优秀按年度积分评定：请选一个年度。", field="period")
        now = self.rank(village_id, period, group)
        before = self.rank(village_id, year_before(period), group)
        grades = self.ledger.honours.person_grades(village_id)
        with self.ledger.read() as s:  # a person moved by 分户/合户 has a new row this year
            key = keys_of(s, [r.person.member_id for r in (*now, *before)])
        earlier = {key[r.person.member_id] for r in before if at_top(r.person.points, grades)}
        return [
            r
            for r in now
            if not r.vetoed
            and key[r.person.member_id] in earlier
            and at_top(r.person.points, grades)
        ]
