"""The township's views across the villages it holds (read-only, from their bundles): a line
per village (households, participation, points, the last bundle, and the persons' rates:
个人参与率, 党员参与率, 个人兑换率) and households ranked across villages. Points are approved points of the year, as in each village's own 排名与统计.

Units (单位: shops, firms, associations) are accounts too, but they are counted and ranked apart
(PRODUCT.md): 户数, participation and 户均 are over households only, a village's units and their
points have columns of their own, and the units have a ranking of their own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from jifen_desktop.model import summary_reads
from jifen_desktop.model.periods import year as year_period
from jifen_desktop.model.person_rates import NONE as NO_PERSONS
from jifen_desktop.model.person_rates import PersonRates, rates_by_village
from jifen_desktop.model.schema import Entry, EntryDecision, Grid, Household, Village
from jifen_desktop.model.schema.honours import HonourAward
from jifen_desktop.model.schema.household_changes import NOT_TRANSFER
from jifen_desktop.model.schema.sync import SyncBundle, SyncPeer


@dataclass(frozen=True)
class VillageSummary:
    village_id: str
    code: str
    name: str
    households: int  # households on the books (units not counted)
    active_households: int  # households with an approved, non-base entry in the year
    points: int  # the households' approved points of the year, base points included
    entries: int  # approved entries of the year, units' included
    last_bundle_at: dt.datetime | None
    last_entry_on: dt.date | None
    units: int = 0  # units on the books, apart from the households
    unit_points: int = 0  # the units' approved points of the year
    honours: int = 0  # titles (荣誉称号) in force awarded for the year or its quarters
    persons: PersonRates = NO_PERSONS  # 个人参与率, 党员参与率, 个人兑换率 of the year

    def person_cells(self) -> tuple[str, str, str]:
        """个人参与率, 党员参与率, 个人兑换率 as the overview shows them."""
        p = self.persons
        return (
            f"{p.participation:.0%}",
            f"{p.party_participation:.0%}" if p.party_present else "—",
            f"{p.redeeming_rate:.0%}",
        )

    @property
    def participation(self) -> float:
        return self.active_households / self.households if self.households else 0.0

    @property
    def average(self) -> float:
        return self.points / self.households if self.households else 0.0

    def cells(self, blank: str = "") -> tuple[str | int, ...]:
        """The line as the overview shows it (on screen and in ``jifen township overview``):
        村, 代码, 户数, 参与率, 积分, 户均, 单位数, 单位积分, 最后同步包, 最近记录; ``blank``
        where there is none."""
        return (
            self.name,
            self.code,
            self.households,
            f"{self.participation:.0%}",
            self.points,
            f"{self.average:.1f}",
            self.units,
            self.unit_points,
            f"{self.last_bundle_at:%Y-%m-%d %H:%M}" if self.last_bundle_at else blank,
            f"{self.last_entry_on:%Y-%m-%d}" if self.last_entry_on else blank,
        )


@dataclass(frozen=True)
class TownshipRankRow:
    rank: int
    village_name: str
    household_id: str
    number: str
    head_name: str
    grid_name: str
    points: int


def _approved() -> ColumnElement[bool]:
    """Approved entries, transfers left out (a 分户's transfer moves available points only)."""
    return (
        (EntryDecision.entry_id == Entry.id) & (EntryDecision.decision == "approved") & NOT_TRANSFER
    )


def _year_totals(session: Session, year: int) -> dict[tuple[str, str], tuple[int, int, int]]:
    """{(village id, account kind): (approved points of the year, approved entries, accounts
    of that kind on the books with an approved non-base entry)}."""
    period = year_period(year)
    if summary_reads.use_summaries(session, period):
        return summary_reads.year_totals(session, year)
    # participation counts the accounts 户数 counts: registered (active), not removed
    taking_part = and_(
        Entry.kind == "normal", Household.status == "active", Household.is_deleted.is_(False)
    )
    return {
        (vid, kind): (points or 0, count, active or 0)
        for vid, kind, points, count, active in session.execute(
            select(
                Entry.village_id,
                Household.kind,
                func.sum(Entry.points),
                func.count(),
                func.count(func.distinct(case((taking_part, Entry.household_id)))),
            )
            .join(EntryDecision, _approved())
            .join(Household, Household.id == Entry.household_id)
            .where(Entry.occurred_on.between(period.start, period.end))
            .group_by(Entry.village_id, Household.kind)
        )
    }


def _on_the_books(session: Session) -> dict[tuple[str, str], int]:
    """{(village id, account kind): accounts on the books}."""
    rows = session.execute(
        select(Household.village_id, Household.kind, func.count())
        .where(Household.is_deleted.is_(False), Household.status == "active")
        .group_by(Household.village_id, Household.kind)
    )
    return {(vid, kind): n for vid, kind, n in rows}


def last_bundles(session: Session) -> dict[str, dt.datetime]:
    """{village code: when its last bundle was imported here}."""
    return dict(
        session.execute(
            select(SyncPeer.code, func.max(SyncBundle.imported_at))
            .join(SyncBundle, SyncBundle.source_replica_id == SyncPeer.replica_id)
            .group_by(SyncPeer.code)
        ).all()
    )


def honours_in_force(session: Session, year: int) -> dict[str, int]:
    """{village id: titles in force awarded for ``year`` or one of its quarters}."""
    rows = session.execute(
        select(HonourAward.village_id, func.count())
        .where(
            HonourAward.period.startswith(str(year)),
            HonourAward.lifted_on.is_(None),
            HonourAward.is_deleted.is_(False),
        )
        .group_by(HonourAward.village_id)
    )
    return {vid: n for vid, n in rows}


def villages_overview(session: Session, year: int) -> list[VillageSummary]:
    totals = _year_totals(session, year)
    accounts = _on_the_books(session)
    summarised = summary_reads.use_summaries(session, year_period(year))
    last_entry = (
        summary_reads.last_entries(session)
        if summarised
        else dict(
            session.execute(
                select(Entry.village_id, func.max(Entry.occurred_on)).group_by(Entry.village_id)
            ).all()
        )
    )
    last_bundle = last_bundles(session)
    honours = honours_in_force(session, year)
    persons = (summary_reads.person_rates if summarised else rates_by_village)(
        session, year_period(year)
    )
    result = []
    for village in session.scalars(
        select(Village).where(Village.is_deleted.is_(False)).order_by(Village.code)
    ):
        points, count, active = totals.get((village.id, "household"), (0, 0, 0))
        unit_points, unit_count, _ = totals.get((village.id, "unit"), (0, 0, 0))
        result.append(
            VillageSummary(
                village.id,
                village.code,
                village.name,
                accounts.get((village.id, "household"), 0),
                active,
                points,
                count + unit_count,
                last_bundle.get(village.code),
                last_entry.get(village.id),
                accounts.get((village.id, "unit"), 0),
                unit_points,
                honours.get(village.id, 0),
                persons.get(village.id, NO_PERSONS),
            )
        )
    return result


def household_ranking(
    session: Session, year: int, limit: int = 100, kind: str = "household"
) -> list[TownshipRankRow]:
    """The households (or, with ``kind="unit"``, the units: ranked apart) with the most
    approved points of the year, across every village."""
    period = year_period(year)
    total = func.sum(Entry.points).label("total")
    top = (
        summary_reads.top_households(session, year, limit, kind)
        if summary_reads.use_summaries(session, period)
        else (
            select(Entry.household_id, total)
            .join(EntryDecision, _approved())
            .join(Household, Household.id == Entry.household_id)
            .where(Entry.occurred_on.between(period.start, period.end), Household.kind == kind)
            .group_by(Entry.household_id)
            .order_by(total.desc(), Entry.household_id)
            .limit(limit)
            .subquery()
        )
    )
    stmt = (
        select(
            top.c.household_id,
            top.c.total,
            Household.number,
            Household.head_name,
            Household.unit_name,
            Grid.name,
            Village.name,
        )
        .join(Household, Household.id == top.c.household_id)
        .join(Village, Village.id == Household.village_id)
        .outerjoin(Grid, Grid.id == Household.grid_id)
        .order_by(top.c.total.desc(), Village.code, Household.number)
    )
    rows = []
    rank, previous = 0, None
    for position, (hid, points, number, head, unit, grid, village) in enumerate(
        session.execute(stmt), start=1
    ):
        if points != previous:
            rank, previous = position, points
        rows.append(
            TownshipRankRow(rank, village, hid, number, unit or head, grid or "", points or 0)
        )
    return rows
