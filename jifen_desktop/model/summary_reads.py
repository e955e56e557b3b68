"""The township's questions answered from its summary tables (``model.summaries``) instead of
every entry: a year's totals per village, the households with the most points of a year, the
persons taking part, the households and persons of one village taking part.

Each answer is the one the scanning query gives (``sync.township``, ``person_rates``,
``sync.scorecard_figures``), which stays the way for a database that keeps no summaries (a
village), for a period they do not hold (a month, a half-year, all time), and when a caller
asks for it: ``session.info["summaries"] = False`` (the tests compare both ways)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection

from sqlalchemy import Subquery, func, select
from sqlalchemy.orm import Session

from .periods import Period
from .person_rates import PersonRates, redeeming
from .persons import present_clause
from .schema import Household, Member, Village
from .schema.summaries import HouseholdTotal, MemberTotal, VillagePersonTotal, VillageTotal
from .summaries import kept, person_counts, taking_part_in

HELD = re.compile(r"\d{4}(Q[1-4])?")
YEAR = re.compile(r"\d{4}")


def use_summaries(session: Session, period: Period | None = None) -> bool:
    """Whether to read the summaries: kept here, not turned off for this session, and holding
    the period (a year or a quarter)."""
    if period is not None and not HELD.fullmatch(period.key):
        return False
    return bool(session.info.get("summaries", True)) and kept(session)


def year_totals(session: Session, year: int) -> dict[tuple[str, str], tuple[int, int, int]]:
    """{(village id, account kind): (approved points, approved entries, accounts on the books
    taking part)} of the year, as ``sync.township``'s scan counts them."""
    rows = session.execute(
        select(
            VillageTotal.village_id,
            VillageTotal.kind,
            VillageTotal.points,
            VillageTotal.entries,
            VillageTotal.active,
        ).where(VillageTotal.period == str(year), VillageTotal.entries > 0)
    )
    return {(vid, kind): (points, count, active) for vid, kind, points, count, active in rows}


def last_entries(session: Session) -> dict[str, dt.date]:
    """{village id: the day of its latest entry, of any state}."""
    years = select(VillageTotal.village_id, func.max(VillageTotal.last_entry_on)).where(
        func.length(VillageTotal.period) == 4
    )
    return {vid: day for vid, day in session.execute(years.group_by(VillageTotal.village_id))}


def top_households(session: Session, year: int, limit: int, kind: str) -> Subquery:
    """(household_id, total) of the ``limit`` accounts of ``kind`` with the most approved
    points of the year, ties by id: the scan's ``top`` subquery, from a row per account."""
    return (
        select(HouseholdTotal.household_id, HouseholdTotal.points.label("total"))
        .join(Household, Household.id == HouseholdTotal.household_id)
        .where(HouseholdTotal.period == str(year), Household.kind == kind)
        .order_by(HouseholdTotal.points.desc(), HouseholdTotal.household_id)
        .limit(limit)
        .subquery()
    )


def person_rates(session: Session, period: Period) -> dict[str, PersonRates]:
    """{village id: its persons' rates in the period} (``person_rates.rates_by_village``): a
    year's from the villages' rows of that year, the villages without one (no entry in the
    year) and any quarter's from their persons."""
    if not YEAR.fullmatch(period.key):
        return _person_rates(session, period, None)
    p = VillagePersonTotal
    counts = (p.present, p.taking_part, p.party_present, p.party_taking_part, p.redeeming)
    rows = session.execute(select(p.village_id, *counts).where(p.period == period.key))
    found = {vid: PersonRates(*figures) for vid, *figures in rows}
    without = select(VillageTotal.village_id).where(VillageTotal.period == period.key)
    others = select(Village.id).where(~Village.is_deleted, Village.id.not_in(without))
    left = set(session.scalars(others))
    return found | (_person_rates(session, period, left) if left else {})


def _person_rates(
    session: Session, period: Period, villages: Collection[str] | None
) -> dict[str, PersonRates]:
    """The rates from every person present (of ``villages``; None: of all)."""
    redeemed = redeeming(period).subquery()
    stmt = (
        select(
            Household.village_id,
            *person_counts(MemberTotal.id),
            func.count(redeemed.c.member_id),
        )
        .select_from(Member)
        .join(Household, Household.id == Member.household_id)
        .outerjoin(MemberTotal, taking_part_in(period.key))
        .outerjoin(redeemed, redeemed.c.member_id == Member.id)
        .where(present_clause(period))
        .group_by(Household.village_id)
    )
    if villages is not None:
        stmt = stmt.where(Household.village_id.in_(sorted(villages)))
    return {vid: PersonRates(*counts) for vid, *counts in session.execute(stmt)}


def taking_part(session: Session, village_id: str, year: int) -> tuple[set[str], set[str]]:
    """(households, persons) named on an approved ``normal`` entry of the year in the village
    (``scorecard_figures``' count, reversed entries included)."""
    households = session.scalars(
        select(HouseholdTotal.household_id).where(
            HouseholdTotal.period == str(year),
            HouseholdTotal.village_id == village_id,
            HouseholdTotal.normal_entries > 0,
        )
    )
    members = session.scalars(
        select(MemberTotal.member_id).where(
            MemberTotal.period == str(year), MemberTotal.village_id == village_id
        )
    )
    return set(households), set(members)
