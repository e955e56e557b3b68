"""Reading entries back as plain ``EntryInfo`` values, with their current status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, exists, func, select
from sqlalchemy.orm import Session, aliased

from .periods import Period
from .schema import Entry, EntryDecision, EvidenceFile, Household, Member, Operator
from .wording import ENTRY_KIND_NAMES as KIND_NAMES  # noqa: F401 - read from here by many

STATUS_NAMES = {
    "pending": "待审核",
    "approved": "已通过",
    "rejected": "未通过",
    "withdrawn": "已撤回",
}


@dataclass(frozen=True)
class EntryInfo:
    id: str
    village_id: str
    household_id: str
    household_number: str
    household_name: str
    member_id: str | None
    member_name: str
    rule_code: str
    rule_name: str
    category_name: str
    kind: str
    unit_points: int
    quantity: int
    points: int
    occurred_on: dt.date
    place: str
    note: str
    source: str
    status: str
    decision_reason: str
    decided_at: dt.datetime | None
    corrects_entry_id: str | None
    reason: str
    batch_id: str | None
    recorded_by: str | None
    recorded_by_name: str
    recorded_at: dt.datetime
    evidence_count: int
    reversed: bool
    original_on: dt.date | None = None  # 补记: the day it really happened
    session_id: str | None = None  # the review session that decided it
    decided_by_name: str = ""  # the operator who decided it ("" while pending)

    @property
    def is_late(self) -> bool:
        return self.original_on is not None

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]


ORDERS = {
    "newest": (Entry.occurred_on.desc(), Entry.id.desc()),  # by the date it happened
    "oldest": (Entry.occurred_on, Entry.id),
    "recorded": (Entry.recorded_at.desc(), Entry.id.desc()),  # the latest recorded first
}


def status_expr() -> Any:
    return func.coalesce(EntryDecision.decision, "pending")


def entry_rows(
    session: Session,
    *conditions: Any,
    limit: int | None = None,
    order: str = "newest",
) -> list[EntryInfo]:
    """The entries that meet ``conditions`` (on ``Entry`` and the tables ``_entry_select``
    joins), in the ``ORDERS`` named, at most ``limit`` of them."""
    stmt = _entry_select().where(*conditions).order_by(*ORDERS[order])
    if limit:
        stmt = stmt.limit(limit)
    return [_entry_info(row) for row in session.execute(stmt)]


def _entry_select() -> Select[Any]:
    """An entry with what an ``EntryInfo`` says about it: its household's number and name, the
    member, the decision and who made it, the recorder, its evidence count and whether it was
    reversed."""
    name = case((Household.kind == "unit", Household.unit_name), else_=Household.head_name)
    decider = aliased(Operator)
    return (
        select(
            Entry,
            Household.number,
            name,
            Member.name,
            status_expr(),
            EntryDecision.reason,
            EntryDecision.decided_at,
            Operator.display_name,
            _evidence_count(),
            _is_reversed(),
            EntryDecision.session_id,
            decider.display_name,
        )
        .join(Household, Entry.household_id == Household.id)
        .outerjoin(Member, Entry.member_id == Member.id)
        .outerjoin(EntryDecision, EntryDecision.entry_id == Entry.id)
        .outerjoin(Operator, Entry.recorded_by == Operator.id)
        .outerjoin(decider, EntryDecision.decided_by == decider.id)
    )


def _evidence_count() -> Any:
    """How many evidence files the entry has (a correlated subquery)."""
    return (
        select(func.count())
        .where(EvidenceFile.entry_id == Entry.id)
        .correlate(Entry)
        .scalar_subquery()
    )


def _is_reversed() -> Any:
    """Whether a reversal entry corrects the entry."""
    reversal = aliased(Entry)
    return exists().where(reversal.corrects_entry_id == Entry.id, reversal.kind == "reversal")


def _entry_info(row: Any) -> EntryInfo:
    """One row of ``_entry_select`` as the plain value screens, printouts and the CLI read."""
    e, number, hname, mname, status, dreason, dat, oname, ev, rev, sid, dname = row
    return EntryInfo(
        e.id,
        e.village_id,
        e.household_id,
        number,
        hname,
        e.member_id,
        mname or "",
        e.rule_code,
        e.rule_name,
        e.category_name,
        e.kind,
        e.unit_points,
        e.quantity,
        e.points,
        e.occurred_on,
        e.place,
        e.note,
        e.source,
        status,
        dreason or "",
        dat,
        e.corrects_entry_id,
        e.reason,
        e.batch_id,
        e.recorded_by,
        oname or "系统",
        e.recorded_at,
        ev or 0,
        bool(rev),
        e.original_on,
        sid,
        _decider_name(status, dname),
    )


def _decider_name(status: str, name: str | None) -> str:
    """Who decided: the operator; "系统" for a decision by no operator (the program's own,
    or one whose operator this database does not know)."""
    if status == "pending":
        return ""
    return name or "系统"


def period_clause(period: Period) -> Any:
    return Entry.occurred_on.between(period.start, period.end)
