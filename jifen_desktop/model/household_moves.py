"""What a household change (分户, 合户) does inside its transaction: members move, and available
points are transferred by a pair of entries.

A member who moves keeps their history: their row in the old household is marked 迁出 from the
day of the change (the entries that named them stay with the old household), and a new member
row with the same person's details is made in the receiving household, where their later
entries go.

A transfer is two append-only entries of kind ``transfer`` (−N on the household that gives,
+N on the one that receives), both citing the change by its id in ``batch_id``. They wait for a
reviewer like other entries and are decided together (``with_partners``). They move available
points only: lifetime and annual points, rankings, 公示 and honours leave them out
(``balances``), so the points a household earned stay with its history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .balances import balances_in
from .errors import ValidationError
from .schema import Entry, Household, Member
from .schema.household_changes import TRANSFER, HouseholdChange
from .tx import Tx, row_values

# Member fields that belong to the person, copied to the new member row.
PERSON_FIELDS = ("name", "gender", "birth_date", "id_number", "is_party_member", "phone")
TRANSFER_CATEGORY = "户籍变动"
TRANSFER_CODE = "转移"


def present_members(session: Session, household_id: str) -> list[Member]:
    return list(
        session.scalars(
            select(Member)
            .where(
                Member.household_id == household_id,
                Member.status == "present",
                ~Member.is_deleted,
            )
            .order_by(Member.relation != "户主", Member.id)
        )
    )


def move_member(
    tx: Tx, member: Member, to: Household, on: dt.date, relation: str, why: str
) -> Member:
    """Mark ``member`` 迁出 from ``on`` and make the same person a member of ``to``."""
    before = row_values(member)
    member.status = "moved_out"
    member.status_since = on
    tx.updated(
        member,
        "member.status",
        f"成员 {member.name} {why}，迁出（{on}）",
        village_id=to.village_id,
        before=before,
    )
    tx.session.flush()  # the ID number is free in the village before the new row takes it
    person = {key: getattr(member, key) for key in PERSON_FIELDS}
    extra = {"is_cadre": member.is_cadre} if hasattr(Member, "is_cadre") else {}
    moved = Member(household_id=to.id, relation=relation, status="present", **person, **extra)
    tx.created(
        moved,
        "member.create",
        f"户 {to.number} 迁入成员 {moved.name}（{why}）",
        village_id=to.village_id,
    )
    return moved


# A son or daughter who forms their own household: their spouse and children, related to them.
TO_CHILD_HEAD = {"儿媳": "配偶", "女婿": "配偶", "孙子": "子", "孙女": "女"}


def relation_to_new_head(member: Member, head: Member) -> str:
    """A leaving member's relation to the new head when the form gives none: the old head's
    儿媳 is the new head's 配偶 when he is the old head's son (and so on); else left empty."""
    if head.relation in ("子", "女"):
        return TO_CHILD_HEAD.get(member.relation, "")
    return ""


def available_of(session: Session, household: Household, today: dt.date) -> int:
    """The household's available points today (approved transfers included)."""
    balances = balances_in(session, household.village_id, [household.id], today.year)
    return balances[household.id].available


def members_share(available: int, leaving: int, present: int) -> int:
    """按人口分: the leaving members' share of the available points, rounded down (the
    household that stays keeps the odd point)."""
    if available <= 0 or present <= 0:
        return 0
    return available * leaving // present


def check_amount(points: int, available: int, label: str) -> int:
    if points < 0:
        raise ValidationError("转移的积分不能是负数。", field="amount")
    if points > max(available, 0):
        raise ValidationError(_more_than_available(points, available, label), field="amount")
    return points


def _more_than_available(points: int, available: int, label: str) -> str:
    """A transfer of more than the household has, in words, and what to do."""
    return (
        f"{label}现有可用积分 {max(available, 0)} 分，不能转出 {points} 分；"
        "请改小数额或选择不分积分。"
    )


def points_to_move(
    tx: Tx, giver: Household, rule: str, amount: int, leaving: int = 0, present: int = 0
) -> int:
    """The available points a change moves from ``giver``: none; 按人口 (``leaving`` of its
    ``present`` members); all of them; or ``amount`` (no more than there is)."""
    if rule == "none":
        return 0
    available = available_of(tx.session, giver, tx.now.date())
    if rule == "members":
        return members_share(available, leaving, present)
    if rule == "all":
        return max(available, 0)
    return check_amount(amount, available, f"户 {giver.number} ")


def _transfer_values(
    tx: Tx, change: HouseholdChange, household: Household, points: int, name: str
) -> dict[str, Any]:
    """An entry of a transfer pair: ``points`` (signed) on ``household``, citing ``change``."""
    return dict(
        village_id=household.village_id,
        household_id=household.id,
        member_id=None,
        rule_item_id=None,
        rule_code=TRANSFER_CODE,
        rule_name=name,
        category_name=TRANSFER_CATEGORY,
        kind=TRANSFER,
        unit_points=points,
        quantity=1,
        points=points,
        occurred_on=tx.now.date(),
        original_on=None,
        place="",
        note="",
        source="system",
        corrects_entry_id=None,
        reason=change.reason,
        batch_id=change.id,
        recorded_by=tx.actor.id,
        recorded_at=tx.now,
    )


def write_transfer(
    tx: Tx, change: HouseholdChange, giver: Household, taker: Household, points: int, what: str
) -> list[dict[str, Any]]:
    """The pair of pending transfer entries of ``change``: −points on ``giver``, +points on
    ``taker``, dated the day recorded (when the points move), both citing the change."""
    pair = []
    for household, signed, name in (
        (giver, -points, f"{what}转出可用积分（转入 {_label(taker)}）"),
        (taker, points, f"{what}转入可用积分（来自 {_label(giver)}）"),
    ):
        entry = tx.insert(Entry, **_transfer_values(tx, change, household, signed, name))
        tx.audit(
            "entry.create",
            "entry",
            entry["id"],
            f"{_label(household)} {TRANSFER_CODE} {name} {signed:+d}分（待审核）",
            village_id=household.village_id,
            after=entry,
        )
        pair.append(entry)
    return pair


def _label(household: Household) -> str:
    return f"{household.number} {household.unit_name or household.head_name}"


def with_partners(session: Session, entry_ids: Sequence[str]) -> list[str]:
    """``entry_ids`` (in order, once each) with the other entry of every transfer pair among
    them: approving, rejecting or withdrawing one transfer entry decides both."""
    wanted = list(dict.fromkeys(entry_ids))
    changes = session.scalars(
        select(Entry.batch_id).where(
            Entry.id.in_(wanted), Entry.kind == TRANSFER, Entry.batch_id.is_not(None)
        )
    ).all()
    if not changes:
        return wanted
    partners = session.scalars(
        select(Entry.id)
        .where(Entry.batch_id.in_(set(changes)), Entry.kind == TRANSFER)
        .order_by(Entry.points)
    ).all()
    return list(dict.fromkeys([*wanted, *partners]))
