"""Keeping the township's summary tables (``schema.summaries``): each year's and quarter's
approved points per household, per person and per village, and each year's persons of a village
(present, taking part, party members, redeeming), computed set-based from the entries and the
villages' persons (``INSERT … SELECT``, the same statements on SQLite and PostgreSQL).

Rows are deleted and made again from the entries, for some households, persons or villages
(``Part``): quarters by grouped reads of their entries (households and persons with the
decisions; a village's latest day of any entry and its accounts from the household rows),
years by adding up the quarter rows. An import refreshes, inside the bundle's transaction
(``refresh_after_import``), the households whose entries, decisions or status the merge
changed (``sync.merge.MergeReport.totalled``/``decided``), the persons their entries name, and
then their villages' rows (and the villages' rows of the households whose members or
redemptions it changed, ``persons``); ``rebuild`` makes every row again (migration 0016,
``jifen township rebuild-summaries``); ``computed`` gives the rows as they should be, for
``jifen verify`` to compare. Only a township keeps them: a village's own screens count from the
entries, which it writes itself."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
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
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session, aliased

from .schema import Entry, EntryDecision, Household, Member, Redemption, RedemptionReturn, Replica
from .schema.household_changes import TRANSFER
from .schema.summaries import HouseholdTotal, MemberTotal, VillagePersonTotal, VillageTotal

TABLES = (HouseholdTotal, MemberTotal, VillageTotal, VillagePersonTotal)
VILLAGE_TABLES = (VillageTotal, VillagePersonTotal)  # made for whole villages only
YEAR_LEN, QUARTER_LEN = 4, 6  # "2026", "2026Q3"
CHUNK = 500  # ids in one IN list
MOST_HOUSEHOLDS = 3000  # more touched households: their villages are refreshed whole
SHARE = 4  # … and so when they are more than a quarter of their villages' households


@dataclass(frozen=True)
class Part:
    """The rows to make: those of ``ids`` of ``column`` (``village_id``, ``household_id`` or
    ``member_id``: of the entries, and of a summary table holding it), in ``villages`` (a
    household's or person's entries and rows are all of one village: the villages' indexes
    keep a few households' refresh from reading the county's rows)."""

    column: str
    ids: Collection[str]
    villages: Collection[str] = ()

    def within(self) -> Collection[str]:
        """The villages the rows are of (none named: any)."""
        return self.ids if self.column == "village_id" else self.villages

    def of(self, table: Any) -> ColumnElement[bool]:
        found = getattr(table, self.column).in_(sorted(self.ids))
        return found & table.village_id.in_(sorted(self.villages)) if self.villages else found


Scope = Part | None  # None for every village


def _columns(table: type[Any]) -> list[str]:
    return [c.name for c in table.__table__.columns]


def kept(conn: Connection | Session) -> bool:
    """Whether this database keeps summaries (a township does)."""
    return conn.execute(select(Replica.mode)).scalar() == "township"


def _year_of(column: Any) -> ColumnElement[str]:
    return func.substr(cast(column, String(10)), 1, 4, type_=String)


def _year() -> ColumnElement[str]:
    return _year_of(Entry.occurred_on)


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
    return stmt.where(scope.of(Entry), decision.scalar_subquery() == "approved")


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
    if scope is not None and scope.within():
        reversed_ids = reversed_ids.where(reversal.village_id.in_(sorted(scope.within())))
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
    return stmt if scope is None else stmt.where(scope.of(table))


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
        stmt = stmt.where(scope.of(HouseholdTotal))
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
        stmt = stmt.where(scope.of(Entry))
    if scope is not None and scope.within():  # (their households only: not a county's)
        stmt = stmt.where(Household.village_id.in_(sorted(scope.within())))
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


def _present_in(year: Any) -> ColumnElement[bool]:
    """``persons.present_clause`` of the year ``year`` (a column of ``2026``), by comparing
    years: a day is on or before 12-31 of the year when its year is not later."""
    return and_(
        Household.kind == "household",
        ~Household.is_deleted,
        ~Member.is_deleted,
        _year_of(Household.registered_on) <= year,
        or_(Household.status == "active", _year_of(Household.status_since) >= year),
        or_(Member.status == "present", _year_of(Member.status_since) >= year),
    )


def _within(scope: Scope) -> list[str]:
    """The villages named by ``scope``, sorted (none: every village)."""
    return sorted(scope.within()) if scope is not None else []


def _redeeming(scope: Scope) -> Any:
    """(year, village, persons present in the year named by a redemption of it that was not
    returned), from the villages' redemptions (``redeeming``): each distinct (person, year)
    looked up by the person's key, so no person is read who redeemed nothing."""
    year = _year_of(Redemption.occurred_on)
    pairs = (
        select(Redemption.member_id, year.label("year"))
        .outerjoin(RedemptionReturn, RedemptionReturn.redemption_id == Redemption.id)
        .where(Redemption.member_id.is_not(None), RedemptionReturn.id.is_(None))
    )
    if _within(scope):  # (through the households: a redemption's household is indexed)
        pairs = pairs.join(Household, Household.id == Redemption.household_id)
        pairs = pairs.where(Household.village_id.in_(_within(scope)))
    r = pairs.distinct().subquery().c
    return (
        select(r.year, Household.village_id, func.count().label("redeeming"))
        .join(Member, Member.id == r.member_id)
        .join(Household, Household.id == Member.household_id)
        .where(_present_in(r.year))
        .group_by(r.year, Household.village_id)
        .subquery()
    )


def taking_part_in(period: Any) -> ColumnElement[bool]:
    """A person's row of ``period`` (a key) with a live entry: taking part."""
    return (
        (MemberTotal.member_id == Member.id)
        & (MemberTotal.period == period)
        & (MemberTotal.live_entries > 0)
    )


def person_counts(took: Any) -> tuple[Any, ...]:
    """Over persons (``Member``) outer-joined with ``took`` (their row taking part, or null):
    present, taking part, party members present and taking part (``PersonRates``' first
    four)."""
    took = case((took.is_not(None), 1), else_=0)
    party = case((Member.is_party_member, 1), else_=0)
    return (func.count(), func.sum(took), func.sum(party), func.sum(took * party))


def _village_persons(scope: Scope) -> Select[Any]:
    """A row per year of a village with entries (its year rows of ``village_totals``) and
    someone present: ``person_rates.rates_by_village``'s counts, taking part from the
    persons' year rows (looked up by their id), redeeming counted apart (``_redeeming``)."""
    v = VillageTotal
    years = select(v.village_id, v.period).where(func.length(v.period) == YEAR_LEN)
    if _within(scope):
        years = years.where(v.village_id.in_(_within(scope)))
    y = years.distinct().subquery().c
    key = y.period.concat(":").concat(Member.id)  # the person's year row's id
    a = (
        select(y.period, y.village_id, *person_counts(MemberTotal.id))
        .join(Household, Household.village_id == y.village_id)
        .join(Member, Member.household_id == Household.id)
        .outerjoin(MemberTotal, (MemberTotal.id == key) & (MemberTotal.live_entries > 0))
        .where(_present_in(y.period))
        .group_by(y.period, y.village_id)
        .subquery()
    )
    redeeming = _redeeming(scope)
    r = redeeming.c
    on = (r.year == a.c.period) & (r.village_id == a.c.village_id)
    key_column = a.c.period.concat(":").concat(a.c.village_id)
    return select(key_column, *a.c, func.coalesce(r.redeeming, 0)).outerjoin(redeeming, on)


# In order: a year's rows are made from the quarter rows made before them.
STEPS: tuple[tuple[type[Any], Callable[[Scope], Select[Any]]], ...] = (
    (HouseholdTotal, _household_quarters),
    (HouseholdTotal, _years_of(HouseholdTotal)),
    (MemberTotal, _member_quarters),
    (MemberTotal, _years_of(MemberTotal)),
    (VillageTotal, _village_quarters),
    (VillageTotal, _village_years),
    (VillagePersonTotal, _village_persons),
)
VILLAGE_STEPS = (4, 5, 6)


def _fill(
    conn: Connection | Session, scope: Scope, steps: Iterable[int] = range(len(STEPS))
) -> None:
    for number in steps:
        table, rows = STEPS[number]
        conn.execute(insert(table).from_select(_columns(table), rows(scope)))


def _drop(conn: Connection | Session, scope: Scope, tables: Iterable[Any] = TABLES) -> None:
    for table in tables:
        conn.execute(delete(table) if scope is None else delete(table).where(scope.of(table)))


def rebuild(conn: Connection | Session, tables: Collection[Any] = TABLES) -> None:
    """Every summary row of ``tables`` made again from the entries (in the caller's
    transaction; a table's rows may be made from those of the tables before it in ``TABLES``,
    as they stand)."""
    _drop(conn, None, tables)
    _fill(conn, None, [n for n, (table, _rows) in enumerate(STEPS) if table in tables])


def _chunks(ids: Collection[str]) -> Iterable[list[str]]:
    ordered = sorted(ids)
    return (ordered[start : start + CHUNK] for start in range(0, len(ordered), CHUNK))


def _found(conn: Connection | Session, column: Any, where: Any, ids: Collection[str]) -> set[str]:
    """``column``'s values (not null) of the rows where ``where`` is one of ``ids``."""
    found: set[str] = set()
    for chunk in _chunks(ids):
        found.update(v for v in conn.execute(select(column).where(where.in_(chunk))).scalars() if v)
    return found


def _members_of(conn: Connection | Session, households: Collection[str]) -> set[str]:
    """The persons named by the households' entries or by the entries their reversals
    correct (a person's figures count a reversal of their entry)."""
    corrected = aliased(Entry)
    members = _found(conn, Entry.member_id, Entry.household_id, households)
    for chunk in _chunks(households):
        stmt = select(corrected.member_id).join(Entry, Entry.corrects_entry_id == corrected.id)
        found = conn.execute(stmt.where(Entry.household_id.in_(chunk))).scalars()
        members |= {m for m in found if m is not None}
    return members


def _refresh_households(conn: Connection | Session, households: set[str]) -> set[str]:
    """Make again the households' rows, those of the persons their entries name, and then
    their villages' rows (from the household rows and one read of the villages' entries)."""
    villages = _found(conn, Household.village_id, Household.id, households)
    members = _members_of(conn, households)
    for chunk in _chunks(households):
        _drop(conn, Part("household_id", chunk, villages), [HouseholdTotal])
        _fill(conn, Part("household_id", chunk, villages), (0, 1))
    for chunk in _chunks(members):
        _drop(conn, Part("member_id", chunk, villages), [MemberTotal])
        _fill(conn, Part("member_id", chunk, villages), (2, 3))
    _refresh_villages(conn, villages)
    return villages


def _refresh_villages(conn: Connection | Session, villages: Collection[str]) -> None:
    """Make again the villages' own rows (of their households' and persons' rows as kept)."""
    if villages:
        _drop(conn, Part("village_id", villages), VILLAGE_TABLES)
        _fill(conn, Part("village_id", villages), VILLAGE_STEPS)


def _most_of(conn: Connection | Session, households: set[str]) -> bool:
    """Whether the households are many, or a good share of their villages' (a village's
    first bundle): then refreshing the villages whole reads less."""
    if len(households) > MOST_HOUSEHOLDS:
        return True
    villages = _found(conn, Household.village_id, Household.id, households)
    if not villages:
        return False
    of_them = select(func.count()).where(Household.village_id.in_(sorted(villages)))
    return len(households) * SHARE > (conn.execute(of_them).scalar() or 0)


def _no_jit(session: Session | Connection) -> None:
    """On PostgreSQL, no JIT compiling for the rest of the transaction: a refresh's
    statements read a few villages' rows by their indexes, but the planner's estimates (a
    county's average village) put them over ``jit_above_cost``, and compiling took 0.1-0.15 s
    of each (300-village county)."""
    conn = session.connection() if isinstance(session, Session) else session
    if conn.dialect.name == "postgresql":
        conn.execute(text("SET LOCAL jit = off"))


def refresh_summaries(
    session: Session | Connection,
    household_ids: Iterable[str] = (),
    village_ids: Iterable[str] = (),
    entry_ids: Iterable[str] = (),
) -> set[str]:
    """Make again, in the caller's transaction, the summary rows of the villages named (whole)
    and of the households named and those of the entries named (only theirs, then their
    villages' rows); nothing where summaries are not kept. The villages refreshed."""
    if not kept(session):
        return set()
    _no_jit(session)
    villages = set(village_ids)
    households = set(household_ids) | _found(session, Entry.household_id, Entry.id, set(entry_ids))
    if villages:
        households -= _found(session, Household.id, Household.village_id, villages)
    if _most_of(session, households):
        villages |= _found(session, Household.village_id, Household.id, households)
        households = set()
    if villages:
        _drop(session, Part("village_id", villages))
        _fill(session, Part("village_id", villages))
    return villages | (_refresh_households(session, households) if households else set())


def refresh_after_import(session: Session, report: Any) -> None:
    """After a bundle's rows are merged (``report``: its ``sync.merge.MergeReport``): refresh
    the rows of the households whose entries, decisions or status it changed, and their
    villages' rows; then the villages' rows of the households whose persons or redemptions
    it changed, unless refreshed already (a township's summaries; a village keeps none)."""
    done = refresh_summaries(session, report.totalled, entry_ids=report.decided)
    persons = set(report.persons) - set(report.totalled)
    if persons and kept(session):
        _refresh_villages(
            session, _found(session, Household.village_id, Household.id, persons) - done
        )


def computed(conn: Connection | Session, table: type[Any], scope: Scope) -> set[tuple[Any, ...]]:
    """The rows ``table`` should hold for ``scope`` (None: every village), as tuples in its
    columns' order (for ``jifen verify``)."""
    return {tuple(r) for t, rows in STEPS if t is table for r in conn.execute(rows(scope))}


def stored(conn: Connection | Session, table: type[Any]) -> set[tuple[Any, ...]]:
    """The rows ``table`` holds."""
    columns = [getattr(table, name) for name in _columns(table)]
    return {tuple(r) for r in conn.execute(select(*columns))}


__all__ = [
    "TABLES",
    "Part",
    "computed",
    "kept",
    "person_counts",
    "rebuild",
    "refresh_after_import",
    "refresh_summaries",
    "stored",
    "taking_part_in",
]
