"""Rankings (shared ranks 1, 2, 2, 4), households above the average, and participation rates
per grid and village, for a quarter, a year or all time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from . import authz
from .balances import PointsTotal, points_by_household
from .calendar.vetoes import vetoes_in
from .engine_sql import month_text
from .entry_checks import live_entries_clause
from .periods import Period
from .schema import Entry, EntryDecision, Grid, Household
from .schema.household_changes import NOT_TRANSFER

if TYPE_CHECKING:
    from .ledger import Ledger


@dataclass(frozen=True)
class RankRow:
    rank: int
    household_id: str
    number: str
    head_name: str
    grid_name: str
    added: int
    deducted: int
    points: int
    vetoed: bool = False  # under a veto (一票否决) some day of the period: still ranked, marked


@dataclass(frozen=True)
class Participation:
    grid_id: str | None  # None for the whole village
    grid_name: str
    active_households: int
    participating: int

    @property
    def rate(self) -> float:
        return self.participating / self.active_households if self.active_households else 0.0


def competition_ranks(points: list[int]) -> list[int]:
    """Ranks for points sorted high to low: equal points share a rank, the next rank skips."""
    ranks: list[int] = []
    for i, p in enumerate(points):
        ranks.append(ranks[-1] if i and p == points[i - 1] else i + 1)
    return ranks


def households_in_period(
    session: Session,
    village_id: str,
    period: Period,
    grid_id: str | None = None,
    kind: str = "household",
) -> list[tuple[Household, str]]:
    """Households that were on the books during the period (joined before its end, and still
    active or left after it began)."""
    stmt = (
        select(Household, func.coalesce(Grid.name, ""))
        .outerjoin(Grid, Household.grid_id == Grid.id)
        .where(
            Household.village_id == village_id,
            Household.kind == kind,
            ~Household.is_deleted,
            Household.registered_on <= period.end,
            or_(Household.status == "active", Household.status_since >= period.start),
        )
    )
    if grid_id:
        stmt = stmt.where(Household.grid_id == grid_id)
    return list(session.execute(stmt))


@dataclass(frozen=True)
class PointsBreakdown:
    label: str  # a category name or a month "2026-03"
    added: int
    deducted: int
    entries: int


def participation_by_grid(
    s: Session, village_id: str, period: Period, took_part: set[str]
) -> list[Participation]:
    """Per grid, then the village (全村) as a last row: of the households active in the
    period, how many are in ``took_part``. A removed grid shows only while it had households."""
    households = households_in_period(s, village_id, period)
    grids = s.execute(
        select(Grid.id, Grid.name, Grid.is_deleted)
        .where(Grid.village_id == village_id)
        .order_by(Grid.sort_order, Grid.name)
    ).all()
    result = []
    for grid_id, grid_name, removed in list(grids) + [(None, "全村", False)]:
        members = [h for h, _ in households if grid_id is None or h.grid_id == grid_id]
        if removed and not members:
            continue
        result.append(
            Participation(
                grid_id, grid_name, len(members), sum(1 for h in members if h.id in took_part)
            )
        )
    return result


class RankingService:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def rank(
        self, village_id: str, period: Period, grid_id: str | None = None, kind: str = "household"
    ) -> list[RankRow]:
        authz.require_village(self.ledger.actor, village_id)
        with self.ledger.read() as s:
            households = households_in_period(s, village_id, period, grid_id, kind)
            totals = points_by_household(s, village_id, period)
            vetoed = vetoes_in(s, village_id, period.start, period.end)
        zero = PointsTotal(0, 0, 0)
        rows = [(h, g, totals.get(h.id, zero)) for h, g in households]
        rows.sort(key=lambda r: (-r[2].net, r[0].number))
        ranks = competition_ranks([t.net for _, _, t in rows])
        return [
            RankRow(
                rank,
                h.id,
                h.number,
                h.unit_name or h.head_name,
                g,
                t.added,
                t.deducted,
                t.net,
                h.id in vetoed,
            )
            for rank, (h, g, t) in zip(ranks, rows, strict=False)
        ]

    def above_average(
        self, village_id: str, period: Period, grid_id: str | None = None
    ) -> tuple[float, list[RankRow]]:
        """The average points and the households strictly above it (the seeds' nomination bar)."""
        rows = self.rank(village_id, period, grid_id)
        if not rows:
            return 0.0, []
        average = sum(r.points for r in rows) / len(rows)
        return average, [r for r in rows if r.points > average]

    def participation(self, village_id: str, period: Period) -> list[Participation]:
        """Per grid, then the village as a last row: households with at least one approved,
        unreversed, non-base entry in the period / households active in it."""
        authz.require_village(self.ledger.actor, village_id)
        with self.ledger.read() as s:
            active = set(
                s.scalars(
                    select(Entry.household_id)
                    .join(
                        EntryDecision,
                        (EntryDecision.entry_id == Entry.id)
                        & (EntryDecision.decision == "approved"),
                    )
                    .where(
                        Entry.village_id == village_id,
                        Entry.kind == "normal",
                        Entry.occurred_on.between(period.start, period.end),
                        live_entries_clause(),
                    )
                    .distinct()
                )
            )
            return participation_by_grid(s, village_id, period, active)

    def by_category(
        self, village_id: str, period: Period, *, include_base: bool = True
    ) -> list[PointsBreakdown]:
        """Approved points per rule category in the period."""
        return self._breakdown(village_id, period, Entry.category_name, include_base)

    def by_month(
        self, village_id: str, period: Period, *, include_base: bool = True
    ) -> list[PointsBreakdown]:
        """Approved points per month of the period, months in order."""
        month = month_text(Entry.occurred_on)
        return self._breakdown(village_id, period, month, include_base)

    def _breakdown(
        self, village_id: str, period: Period, key: Any, include_base: bool
    ) -> list[PointsBreakdown]:
        authz.require_village(self.ledger.actor, village_id)
        added = func.sum(case((Entry.points > 0, Entry.points), else_=0))
        deducted = func.sum(case((Entry.points < 0, Entry.points), else_=0))
        stmt = (
            select(key, added, deducted, func.count())
            .join(
                EntryDecision,
                (EntryDecision.entry_id == Entry.id) & (EntryDecision.decision == "approved"),
            )
            .where(
                Entry.village_id == village_id,
                Entry.occurred_on.between(period.start, period.end),
                NOT_TRANSFER,  # transfers move available points, not points earned
            )
            .group_by(key)
            .order_by(key)
        )
        if not include_base:
            stmt = stmt.where(Entry.kind != "base")
        with self.ledger.read() as s:
            return [
                PointsBreakdown(label or "", a or 0, d or 0, n)
                for label, a, d, n in s.execute(stmt)
            ]
