"""Household changes (户籍变动): 分户, 合户 and 注销户, each one transaction that leaves a record
(``HouseholdChange``) on both households' history.

* 分户: members leave a household to form a new one (its number, grid and head, one of them),
  which starts on the day of the change; their later entries go to it, their older ones stay
  with the old household. The village chooses whether available points are split: not at all,
  by the members who leave (按人口), or an amount; a split is a pair of transfer entries that a
  reviewer approves or rejects together (``household_moves``).
* 合户: every member of one household moves into another, the merged household closes (注销),
  and its available points may be transferred the same way (all of them, or an amount).
* 注销户: a household that dies out closes with a day and a reason; its history stays, and no
  entry may be recorded on it from that day (``entry_checks`` refuses it).

Transfers move available points only; lifetime and annual points stay with the history, and
rankings, 公示 and honours leave transfer entries out (``TRANSFER_RULE`` says so on screen).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from . import authz, periods, text_fields
from .choices import RELATIONS
from .errors import NotFound, ValidationError
from .household_change_info import (  # noqa: F401 - read from here by the GUI and CLI
    KIND_NAMES,
    TRANSFER_RULE,
    ChangeInfo,
    change_info,
    changes_of,
)
from .household_moves import (
    move_member,
    points_to_move,
    present_members,
    relation_to_new_head,
    write_transfer,
)
from .households import (
    change_status,
    insert_household,
    load_household,
    rebuild_search_keys,
)
from .schema import Grid, Household, Member
from .schema.household_changes import HouseholdChange
from .tx import Actor, Change, Op, Tx

if TYPE_CHECKING:
    from .ledger import Ledger


@dataclass(frozen=True)
class SplitPlan:
    """The 分户 form: who leaves, the new household, and what happens to available points."""

    member_ids: tuple[str, ...]
    head_member_id: str
    number: str
    grid_id: str | None
    effective_on: dt.date
    split_rule: str = "none"
    amount: int = 0
    reason: str = ""
    meeting_on: dt.date | None = None
    address: str = ""
    relations: dict[str, str] = field(default_factory=dict)  # member id -> relation to head


def _clean_reason(reason: str) -> str:
    return text_fields.clean_text(reason, "原因", 200, field="reason")


def _check_day(on: dt.date, household: Household, today: dt.date) -> None:
    periods.check_day(on, "生效日期", "effective_on")
    if on > today:
        raise ValidationError("生效日期不能晚于今天。", field="effective_on")
    if on < household.registered_on:
        raise ValidationError(_before_registered(household), field="effective_on")


def _before_registered(household: Household) -> str:
    """A change dated before the household was registered, in words."""
    return f"生效日期不能早于户 {household.number} 的登记日期 {household.registered_on}。"


def _open_household(session: Session, actor: Actor, household_id: str) -> Household:
    household = load_household(session, household_id)
    authz.require_village(actor, household.village_id)
    _refuse_unchangeable(household)
    return household


def _refuse_unchangeable(household: Household) -> None:
    """Refuse to split or merge a unit, or a household no longer in the register."""
    if household.kind != "household":
        raise ValidationError("单位不办理分户或合户；单位不再存在时请用“注销户”。")
    if household.status != "active":
        raise ValidationError(
            f"户 {household.number} {household.head_name} 已不在册，不能再办理分户或合户。"
        )


def _new_household(tx: Tx, old: Household, plan: SplitPlan, number: str, head: Member) -> Household:
    """The household a 分户 registers, on the day of the change, in the old one's village."""
    return insert_household(
        tx,
        Household(
            village_id=old.village_id,
            kind="household",
            number=number,
            head_name=head.name,
            grid_id=plan.grid_id,
            address=text_fields.clean_address(plan.address),
            registered_on=plan.effective_on,
        ),
        f"由户 {old.number} {old.head_name} 分户",
    )


def _record(
    tx: Tx, change: HouseholdChange, summary: str, giver: Household, taker: Household | None
) -> str:
    """Write the change (audited), the pair of transfer entries if points move, and the two
    households' search keys; returns the change's id."""
    change.recorded_by = tx.actor.id
    change.recorded_at = tx.now
    tx.created(change, f"household.{change.kind}", summary, village_id=change.village_id)
    for household in filter(None, (giver, taker)):
        rebuild_search_keys(tx.session, household)
    if change.transfer_points and taker is not None:
        what = KIND_NAMES[change.kind]
        write_transfer(tx, change, giver, taker, change.transfer_points, what)
    tx.changed(Change.HOUSEHOLDS | Change.MEMBERS | Change.ENTRIES)
    return change.id


def _move_leaving(
    tx: Tx, leaving: list[Member], head: Member, new: Household, plan: SplitPlan
) -> None:
    """分户: the members leaving move into the new household, each with their relation to its
    head (as the plan says, else worked out from their relation to the old head)."""
    for member in leaving:
        relation = "户主" if member is head else plan.relations.get(member.id)
        relation = relation_to_new_head(member, head) if relation is None else relation
        if relation and relation not in RELATIONS:
            raise ValidationError(f"与户主关系“{relation}”不认识。", field="relation")
        move_member(tx, member, new, plan.effective_on, relation, f"分户到 {new.number}")


def _merge_pair(
    tx: Tx, household_id: str, into_id: str, effective_on: dt.date
) -> tuple[Household, Household]:
    """合户: the household merged and the one it goes into, both open, of the operator's village
    (one village), and ``effective_on`` a day both can change on."""
    merged = _open_household(tx.session, tx.actor, household_id)
    into = _open_household(tx.session, tx.actor, into_id)
    authz.require_village(tx.actor, into.village_id)
    if into.village_id != merged.village_id:
        raise ValidationError("只能在本村的两户之间合户。", field="into")
    _check_day(effective_on, merged, tx.now.date())
    _check_day(effective_on, into, tx.now.date())
    return merged, into


class HouseholdChangeService:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    # -- 分户 ------------------------------------------------------------------------------

    def split(self, household_id: str, plan: SplitPlan) -> Op[ChangeInfo]:
        """分户 in one transaction: the new household, the members moved, the change record and
        (if the village splits points) the pair of pending transfer entries."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "办理分户")
        number = text_fields.clean_number(plan.number)
        reason = _clean_reason(plan.reason)
        if plan.split_rule not in ("none", "members", "amount"):
            raise ValidationError("分户时可用积分只能不分、按人口分或转移指定积分。")

        def work(tx: Tx) -> str:
            old = _open_household(tx.session, tx.actor, household_id)
            _check_day(plan.effective_on, old, tx.now.date())
            present = present_members(tx.session, old.id)
            leaving = self._leaving(present, plan)
            head = next(m for m in leaving if m.id == plan.head_member_id)
            self._check_grid(tx.session, old.village_id, plan.grid_id)
            new = _new_household(tx, old, plan, number, head)
            _move_leaving(tx, leaving, head, new, plan)
            points = points_to_move(
                tx, old, plan.split_rule, plan.amount, len(leaving), len(present)
            )
            change = HouseholdChange(
                village_id=old.village_id,
                kind="split",
                from_household_id=old.id,
                to_household_id=new.id,
                effective_on=plan.effective_on,
                members=json.dumps(  # the new head first
                    [m.name for m in sorted(leaving, key=lambda m: m is not head)],
                    ensure_ascii=False,
                ),
                split_rule=plan.split_rule if points else "none",
                transfer_points=points,
                reason=reason,
                meeting_on=plan.meeting_on,
            )
            summary = f"分户：{old.number} {old.head_name} 分出新户 {new.number} {new.head_name}"
            return _record(tx, change, summary, old, new)

        return self._run(work)

    @staticmethod
    def _leaving(present: list[Member], plan: SplitPlan) -> list[Member]:
        chosen = [m for m in present if m.id in set(plan.member_ids)]
        if not chosen or len(chosen) != len(set(plan.member_ids)):
            raise ValidationError("请勾选要分出去的成员（只能是这一户在户的成员）。")
        if len(chosen) == len(present):
            raise ValidationError(
                "不能把全部成员都分出去：原户至少要留一人。全户并到别的户请用“合户”。"
            )
        if any(m.relation == "户主" for m in chosen):
            raise ValidationError(
                "原户户主不能分出去。如要换户主，请先在“修改”里改原户的户主和成员关系。"
            )
        if plan.head_member_id not in {m.id for m in chosen}:
            raise ValidationError("新户的户主必须是分出去的成员之一。", field="head")
        return chosen

    @staticmethod
    def _check_grid(session: Session, village_id: str, grid_id: str | None) -> None:
        grid = session.get(Grid, grid_id) if grid_id else None
        if grid_id and (grid is None or grid.village_id != village_id):
            raise NotFound("找不到这个网格，请重新选择。", field="grid")

    # -- 合户 ------------------------------------------------------------------------------

    def merge(
        self,
        household_id: str,
        into_id: str,
        effective_on: dt.date,
        *,
        transfer: str = "all",
        amount: int = 0,
        reason: str = "",
        meeting_on: dt.date | None = None,
    ) -> Op[ChangeInfo]:
        """合户: every member of ``household_id`` moves into ``into_id``; the merged household
        closes on ``effective_on``; its available points move (``transfer``: all, amount, none)."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "办理合户")
        reason = _clean_reason(reason)
        if transfer not in ("none", "amount", "all"):
            raise ValidationError("合户时可用积分只能全部转入、转入指定积分或不转。")
        if household_id == into_id:
            raise ValidationError("不能把一户并入它自己，请选另一户。", field="into")

        def work(tx: Tx) -> str:
            merged, into = _merge_pair(tx, household_id, into_id, effective_on)
            moved = present_members(tx.session, merged.id)
            for member in moved:
                move_member(tx, member, into, effective_on, "", f"合户到 {into.number}")
            points = points_to_move(tx, merged, transfer, amount)
            change = HouseholdChange(
                village_id=merged.village_id,
                kind="merge",
                from_household_id=merged.id,
                to_household_id=into.id,
                effective_on=effective_on,
                members=json.dumps([m.name for m in moved], ensure_ascii=False),
                split_rule=transfer if points else "none",
                transfer_points=points,
                reason=reason,
                meeting_on=meeting_on,
            )
            change_status(tx, merged, "dissolved", effective_on, f"合户，并入 {into.number}")
            summary = f"合户：{merged.number} {merged.head_name} 并入 {into.number}"
            return _record(tx, change, summary, merged, into)

        return self._run(work)

    # -- 注销户 ----------------------------------------------------------------------------

    def close(
        self,
        household_id: str,
        effective_on: dt.date,
        reason: str,
        meeting_on: dt.date | None = None,
    ) -> Op[ChangeInfo]:
        """注销户: the household (or unit) closes from ``effective_on``; its history stays."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "注销户")
        reason = _clean_reason(reason)
        if not reason:
            raise ValidationError("请写明注销的原因（如：户内无人，全户外迁）。", field="reason")

        def work(tx: Tx) -> str:
            household = load_household(tx.session, household_id)
            authz.require_village(tx.actor, household.village_id)
            if household.status != "active":
                raise ValidationError(f"户 {household.number} 已不在册，不用再注销。")
            _check_day(effective_on, household, tx.now.date())
            change = HouseholdChange(
                village_id=household.village_id,
                kind="close",
                from_household_id=household.id,
                to_household_id=None,
                effective_on=effective_on,
                members="[]",
                split_rule="none",
                transfer_points=0,
                reason=reason,
                meeting_on=meeting_on,
            )
            change_status(tx, household, "dissolved", effective_on, f"注销：{reason}")
            summary = f"注销户：{household.number} {household.head_name}"
            return _record(tx, change, summary, household, None)

        return self._run(work)

    def _run(self, work: Callable[[Tx], str]) -> Op[ChangeInfo]:
        op = self.ledger.run(work)
        return Op(self.get(op.value), op.changes)

    # -- reading ---------------------------------------------------------------------------

    def get(self, change_id: str) -> ChangeInfo:
        with self.ledger.read() as s:
            change = s.get(HouseholdChange, change_id)
            if change is None:
                raise NotFound("找不到这条户籍变动记录。")
            authz.require_village(self.ledger.actor, change.village_id)
            return change_info(s, change)

    def of_household(self, household_id: str) -> list[ChangeInfo]:
        """The changes a household took part in (given or received), oldest first."""
        self.ledger.households.get(household_id)  # visibility
        with self.ledger.read() as s:
            return changes_of(s, household_id)

    def lines_by_household(self, village_id: str) -> dict[str, list[str]]:
        """Household id -> its changes in one line each, oldest first (both sides of each)."""
        found: dict[str, list[str]] = {}
        for change in self.in_village(village_id):
            for hid in filter(None, (change.from_household_id, change.to_household_id)):
                found.setdefault(hid, []).append(change.line)
        return found

    def in_village(self, village_id: str) -> list[ChangeInfo]:
        authz.require_village(self.ledger.actor, village_id)
        with self.ledger.read() as s:
            rows = s.scalars(_changes_in(village_id)).all()
            return [change_info(s, c) for c in rows]


def _changes_in(village_id: str) -> Select[HouseholdChange]:
    """The village's 分户, 合户 and other household changes, in the order they took effect."""
    return (
        select(HouseholdChange)
        .where(HouseholdChange.village_id == village_id)
        .order_by(HouseholdChange.effective_on, HouseholdChange.recorded_at)
    )
