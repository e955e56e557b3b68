"""How ``jifen verify`` names a chained row (an entry, a decision, a redemption, an audit row
...) in its findings: by what a clerk knows it by, in words (``audit_labels``): the household
"0012 张三", the date, the item and points; a decision by the entry it decided; an audit row by
its time, operator and action. A row that is gone is named through the audit row its
transaction wrote right after it (same computer, next sequence numbers), when that row is about
it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit_labels import DECISION_NAMES, action_name
from ..audit_names import entry_label, household_label
from ..schema import AuditRow, Entry, Household

DATES = ("occurred_on", "returned_on", "taken_on", "recorded_on", "effective_on", "original_on")
WORDS = ("receipt_no", "goods_name", "item", "reason")
# How far after a missing row its transaction's audit row may be (a redemption's lines first).
AUDIT_AFTER = 64
# The audit actions that name a missing row of these tables, by the row's table.
NAMED_BY = {
    "entries": ("entry.create", "entry.reversal", "entry.penalty"),
    "entry_decisions": ("entry.approved", "entry.rejected", "entry.withdrawn"),
    "redemptions": ("store.redeem",),
    "redemption_returns": ("store.return",),
}


def describe_row(session: Session, table: str, values: Mapping[str, Any]) -> str:
    """``（…）`` with what a clerk recognises the row by ('' if nothing)."""
    if table == "entry_decisions":
        parts = [_decision(session, values)]
    elif table == "audit_log":
        parts = [_audit(values)]
    else:
        parts = _household(session, values.get("household_id"))
        parts += [str(values[key]) for key in DATES if values.get(key)]
        parts += _item(values)
    parts = [p for p in parts if p]
    return f"（{' '.join(parts)}）" if parts else ""


def describe_missing(session: Session, table: str, replica_id: str, seq: int) -> str:
    """``（…）`` naming a row that is gone by the audit row written right after it ('' if no
    such row is about it)."""
    actions = NAMED_BY.get(table)
    if not actions:
        return ""
    stmt = (
        select(AuditRow)
        .where(
            AuditRow.replica_id == replica_id,
            AuditRow.seq > seq,
            AuditRow.seq <= seq + AUDIT_AFTER,
        )
        .order_by(AuditRow.seq)
        .limit(1)
    )
    try:
        audit = session.scalar(stmt)
    except (ValueError, TypeError):  # a value the program cannot read: named already
        return ""
    if audit is None or audit.action not in actions:
        return ""
    if table == "entry_decisions":
        return f"（{_entry(session, audit.object_id)}的{action_name(audit.action)}）"
    return f"（{action_name(audit.action)}：{audit.summary}）"


def _decision(session: Session, values: Mapping[str, Any]) -> str:
    decision = DECISION_NAMES.get(str(values.get("decision")), str(values.get("decision")))
    return f"{_entry(session, values.get('entry_id'))}，审核结果：{decision}"


def _entry(session: Session, entry_id: object) -> str:
    """积分记录 0012 张三 C07 参与…会议 +5分（2026-03-05）, or 积分记录 if it is not here."""
    try:
        entry = session.get(Entry, entry_id) if isinstance(entry_id, str) else None
    except (ValueError, TypeError):
        entry = None
    if entry is None:
        return "积分记录"
    who = household_of(session, entry.household_id)
    label = entry_label(entry.rule_code, entry.rule_name, entry.points, entry.occurred_on)
    return f"积分记录 {who} {label}"


def _audit(values: Mapping[str, Any]) -> str:
    at = values.get("at")
    when = at.strftime("%Y-%m-%d %H:%M") if isinstance(at, dt.datetime) else str(at or "")
    action = action_name(str(values.get("action") or ""), str(values.get("object_type") or ""))
    return f"{when} {values.get('operator_name') or ''} {action}"


def household_of(session: Session, household_id: object) -> str:
    """``0012 张三`` ('' if there is no such household here)."""
    return " ".join(_household(session, household_id))


def _household(session: Session, household_id: object) -> list[str]:
    try:
        household = session.get(Household, household_id) if household_id else None
    except (ValueError, TypeError):  # a household with a value the program cannot read
        household = None
    if household is None:
        return []
    return [household_label(household.number, household.head_name, household.unit_name)]


def _item(values: Mapping[str, Any]) -> list[str]:
    parts = []
    if values.get("rule_code"):
        parts.append(f"{values['rule_code']} {values.get('rule_name') or ''}".strip())
    if isinstance(values.get("points"), int):
        parts.append(f"{values['points']}分")
    return parts + [str(values[key]) for key in WORDS if values.get(key)]
