"""Keeping the township's summary tables (``schema.summaries``): each year's and quarter's
approved points per household, per person and per village, computed set-based from the entries
(``INSERT … SELECT``, the same statements on SQLite and PostgreSQL).

A village is the unit of refreshing: its rows are deleted and made again from its entries, one
grouped read of that village's entries per table and period kind (tens of milliseconds for a
village of 30,000 entries). An import refreshes the villages of the bundle inside the bundle's
transaction (``refresh_after_import``); ``rebuild`` makes every row again (migration 0016,
``jifen township rebuild-summaries``); ``computed`` gives the rows as they should be, for
``jifen verify`` to compare. Only a township keeps them: a village's own screens count from the
entries, which it writes itself."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    and_,
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
Scope = Collection[str] | None  # village ids, or None for every village


def kept(conn: Connection | Session) -> bool:
    """Whether this database keeps summaries (a township does)."""
    return conn.execute(select(Replica.mode)).scalar() == "township"


def _year() -> ColumnElement[str]:
    return func.substr(cast(Entry.occurred_on, String(10)), 1, 4, type_=String)


def _quarter() -> ColumnElement[str]:
    month = func.substr(cast(Entry.occurred_on, String(10)), 6, 2, type_=String)
    q = case((month <= "03", "Q1"), (month <= "06", "Q2"), (month <= "09", "Q3"), else_="Q4")
    return _year().concat(q)


PERIODS = (_year, _quarter)


def _approved_join(stmt: Select[Any], scope: Scope, *, outer: bool = False) -> Select[Any]:
    on = (EntryDecision.entry_id == Entry.id) & (EntryDecision.decision == "approved")
    stmt = stmt.join(EntryDecision, on, isouter=outer)
    return stmt if scope is None else stmt.where(Entry.village_id.in_(sorted(scope)))


def _household_rows(period: ColumnElement[str], scope: Scope) -> Select[Any]:
    inner = _approved_join(
        select(
            period.label("p"),
            Entry.household_id,
            Entry.village_id,
            Entry.points,
            case((Entry.kind == "normal", 1), else_=0).label("normal"),
        ).where(Entry.kind != TRANSFER),
        scope,
    ).subquery()
    c = inner.c
    return select(
        c.p.concat(":").concat(c.household_id),
        c.p,
        c.household_id,
        c.village_id,
        func.sum(c.points),
        func.count(),
        func.sum(c.normal),
    ).group_by(c.p, c.household_id, c.village_id)


def _member_rows(period: ColumnElement[str], scope: Scope) -> Select[Any]:
    reversal = aliased(Entry)
    reversed_ids = select(reversal.corrects_entry_id).where(
        reversal.kind == "reversal", reversal.corrects_entry_id.is_not(None)
    )
    if scope is not None:
        reversed_ids = reversed_ids.where(reversal.village_id.in_(sorted(scope)))
    inner = _approved_join(
        select(
            period.label("p"),
            Entry.member_id,
            Entry.village_id,
            case((Entry.id.in_(reversed_ids), 0), else_=1).label("live"),
        ).where(Entry.kind == "normal", Entry.member_id.is_not(None)),
        scope,
    ).subquery()
    c = inner.c
    return select(
        c.p.concat(":").concat(c.member_id),
        c.p,
        c.member_id,
        c.village_id,
        func.count(),
        func.sum(c.live),
    ).group_by(c.p, c.member_id, c.village_id)


def _village_rows(period: ColumnElement[str], scope: Scope) -> Select[Any]:
    counts = and_(EntryDecision.id.is_not(None), Entry.kind != TRANSFER)
    taking_part = and_(
        counts, Entry.kind == "normal", Household.status == "active", ~Household.is_deleted
    )
    inner = _approved_join(
        select(
            period.label("p"),
            Entry.village_id,
            Household.kind,
            case((counts, Entry.points), else_=0).label("points"),
            case((counts, 1), else_=0).label("counted"),
            case((taking_part, Entry.household_id), else_=None).label("taking_part"),
            Entry.occurred_on,
        ).join(Household, Household.id == Entry.household_id),
        scope,
        outer=True,
    ).subquery()
    c = inner.c
    return select(
        c.p.concat(":").concat(c.village_id).concat(":").concat(c.kind),
        c.p,
        c.village_id,
        c.kind,
        func.sum(c.points),
        func.sum(c.counted),
        func.count(func.distinct(c.taking_part)),
        func.max(c.occurred_on),
    ).group_by(c.p, c.village_id, c.kind)


ROWS = {HouseholdTotal: _household_rows, MemberTotal: _member_rows, VillageTotal: _village_rows}


def _columns(table: type[Any]) -> list[str]:
    return [c.name for c in table.__table__.columns]


def _fill(conn: Connection | Session, scope: Scope) -> None:
    for table, rows in ROWS.items():
        for period in PERIODS:
            conn.execute(insert(table).from_select(_columns(table), rows(period(), scope)))


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
    return {tuple(r) for p in PERIODS for r in conn.execute(ROWS[table](p(), scope))}


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
