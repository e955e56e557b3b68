"""The rows written after an entry, shared by the entry services (``entries``), corrections
(``corrections``), the review meeting and the annual base points: the one decision on an entry
and its audit row (``decide``), and the reversal or penalty entry derived from another one
(``derived_entry``)."""

from __future__ import annotations

from typing import Any

from .entry_queries import STATUS_NAMES
from .schema import Entry, EntryDecision
from .tx import Tx

# What a decision's audit row names of its entry.
_NAMED = ("id", "rule_code", "rule_name", "points", "village_id")


def derived_entry(
    tx: Tx, original: Entry, kind: str, points: int, reason: str, **overrides: Any
) -> Entry:
    """A reversal or penalty entry for ``original``, citing it; ``overrides`` replace fields."""
    fields: dict[str, Any] = dict(
        village_id=original.village_id,
        household_id=original.household_id,
        member_id=original.member_id,
        rule_item_id=original.rule_item_id,
        rule_code=original.rule_code,
        rule_name=original.rule_name,
        category_name=original.category_name,
        quantity=original.quantity,
        occurred_on=original.occurred_on,
        original_on=original.original_on,
        source="system",
    )
    fields.update(overrides)
    return Entry(
        kind=kind,
        points=points,
        unit_points=points // fields["quantity"],
        corrects_entry_id=original.id,
        reason=reason.strip(),
        recorded_by=tx.actor.id,
        recorded_at=tx.now,
        **fields,
    )


def decide(
    tx: Tx,
    entry: Entry | dict[str, Any],
    decision: str,
    reason: str = "",
    session_id: str | None = None,
) -> dict[str, Any]:
    """Queue the one decision on an entry (an ORM entry or the values of a queued one);
    returns the decision row's values."""
    values = entry if isinstance(entry, dict) else {key: getattr(entry, key) for key in _NAMED}
    decision_row = tx.insert(
        EntryDecision,
        entry_id=values["id"],
        decision=decision,
        reason=reason.strip(),
        decided_by=tx.actor.id,
        decided_at=tx.now,
        session_id=session_id,
    )
    tx.audit(
        f"entry.{decision}",
        "entry",
        values["id"],
        f"{STATUS_NAMES[decision]}：{values['rule_code']} {values['rule_name']} "
        f"{values['points']:+d}分" + (f"，理由：{reason}" if reason else ""),
        village_id=values["village_id"],
        before={"status": "pending"},
        after={"status": decision, "reason": reason},
    )
    return decision_row
