"""The grouped queries behind the 网格员 report (``recorder_report``): one query per figure over
every village in scope, never one per household.

An entry counts for the recorder who recorded it and the grid of its household. What counts is
what a recorder writes: items of the catalog (not base points, reversals or 弄虚作假 deductions)
with an operator as recorder, not withdrawn, dated in the period (a 补记 is dated the day it was
recorded, so it falls in the period of its recording)."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from .audit_members_query import operator_names
from .periods import Period
from .schema import AuditRow, Entry, EntryDecision, EvidenceFile, Household, Operator

# (village id, grid id, recorder id): the key of a line of the report
Key = tuple[str, str | None, str | None]  # recorder None: a grid where nobody recorded


@dataclass(frozen=True)
class Scope:
    """Which villages (None: every village the ledger holds, the township) and which grid."""

    village_ids: tuple[str, ...] | None
    grid_id: str | None = None

    def households(self) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if self.village_ids is not None:
            where.append(Household.village_id.in_(self.village_ids))
        if self.grid_id is not None:
            where.append(Household.grid_id == self.grid_id)
        return where


@dataclass(frozen=True)
class Counts:
    entries: int
    late_entries: int  # 补记
    decided: int  # approved or rejected at review
    rejected: int
    with_evidence: int


def recorded_in(period: Period) -> ColumnElement[bool]:
    """Entries a recorder wrote with a date in the period, not withdrawn."""
    taken_back = aliased(EntryDecision)  # not the decision a query joins, if it joins one
    withdrawn = exists().where(taken_back.entry_id == Entry.id, taken_back.decision == "withdrawn")
    return and_(
        Entry.kind == "normal",
        Entry.source != "system",
        Entry.recorded_by.is_not(None),
        Entry.occurred_on >= period.start,
        Entry.occurred_on <= period.end,
        ~withdrawn,
    )


def _keyed(scope: Scope, period: Period, *columns: Any) -> Select[Any]:
    """``select`` of the key and ``columns`` over the entries of the period in scope."""
    return (
        select(Household.village_id, Household.grid_id, Entry.recorded_by, *columns)
        .select_from(Entry)
        .join(Household, Household.id == Entry.household_id)
        .where(recorded_in(period), *scope.households())
    )


def counts(session: Session, scope: Scope, period: Period) -> dict[Key, Counts]:
    """Entries, 补记, decided, rejected and with evidence, per recorder and grid."""
    decision = EntryDecision.decision
    evidence = exists().where(EvidenceFile.entry_id == Entry.id)

    def how_many(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    stmt = (
        _keyed(
            scope,
            period,
            func.count(Entry.id),
            how_many(Entry.original_on.is_not(None)),
            how_many(decision.in_(("approved", "rejected"))),
            how_many(decision == "rejected"),
            how_many(evidence),
        )
        .outerjoin(EntryDecision, EntryDecision.entry_id == Entry.id)
        .group_by(Household.village_id, Household.grid_id, Entry.recorded_by)
    )
    return {(v, g, r): Counts(*map(int, figures)) for v, g, r, *figures in session.execute(stmt)}


def delays(session: Session, scope: Scope, period: Period) -> dict[Key, list[int]]:
    """Days from the deed to the record of each entry that is not a 补记, per recorder and
    grid (a 补记 is late by its nature: it is counted apart)."""
    stmt = _keyed(scope, period, Entry.occurred_on, Entry.recorded_at).where(
        Entry.original_on.is_(None)
    )
    found: dict[Key, list[int]] = defaultdict(list)
    for village_id, grid_id, recorder_id, deed, recorded in session.execute(stmt):
        found[village_id, grid_id, recorder_id].append(days_between(deed, recorded))
    return dict(found)


def days_between(deed: dt.date, recorded: dt.datetime) -> int:
    """Whole days from the deed to the day it was recorded (never below 0: a deed recorded the
    evening before on a clock set wrong counts as the same day)."""
    return max(0, (recorded.date() - deed).days)


@dataclass(frozen=True)
class Unvisited:
    village_id: str
    grid_id: str | None
    household_id: str
    number: str
    head_name: str


def unvisited(session: Session, scope: Scope, period: Period) -> list[Unvisited]:
    """Households on the books in the period with nothing recorded for them in it (by anyone),
    by village, grid and 户号: the ones for the recorder to visit."""
    recorded = exists().where(Entry.household_id == Household.id, recorded_in(period))
    stmt = (
        select(
            Household.village_id,
            Household.grid_id,
            Household.id,
            Household.number,
            Household.head_name,
        )
        .where(
            Household.kind == "household",
            ~Household.is_deleted,
            Household.registered_on <= period.end,
            or_(Household.status == "active", Household.status_since >= period.start),
            ~recorded,
            *scope.households(),
        )
        .order_by(Household.village_id, Household.grid_id, Household.number)
    )
    return [Unvisited(*row) for row in session.execute(stmt)]


@dataclass(frozen=True)
class Recorder:
    id: str
    village_id: str | None
    name: str
    grid_ids: tuple[str, ...]  # the grids assigned (a recorder's), else none


def recorders(session: Session, scope: Scope, recorder_ids: Sequence[str]) -> dict[str, Recorder]:
    """The operators who recorded (``recorder_ids``) and the recorders assigned to grids in
    scope, by id. An operator the ledger does not hold (a township that has not yet received
    the village's operators) is named as its audit rows name it."""
    where = [Operator.id.in_(list(recorder_ids))]
    assigned = _assigned_recorders(scope)
    rows = session.execute(
        select(
            Operator.id,
            Operator.village_id,
            Operator.display_name,
            Operator.role,
            Operator.grid_ids,
        ).where(or_(*where, assigned))
    ).all()
    found = {
        i: Recorder(i, v, name, tuple(json.loads(grids or "[]")) if role == "recorder" else ())
        for i, v, name, role, grids in rows
    }
    missing = [i for i in recorder_ids if i not in found]
    if missing:
        found.update(_named_by_audit(session, missing))
    return found


def _assigned_recorders(scope: Scope) -> Any:
    """The clause for active recorders of the villages in scope (any village when all)."""
    if scope.village_ids is not None:
        mine = Operator.village_id.in_(scope.village_ids)
    else:
        mine = Operator.village_id.is_not(None)
    return and_(mine, Operator.role == "recorder", Operator.active, ~Operator.is_deleted)


def _named_by_audit(session: Session, missing: list[str]) -> dict[str, Recorder]:
    """Operators this ledger does not hold, named as the audit rows name them (a township's
    audit members when its own rows do not)."""
    found: dict[str, Recorder] = {}
    named = session.execute(
        select(AuditRow.operator_id, func.max(AuditRow.operator_name))
        .where(AuditRow.operator_id.in_(missing))
        .group_by(AuditRow.operator_id)
    )
    found.update({i: Recorder(i, None, name, ()) for i, name in named if i})
    lacking = [i for i in missing if i not in found]
    for i, name in operator_names(session.connection(), lacking).items():
        found[i] = Recorder(i, None, name, ())
    return found
