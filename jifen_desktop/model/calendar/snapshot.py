"""A publication's snapshot: each household's points for the quarter, year and lifetime up to
the quarter's end, its rank by year total, and the 补记 of the quarter, from approved entries
as they are when the snapshot is taken."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from ..balances import PointsTotal, points_by_household
from ..periods import EARLIEST, Period
from ..rankings import competition_ranks, households_in_period
from ..schema import Entry, EntryDecision, Household
from .vetoes import vetoes_in


@dataclass(frozen=True)
class SnapshotLine:
    household_id: str
    number: str
    head_name: str
    grid_name: str
    added: int
    deducted: int  # negative
    net: int
    late: int  # of ``net``: points of 补记
    year_total: int
    lifetime_total: int
    rank: int  # by year total within the publication
    vetoed: bool


@dataclass(frozen=True)
class LateLine:
    """A 补记: recorded in this quarter for a day of an earlier, already published quarter."""

    entry_id: str
    household_id: str
    number: str
    head_name: str
    original_on: dt.date
    recorded_on: dt.date
    item: str
    points: int
    reason: str


def _approved() -> ColumnElement[bool]:
    return (EntryDecision.entry_id == Entry.id) & (EntryDecision.decision == "approved")


def _late_points(session: Session, village_id: str, quarter: Period) -> dict[str, int]:
    """Per household, the approved points recorded in ``quarter`` as 补记 (of an earlier day)."""
    return dict(
        session.execute(
            select(Entry.household_id, func.sum(Entry.points))
            .join(EntryDecision, _approved())
            .where(
                Entry.village_id == village_id,
                Entry.occurred_on.between(quarter.start, quarter.end),
                Entry.original_on.is_not(None),
            )
            .group_by(Entry.household_id)
        ).all()
    )


def take(
    session: Session, village_id: str, quarter: Period, grid_id: str | None
) -> tuple[list[SnapshotLine], list[LateLine]]:
    """The lines of every household on the books in the quarter (of one grid if given)."""
    households = households_in_period(session, village_id, quarter, grid_id)
    ids = [h.id for h, _ in households]
    in_quarter = points_by_household(session, village_id, quarter)
    in_year = points_by_household(
        session, village_id, Period("", dt.date(quarter.start.year, 1, 1), quarter.end)
    )
    ever = points_by_household(session, village_id, Period("", EARLIEST, quarter.end))
    late_points = _late_points(session, village_id, quarter)
    vetoed = vetoes_in(session, village_id, quarter.start, quarter.end)
    zero = PointsTotal(0, 0, 0)
    rows = sorted(households, key=lambda r: (-in_year.get(r[0].id, zero).net, r[0].number))
    ranks = competition_ranks([in_year.get(h.id, zero).net for h, _ in rows])
    lines = []
    for rank, (h, grid_name) in zip(ranks, rows, strict=True):
        q = in_quarter.get(h.id, zero)
        lines.append(
            SnapshotLine(
                h.id,
                h.number,
                h.unit_name or h.head_name,
                grid_name,
                q.added,
                q.deducted,
                q.net,
                late_points.get(h.id) or 0,
                in_year.get(h.id, zero).net,
                ever.get(h.id, zero).net,
                rank,
                h.id in vetoed,
            )
        )
    return lines, late_lines(session, village_id, quarter, set(ids))


def late_lines(
    session: Session, village_id: str, quarter: Period, household_ids: set[str]
) -> list[LateLine]:
    stmt = (
        select(Entry, Household.number, Household.unit_name, Household.head_name)
        .join(EntryDecision, _approved())
        .join(Household, Household.id == Entry.household_id)
        .where(
            Entry.village_id == village_id,
            Entry.occurred_on.between(quarter.start, quarter.end),
            Entry.original_on.is_not(None),
        )
        .order_by(Household.number, Entry.original_on, Entry.id)
    )
    result = []
    for e, number, unit_name, head_name in session.execute(stmt):
        if e.household_id not in household_ids:
            continue
        kind = {"reversal": "冲正 ", "penalty": "扣分 "}.get(e.kind, "")
        result.append(
            LateLine(
                e.id,
                e.household_id,
                number,
                unit_name or head_name,
                e.original_on or e.occurred_on,
                e.occurred_on,
                f"{kind}{e.rule_code} {e.rule_name}",
                e.points,
                e.reason,
            )
        )
    return result
