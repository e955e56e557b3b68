"""Corrections (冲正) of approved entries: a reversal entry that cites the original, the right
entry where needed, and the double deduction for a false declaration (弄虚作假).

A correction of an entry whose quarter is already published cannot go into that quarter: the
reversal and the right entry are then 补记, dated on the day of the correction (default today)
and pointing at the original date, so the posted notice stays what it was and the next one
shows the change.

The right entry is written by the writer the caller hands in (``entries.write_entry``, typed
here as ``EntryWriter``): ``entries`` builds on this module, not the other way round.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select

from . import authz
from .calendar import locks
from .entry_checks import CheckedEntry, EntryChecker, EntryDraft
from .entry_writes import decide, derived_entry
from .errors import NotFound, ValidationError
from .schema import Entry, EntryDecision, RuleCategory, RuleItem
from .tx import Tx


class EntryWriter(Protocol):
    """Queue one checked entry with its evidence and audit row; its values
    (``entries.write_entry``)."""

    def __call__(
        self, tx: Tx, checked: CheckedEntry, *, evidence_folder: Any = ..., reason: str = ...
    ) -> dict[str, Any]: ...


def load_entry(tx: Tx, entry_id: str) -> Entry:
    entry = tx.session.get(Entry, entry_id)
    if entry is None:
        raise NotFound(f"找不到记录 {entry_id}。")
    authz.require_village(tx.actor, entry.village_id)
    return entry


def reversible(tx: Tx, entry_id: str) -> Entry:
    """The approved, not yet reversed, entry to correct."""
    original = load_entry(tx, entry_id)
    status = tx.session.scalar(
        select(EntryDecision.decision).where(EntryDecision.entry_id == original.id)
    )
    if status != "approved":
        raise ValidationError("只有已通过的记录才需要冲正；待审核的记录请直接不通过或撤回。")
    if original.kind == "reversal":
        raise ValidationError("冲正记录本身不能再冲正；如冲正有误，请重新录入正确的记录。")
    if original.kind == "transfer":
        raise ValidationError(
            "分户、合户的积分转移通过后不能冲正（转出、转入两条成对生效）；"
            "数额不对的转移，请在审核时选“不通过”。"
        )
    done = tx.session.scalar(
        select(Entry.id).where(Entry.corrects_entry_id == original.id, Entry.kind == "reversal")
    )
    if done:
        raise ValidationError("这条记录已经冲正过，不能重复冲正。")
    return original


def correction_day(tx: Tx, on: dt.date | None) -> dt.date:
    """The day a correction is made: ``on`` or today, never later than today."""
    today = tx.now.date()
    day = on or today
    if day > today:
        raise ValidationError(f"更正日期 {day} 晚于今天，请核对。", field="on")
    return day


def reverse(tx: Tx, original: Entry, reason: str, on: dt.date | None = None) -> Entry:
    """Queue the reversal of ``original``: on its own date, or as 补记 when that is locked."""
    overrides: dict[str, object] = {}
    if locks.lock_of(tx.session, original.household_id, original.occurred_on):
        day = locks.late_date(tx.session, original.household_id, correction_day(tx, on))
        overrides = {
            "occurred_on": day,
            "original_on": original.original_on or original.occurred_on,
        }
    reversal = derived_entry(tx, original, "reversal", -original.points, reason, **overrides)
    late = f"，补记于 {reversal.occurred_on}" if overrides else ""
    tx.created(
        reversal,
        "entry.reversal",
        f"冲正 {original.rule_code} {original.rule_name} {original.points:+d}分"
        f"（{original.occurred_on}{late}），原因：{reason}",
        village_id=original.village_id,
    )
    decide(tx, reversal, "approved", reason)
    return reversal


def record_approved(
    tx: Tx,
    evidence_folder: Path,
    village_id: str,
    draft: EntryDraft,
    reason: str,
    on: dt.date | None = None,
    *,
    write: EntryWriter,
) -> str:
    """Record the right entry in a correction and approve it; a date in a published quarter
    makes it a 补记 dated ``on`` (or today)."""
    tx.session.flush()
    checker = EntryChecker(tx.session, tx.actor, village_id, today=correction_day(tx, on))
    if checker.lock(draft.household_id, draft.occurred_on):
        draft = dataclasses.replace(draft, late=True)
    new = write(tx, checker.check(draft), evidence_folder=evidence_folder, reason=reason)
    decide(tx, new, "approved", reason)
    return str(new["id"])


def correct(
    tx: Tx,
    evidence_folder: Path,
    entry_id: str,
    reason: str,
    replacement: EntryDraft | None,
    on: dt.date | None = None,
    *,
    write: EntryWriter,
) -> list[str]:
    """Reverse the approved entry ``entry_id`` and record ``replacement`` (approved), written
    by ``write``; the ids of the reversal and the new entry."""
    original = reversible(tx, entry_id)
    ids = [reverse(tx, original, reason, on).id]
    if replacement is not None:
        ids.append(
            record_approved(
                tx,
                evidence_folder,
                original.village_id,
                replacement,
                f"更正：{reason}",
                on,
                write=write,
            )
        )
    return ids


def _penalty_rule(tx: Tx, village_id: str) -> dict[str, Any]:
    """The rule fields of a 弄虚作假 penalty: the village's false_declaration rule item, or
    the standard wording when it has none."""
    rule = tx.session.scalars(
        select(RuleItem).where(
            RuleItem.village_id == village_id, RuleItem.kind == "false_declaration"
        )
    ).first()
    category = tx.session.get(RuleCategory, rule.category_id) if rule else None
    return {
        "rule_item_id": rule.id if rule else None,
        "rule_code": rule.code if rule else "弄虚作假",
        "rule_name": rule.name if rule else "申报弄虚作假，双倍扣分",
        "category_name": category.name if category else "奖励惩罚类",
    }


def false_declaration(tx: Tx, entry_id: str, reason: str, on: dt.date | None = None) -> list[str]:
    """Reverse the faked entry and deduct twice its points, dated on the day it was found."""
    original = reversible(tx, entry_id)
    if original.points <= 0 or original.kind != "normal":
        raise ValidationError("只有加分记录才能按弄虚作假处理。")
    reversal = reverse(tx, original, f"弄虚作假：{reason}", on)
    day = locks.late_date(tx.session, original.household_id, correction_day(tx, on))
    penalty = derived_entry(
        tx,
        original,
        "penalty",
        -2 * original.points,
        reason,
        **_penalty_rule(tx, original.village_id),
        quantity=1,
        occurred_on=day,
        original_on=None,
        source="inspection",
    )
    tx.created(
        penalty,
        "entry.penalty",
        f"弄虚作假双倍扣分 {penalty.points:+d}分（原记录 {original.rule_code}）",
        village_id=original.village_id,
    )
    decide(tx, penalty, "approved", reason)
    return [reversal.id, penalty.id]
