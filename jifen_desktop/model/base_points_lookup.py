"""The look-ups of 发放年度基础分 (model/base_points.py): who has the year's base entry, the
households still without it, those added by 花名册导入, the quarters already posted for each
household, and the withholdings already in the audit log. Each is one village-wide query (no IN
list of every household: old SQLite takes at most 999 values)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from . import periods
from .calendar.locks import PUBLISHED
from .entry_checks import live_entries_clause
from .schema import AuditRow, Entry, Household, HouseholdStatusChange
from .schema.calendar import Publication, PublicationRow

WITHHOLD_ACTION = "entry.base_points.withhold"
# The reason roster import (model/roster/service.py) gives the status change of each household it adds.
ROSTER_REASON = "花名册导入"


def has_base_clause(village_id: str, start: dt.date, end: dt.date) -> ColumnElement[bool]:
    """The household has its live base entry dated in [start, end]."""
    return (
        select(Entry.id)
        .where(
            Entry.household_id == Household.id,
            Entry.village_id == village_id,
            Entry.kind == "base",
            Entry.occurred_on.between(start, end),
            live_entries_clause(),
        )
        .exists()
    )


def active_households(
    session: Session, village_id: str, end: dt.date, *where: ColumnElement[bool]
) -> list[Household]:
    return list(
        session.scalars(
            select(Household)
            .where(
                Household.village_id == village_id,
                Household.kind == "household",
                Household.status == "active",
                Household.registered_on <= end,
                ~Household.is_deleted,
                *where,
            )
            .order_by(Household.number)
        )
    )


def imported_in(session: Session, village_id: str, year: int) -> set[str]:
    """Households added by 花名册导入 in ``year`` (their registration day is the import's)."""
    return set(
        session.scalars(
            select(HouseholdStatusChange.household_id)
            .join(Household, Household.id == HouseholdStatusChange.household_id)
            .where(
                Household.village_id == village_id,
                HouseholdStatusChange.reason == ROSTER_REASON,
                HouseholdStatusChange.status == "active",
                HouseholdStatusChange.effective_on.between(
                    dt.date(year, 1, 1), dt.date(year, 12, 31)
                ),
            )
        )
    )


def posted_quarters(session: Session, village_id: str, year: int) -> dict[str, set[str]]:
    """{household id: the quarters of ``year`` whose 公示 listing it is posted or final}."""
    rows = session.execute(
        select(PublicationRow.household_id, Publication.quarter)
        .join(Publication, Publication.id == PublicationRow.publication_id)
        .where(
            Publication.village_id == village_id,
            Publication.quarter.in_([q.key for q in quarters(year)]),
            Publication.status.in_(PUBLISHED),
        )
        .distinct()
    )
    posted: dict[str, set[str]] = {}
    for household_id, quarter in rows:
        posted.setdefault(household_id, set()).add(quarter)
    return posted


def first_open_day(day: dt.date, year: int, posted: set[str]) -> dt.date | None:
    """``day``, or the first day of the first later quarter of the year not yet posted."""
    for quarter in quarters(year):
        if quarter.end < day or quarter.key in posted:
            continue
        return max(day, quarter.start)
    return None


def quarters(year: int) -> list[periods.Period]:
    return [periods.quarter(year, q) for q in (1, 2, 3, 4)]


def summary_prefix(year: int) -> str:
    return f"{year}年度基础分不发给 "


def earlier_withholdings(session: Session, village_id: str, year: int) -> dict[str, str]:
    """{household id: reason} of the withholdings of the year already in the audit log."""
    rows = session.execute(
        select(AuditRow.object_id, AuditRow.summary)
        .where(
            AuditRow.village_id == village_id,
            AuditRow.action == WITHHOLD_ACTION,
            AuditRow.summary.startswith(summary_prefix(year)),
        )
        .order_by(AuditRow.at, AuditRow.seq)
    )
    return {object_id: summary.rsplit("理由：", 1)[-1] for object_id, summary in rows}
