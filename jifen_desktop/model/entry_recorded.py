"""The ``EntryInfo`` of entries a batch has just recorded, made from the values in hand: the
checked drafts (household, rule, member) and the rows queued, instead of reading the batch
back with ``entry_queries.entry_rows`` (on a demo village that query, built and run once a
batch, cost about as much as the batch's checks). The values are those a read gives: a test
compares them with ``EntryService.get`` for each kind of entry recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from .entry_checks import CheckedEntry
from .entry_queries import EntryInfo
from .schema import Member, Operator

SYSTEM_NAME = "系统"  # the name a read gives an entry or decision of no known operator


@dataclass
class RecordedNames:
    """The names an ``EntryInfo`` shows, looked up once a batch: the operator's as the
    operators table holds it, and the members' (already loaded by the checks)."""

    session: Session
    operator_id: str | None
    _operator: str | None = None
    _members: dict[str, str] = field(default_factory=dict)

    def operator(self) -> str:
        if self._operator is None:
            found = self.session.get(Operator, self.operator_id) if self.operator_id else None
            self._operator = (found.display_name if found else None) or SYSTEM_NAME
        return self._operator

    def member(self, member_id: str | None) -> str:
        if member_id is None:
            return ""
        if member_id not in self._members:
            found = self.session.get(Member, member_id)
            self._members[member_id] = found.name if found else ""
        return self._members[member_id]


def recorded_info(
    checked: CheckedEntry,
    entry: dict[str, Any],
    evidence_count: int,
    names: RecordedNames,
    decision: dict[str, Any] | None = None,
) -> EntryInfo:
    """A new entry as ``EntryInfo``: pending, or decided by ``decision`` (the values of its
    queued decision row); never reversed yet."""
    household = checked.household
    status = decision["decision"] if decision else "pending"
    return EntryInfo(
        **{key: entry[key] for key in _ENTRY_FIELDS},
        household_number=household.number,
        household_name=household.unit_name if household.kind == "unit" else household.head_name,
        member_name=names.member(entry["member_id"]),
        status=status,
        decision_reason=decision["reason"] if decision else "",
        decided_at=decision["decided_at"] if decision else None,
        recorded_by_name=names.operator(),
        evidence_count=evidence_count,
        reversed=False,
        session_id=decision["session_id"] if decision else None,
        decided_by_name=names.operator() if decision else "",
    )


# The fields of ``EntryInfo`` that are the entry's own columns.
_ENTRY_FIELDS = (
    "id",
    "village_id",
    "household_id",
    "member_id",
    "rule_code",
    "rule_name",
    "category_name",
    "kind",
    "unit_points",
    "quantity",
    "points",
    "occurred_on",
    "place",
    "note",
    "source",
    "corrects_entry_id",
    "reason",
    "batch_id",
    "recorded_by",
    "recorded_at",
    "original_on",
)
