"""Keeping the township's summary tables (``schema.summaries``): each year's and quarter's
approved points per household, per person and per village, computed set-based from the entries
(``INSERT … SELECT``, the same statements on SQLite and PostgreSQL).

A village is the unit of refreshing: its rows are deleted and made again from its entries: its
quarters by three grouped reads of that village's entries (households and persons with the
decisions, the latest day of any entry), its years by adding up its quarter rows. An import refreshes the villages of the bundle inside the bundle's
transaction (``refresh_after_import``); ``rebuild`` makes every row again (migration 0016,
``jifen township rebuild-summaries``); ``computed`` gives the rows as they should be, for
``jifen verify`` to compare. Only a township keeps them: a village's own screens count from the
entries, which it writes itself."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    case,
    cast,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Session, aliased

from .schema import Entry, EntryDecision, Household, Replica
from .schema.household_changes import TRANSFER
from .schema.summaries import HouseholdTotal, MemberTotal, VillageTotal

TABLES = (HouseholdTotal, MemberTotal, VillageTotal)
YEAR_LEN, QUARTER_LEN = 4, 6  # "2026", "2026Q3"
Scope = Collection[str] | None  # village ids, or None for every village


def _columns(table: type[Any]) -> list[str]:
    return [c.name for c in table.__table__.columns]


def kept(conn: Connection | Session) -> bool:
    """Whether this database keeps summaries (a township does)."""
    return conn.execute(select(Replica.mode)).scalar() == "township"


def _year() -> ColumnElement[str]:
    return func.substr(cast(Entry.occurred_on, String(10)), 1, 4, type_=String)


def _quarter() -> ColumnElement[str]:
    """The entry's quarter, ``2026Q3``."""
    month = func.substr(cast(Entry.occurred_on, String(10)), 6, 2, type_=String)
    q = case((month <= "03", "Q1"), (month <= "06", "Q2"), (month <= "09", "Q3"), else_="Q4")
    return _year().concat(q)


def _approved_join(stmt: Select[Any], scope: Scope) -> Select[Any]:
    """Approved entries only: joined with every decision for all villages; for some villages
    each of their entries looks its decision up (by its unique index), so that refreshing one
    village of a county does not read the decisions of all of them."""
    if scope is None:
        on = (EntryDecision.entry_id == Entry.id) & (EntryDecision.decision == "approved")
        return stmt.join(EntryDecision, on)
    decision = select(EntryDecision.decision).where(EntryDecision.entry_id == Entry.id)
    return stmt.where(Entry.village_id.in_(sorted(scope)), decision.scalar_subquery() == "approved")


def _keyed(c: Any, key: str, *figures: Any) -> Select[Any]:
    """Rows of (id, period, ``key``, village, ``figures``…) grouped by the first four."""
    grouped = (c.p, c[key], c.village_id)
    return select(c.p.concat(":").concat(c[key]), *grouped, *figures).group_by(*grouped)


def _household_quarters(scope: Scope) -> Select[Any]:
    inner = _approved_join(
        select(
            _quarter().label("p"),
            Entry.household_id,
            Entry.village_id,
            Entry.points,
            case((Entry.kind == "normal", 1), else_=0).label("normal"),
        ).where(Entry.kind != TRANSFER),
        scope,
    ).subquery()
    c = inner.c
    return _keyed(c, "household_id", func.sum(c.points), func.count(), func.sum(c.normal))


def _member_quarters(scope: Scope) -> Select[Any]:
    reversal = aliased(Entry)
    reversed_ids = select(reversal.corrects_entry_id).where(
        reversal.kind == "reversal", reversal.corrects_entry_id.is_not(None)
    )
    if scope is not None:
        reversed_ids = reversed_ids.where(reversal.village_id.in_(sorted(scope)))
    inner = _approved_join(
        select(
            _quarter().label("p"),
            Entry.member_id,
            Entry.village_id,
            case((Entry.id.in_(reversed_ids), 0), else_=1).label("live"),
        ).where(Entry.kind == "normal", Entry.member_id.is_not(None)),
        scope,
    ).subquery()
    c = inner.c
    return _keyed(c, "member_id", func.count(), func.sum(c.live))


def _quarter_rows(table: Any, scope: Scope, *columns: Any) -> Select[Any]:
    """``columns`` of ``table``'s quarter rows, with the year as ``p``, in scope."""
    year = func.substr(table.period, 1, 4, type_=String)
    stmt = select(year.label("p"), *columns).where(func.length(table.period) == QUARTER_LEN)
    return stmt if scope is None else stmt.where(table.village_id.in_(sorted(scope)))


def _years_of(table: Any) -> Callable[[Scope], Select[Any]]:
    """A table's year rows: its quarter rows summed (every figure in it adds up)."""
    key, _village, *sums = _columns(table)[2:]
    columns = [getattr(table, name) for name in (key, "village_id", *sums)]

    def rows(scope: Scope) -> Select[Any]:
        c = _quarter_rows(table, scope, *columns).subquery().c
        return _keyed(c, key, *(func.sum(c[name]) for name in sums))

    return rows


def _accounts(length: int, scope: Scope) -> Any:
    """Per (period, village, kind) of the household rows of periods of ``length``: approved
    points and entries, and the accounts on the books taking part."""
    on_books = (HouseholdTotal.normal_entries > 0) & (Household.status == "active")
    stmt = (
        select(
            HouseholdTotal.period,
            HouseholdTotal.village_id,
            Household.kind,
            func.sum(HouseholdTotal.points).label("points"),
            func.sum(HouseholdTotal.entries).label("entries"),
            func.sum(case((on_books & ~Household.is_deleted, 1), else_=0)).label("active"),
        )
        .join(Household, Household.id == HouseholdTotal.household_id)
        .where(func.length(HouseholdTotal.period) == length)
        .group_by(HouseholdTotal.period, HouseholdTotal.village_id, Household.kind)
    )
    if scope is not None:
        stmt = stmt.where(HouseholdTotal.village_id.in_(sorted(scope)))
    return stmt.subquery()


def _village_rows(seen: Any, accounts: Any) -> Select[Any]:
    """A row per (period, village, kind) with an entry of any state (``seen``: its latest
    day), with the accounts' figures or none."""
    s, a = seen.c, accounts.c
    matched = (a.period == s.p) & (a.village_id == s.village_id) & (a.kind == s.kind)
    return select(
        s.p.concat(":").concat(s.village_id).concat(":").concat(s.kind),
        s.p,
        s.village_id,
        s.kind,
        func.coalesce(a.points, 0),
        func.coalesce(a.entries, 0),
        func.coalesce(a.active, 0),
        s.last,
    ).outerjoin(accounts, matched)


def _village_quarters(scope: Scope) -> Select[Any]:
    stmt = select(_quarter().label("p"), Entry.village_id, Household.kind, Entry.occurred_on)
    stmt = stmt.join(Household, Household.id == Entry.household_id)
    if scope is not None:
        stmt = stmt.where(Entry.village_id.in_(sorted(scope)))
    c = stmt.subquery().c
    grouped = (c.p, c.village_id, c.kind)
    seen = select(*grouped, func.max(c.occurred_on).label("last")).group_by(*grouped)
    return _village_rows(seen.subquery(), _accounts(QUARTER_LEN, scope))


def _village_years(scope: Scope) -> Select[Any]:
    v = VillageTotal
    c = _quarter_rows(v, scope, v.village_id, v.kind, v.last_entry_on).subquery().c
    grouped = (c.p, c.village_id, c.kind)
    seen = select(*grouped, func.max(c.last_entry_on).label("last")).group_by(*grouped)
    return _village_rows(seen.subquery(), _accounts(YEAR_LEN, scope))


# In order: a year's rows are made from the quarter rows made before them.
STEPS: tuple[tuple[type[Any], Callable[[Scope], Select[Any]]], ...] = (
    (HouseholdTotal, _household_quarters),
    (HouseholdTotal, _years_of(HouseholdTotal)),
    (MemberTotal, _member_quarters),
    (MemberTotal, _years_of(MemberTotal)),
    (VillageTotal, _village_quarters),
    (VillageTotal, _village_years),
)


def _fill(conn: Connection | Session, scope: Scope) -> None:
    for table, rows in STEPS:
        conn.execute(insert(table).from_select(_columns(table), rows(scope)))


def _drop(conn: Connection | Session, scope: Scope) -> None:
    for table in TABLES:
        stmt = delete(table)
        if scope is not None:
            stmt = stmt.where(table.village_id.in_(sorted(scope)))
        conn.execute(stmt)


def rebuild(conn: Connection | Session) -> None:
    """Every summary row made again from the entries (in the caller's transaction)."""
    _drop(conn, None)
    _fill(conn, None)


def refresh_summaries(
    session: Session | Connection,
    household_ids: Iterable[str] = (),
    village_ids: Iterable[str] = (),
) -> set[str]:
    """Make again the summary rows of the villages named and of the households' villages, in
    the caller's transaction; nothing where summaries are not kept. The villages refreshed."""
    villages = set(village_ids)
    households = sorted(set(household_ids))
    for start in range(0, len(households), 500):
        villages |= set(
            session.execute(
                select(Household.village_id).where(
                    Household.id.in_(households[start : start + 500])
                )
            ).scalars()
        )
    if not villages or not kept(session):
        return set()
    _drop(session, villages)
    _fill(session, villages)
    return villages


def refresh_after_import(session: Session, manifest: dict[str, Any], households: set[str]) -> None:
    """After a bundle's rows are merged: refresh the villages it came from and those of the
    households it changed (a township's summaries; a village keeps none)."""
    source = manifest.get("source") or {}
    named = [v.get("id") for v in source.get("villages") or [] if isinstance(v, dict)]
    refresh_summaries(session, households, [v for v in named if isinstance(v, str)])


def computed(conn: Connection | Session, table: type[Any], scope: Scope) -> set[tuple[Any, ...]]:
    """The rows ``table`` should hold for the villages in ``scope``, as tuples in its columns'
    order (for ``jifen verify``)."""
    return {tuple(r) for t, rows in STEPS if t is table for r in conn.execute(rows(scope))}


def stored(conn: Connection | Session, table: type[Any]) -> set[tuple[Any, ...]]:
    """The rows ``table`` holds."""
    columns = [getattr(table, name) for name in _columns(table)]
    return {tuple(r) for r in conn.execute(select(*columns))}


__all__ = [
    "TABLES",
    "computed",
    "kept",
    "rebuild",
    "refresh_after_import",
    "refresh_summaries",
    "stored",
]
