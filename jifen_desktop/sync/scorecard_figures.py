"""The figures of a village's year that the township's 考核 weighs, read from what its bundles
brought (no Qt, read-only):

* 按时审核: months of the year whose review session (一月一审核) was held by the end of the
  following month — the program's own rule: a month's pending entries become overdue once the
  month after it is over (``ReviewService.overdue``);
* 公示定稿: quarters of the year whose publications (the village's, or each grid's) are all final;
* 异议: objections received in the year, how many were closed (upheld or dismissed), and the
  median days from receipt to decision;
* 逾期未审: entries of the year still pending whose review is overdue as of ``today``;
* participation (PRODUCT.md): households on the books in the year with an approved, non-base
  entry; persons (members of those households, living there) named on such an entry; party
  members alike; households and persons with a redemption of the year not returned;
* the last bundle imported, and whether the village's hash chain holds (``scorecard_chain``)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from jifen_desktop.model import periods, summary_reads
from jifen_desktop.model.rankings import households_in_period
from jifen_desktop.model.schema import (
    Entry,
    EntryDecision,
    Household,
    Member,
    Redemption,
    RedemptionReturn,
    Village,
)
from jifen_desktop.model.schema.calendar import Objection, Publication, ReviewSession
from jifen_desktop.model.schema.sync import SyncPeer

from .scorecard_chain import chain_problems
from .township import last_bundles


@dataclass(frozen=True)
class VillageFigures:
    village_id: str
    code: str
    name: str
    reviews_on_time: int  # of 12
    quarters_final: int  # of 4
    objections: int
    objections_closed: int
    objection_days: float | None  # median days to close; None when none was closed
    overdue_entries: int
    households: int
    households_taking_part: int
    persons: int
    persons_taking_part: int
    party_members: int
    party_taking_part: int
    households_redeeming: int
    persons_redeeming: int
    last_bundle_at: dt.datetime | None
    chain_problems: int


@dataclass(frozen=True)
class _People:
    persons: frozenset[str]
    party: frozenset[str]


def reviews_on_time(session: Session, village_id: str, year: int) -> int:
    """Months of ``year`` with a review session held by the end of the following month."""
    held = session.execute(
        select(ReviewSession.month, ReviewSession.held_on).where(
            ReviewSession.village_id == village_id,
            ReviewSession.month.like(f"{year}-%"),
            ~ReviewSession.is_deleted,
        )
    ).all()
    on_time = set()
    for month, held_on in held:
        period = periods.parse(month)
        following = periods.month(*_next_month(period.start)).end
        if held_on <= following:
            on_time.add(month)
    return len(on_time)


def _next_month(day: dt.date) -> tuple[int, int]:
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


def quarters_final(session: Session, village_id: str, year: int) -> int:
    rows = session.execute(
        select(Publication.quarter, Publication.status).where(
            Publication.village_id == village_id,
            Publication.quarter.like(f"{year}Q%"),
            ~Publication.is_deleted,
        )
    ).all()
    states: dict[str, set[str]] = {}
    for quarter, status in rows:
        states.setdefault(quarter, set()).add(status)
    return sum(1 for s in states.values() if s == {"final"})


def objections(session: Session, village_id: str, year: int) -> tuple[int, int, float | None]:
    """(received, closed, median days to close) of the objections received in ``year``."""
    period = periods.year(year)
    rows = session.execute(
        select(Objection.status, Objection.received_on, Objection.resolved_on).where(
            Objection.village_id == village_id,
            Objection.received_on.between(period.start, period.end),
            ~Objection.is_deleted,
        )
    ).all()
    days = [
        (resolved - received).days
        for status, received, resolved in rows
        if status != "open" and resolved is not None
    ]
    return len(rows), len(days), (statistics.median(days) if days else None)


def overdue_entries(session: Session, village_id: str, year: int, today: dt.date) -> int:
    """Pending entries of ``year`` whose review is overdue on ``today``: of the month before
    last or earlier, or of a month whose session has ended (as ``ReviewService.overdue``)."""
    period = periods.year(year)
    due = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    states = session.execute(
        select(ReviewSession.month, ReviewSession.status).where(
            ReviewSession.village_id == village_id, ~ReviewSession.is_deleted
        )
    ).all()
    closed = {m for m, s in states if s == "closed"} - {m for m, s in states if s == "open"}
    pending = session.scalars(
        select(Entry.occurred_on).where(
            Entry.village_id == village_id,
            Entry.occurred_on.between(period.start, period.end),
            ~select(EntryDecision.id).where(EntryDecision.entry_id == Entry.id).exists(),
        )
    )
    return sum(1 for day in pending if day < due or f"{day:%Y-%m}" in closed)


def _people(session: Session, village_id: str, household_ids: set[str]) -> _People:
    """The members living in the households on the books, and the party members of them."""
    rows = session.execute(
        select(Member.id, Member.household_id, Member.is_party_member)
        .join(Household, Household.id == Member.household_id)
        .where(Household.village_id == village_id, ~Member.is_deleted, Member.status == "present")
    ).all()
    mine = [(mid, party) for mid, hid, party in rows if hid in household_ids]
    return _People(frozenset(m for m, _ in mine), frozenset(m for m, party in mine if party))


def _taking_part(session: Session, village_id: str, year: int) -> tuple[set[str], set[str]]:
    """(households, members) named on an approved, non-base entry of ``year`` (from the
    township's summaries where it keeps them)."""
    period = periods.year(year)
    if summary_reads.use_summaries(session, period):
        return summary_reads.taking_part(session, village_id, year)
    rows = session.execute(
        select(Entry.household_id, Entry.member_id)
        .join(EntryDecision, EntryDecision.entry_id == Entry.id)
        .where(
            Entry.village_id == village_id,
            EntryDecision.decision == "approved",
            Entry.kind == "normal",
            Entry.occurred_on.between(period.start, period.end),
        )
    ).all()
    return {h for h, _ in rows}, {m for _, m in rows if m}


def _redeeming(session: Session, village_id: str, year: int) -> tuple[set[str], set[str]]:
    """(households, members) with a redemption of ``year`` that was not returned."""
    period = periods.year(year)
    rows = session.execute(
        select(Redemption.household_id, Redemption.member_id)
        .outerjoin(RedemptionReturn, RedemptionReturn.redemption_id == Redemption.id)
        .where(
            Redemption.village_id == village_id,
            Redemption.occurred_on.between(period.start, period.end),
            RedemptionReturn.id.is_(None),
        )
    ).all()
    return {h for h, _ in rows}, {m for _, m in rows if m}


def _bundles(session: Session) -> dict[str, tuple[dt.datetime | None, list[str]]]:
    """Per village code: the last bundle imported and the replicas enrolled for it."""
    last = last_bundles(session)
    result: dict[str, tuple[dt.datetime | None, list[str]]] = {}
    for code, replica_id in session.execute(
        select(SyncPeer.code, SyncPeer.replica_id).where(SyncPeer.kind == "village")
    ):
        result.setdefault(code, (last.get(code), []))[1].append(replica_id)
    return result


def village_figures(
    session: Session,
    year: int,
    today: dt.date,
    progress: Callable[[float, str], None] | None = None,
) -> list[VillageFigures]:
    """The figures of every village held here, by village code; ``progress`` hears of each
    village before it is counted (its chain check reads every row it sent)."""
    bundles = _bundles(session)
    villages = session.scalars(
        select(Village).where(~Village.is_deleted).order_by(Village.code)
    ).all()
    result = []
    for i, village in enumerate(villages):
        if progress is not None:
            progress(i / len(villages), f"正在统计{village.name}（{i + 1}/{len(villages)}）…")
        result.append(_one(session, village, year, today, bundles.get(village.code, (None, []))))
    return result


def _one(
    session: Session,
    village: Village,
    year: int,
    today: dt.date,
    bundle: tuple[dt.datetime | None, list[str]],
) -> VillageFigures:
    on_books = {h.id for h, _ in households_in_period(session, village.id, periods.year(year))}
    people = _people(session, village.id, on_books)
    households, persons = _taking_part(session, village.id, year)
    redeem_households, redeem_persons = _redeeming(session, village.id, year)
    received, closed, days = objections(session, village.id, year)
    return VillageFigures(
        village.id,
        village.code,
        village.name,
        reviews_on_time(session, village.id, year),
        quarters_final(session, village.id, year),
        received,
        closed,
        days,
        overdue_entries(session, village.id, year, today),
        len(on_books),
        len(households & on_books),
        len(people.persons),
        len(persons & people.persons),
        len(people.party),
        len(persons & people.party),
        len(redeem_households & on_books),
        len(redeem_persons & people.persons),
        bundle[0],
        chain_problems(session, bundle[1]),
    )
