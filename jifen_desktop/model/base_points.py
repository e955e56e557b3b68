"""Annual base points (基础分): e.g. 100 points per household per year for abiding by the village
rules, credited automatically and approved at once. Idempotent: a household that already has
its (unreversed) base entry for the year gets no second one."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from .entries import decide
from .entry_checks import live_entries_clause
from .errors import NotFound, ValidationError
from .tables import Entry, Household, RuleCategory, RuleItem, Village
from .tx import Change, Tx


def generate(tx: Tx, village_id: str, year: int) -> int:
    """Base entries for ``year`` for every household active in it; returns how many were new."""
    today = dt.date.today()
    if year > today.year:
        raise ValidationError(f"{year}年还没到，不能提前生成基础分。", field="year")
    village = tx.session.get(Village, village_id)
    if village is None:
        raise NotFound("找不到这个村。")
    if village.base_points <= 0:
        return 0
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rule = tx.session.execute(
        select(RuleItem, RuleCategory.name)
        .join(RuleCategory, RuleItem.category_id == RuleCategory.id)
        .where(RuleItem.village_id == village_id, RuleItem.kind == "base")
    ).first()
    already = set(
        tx.session.scalars(
            select(Entry.household_id).where(
                Entry.village_id == village_id,
                Entry.kind == "base",
                Entry.occurred_on.between(start, end),
                live_entries_clause(),
            )
        )
    )
    households = tx.session.scalars(
        select(Household).where(
            Household.village_id == village_id,
            Household.kind == "household",
            Household.status == "active",
            Household.registered_on <= end,
            ~Household.is_deleted,
        )
    )
    created = 0
    for household in households:
        if household.id in already:
            continue
        entry = tx.insert(
            Entry,
            village_id=village_id,
            household_id=household.id,
            member_id=None,
            rule_item_id=rule[0].id if rule else None,
            rule_code=rule[0].code if rule else "基础分",
            rule_name=rule[0].name if rule else "年度基础分",
            category_name=rule[1] if rule else "",
            kind="base",
            unit_points=village.base_points,
            quantity=1,
            points=village.base_points,
            occurred_on=max(start, household.registered_on),
            place="",
            note="",
            source="system",
            corrects_entry_id=None,
            reason="",
            batch_id=None,
            recorded_by=tx.actor.id,
            recorded_at=tx.now,
        )
        decide(tx, entry, "approved", f"{year}年度基础分")
        created += 1
    tx.audit(
        "entry.base_points",
        "village",
        village_id,
        f"生成{year}年度基础分：新记 {created} 户，每户 {village.base_points} 分",
        village_id=village_id,
    )
    if created:
        tx.changed(Change.ENTRIES)
    return created
