"""Base points withheld for misconduct: seed 001 篇7 (二、1) gives the 基础分 to households that
遵纪守法、无群众反映不良行为, so a household with a confirmed (approved, not reversed) deduction
last year of a rule the village marks as disqualifying (``Village.base_withhold_rules``: rule
codes) is withheld by default, with that deduction as its reason: on 发放年度基础分, `jifen
base-points` and the 年度结转 alike. The admin may still give it.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from .entry_checks import live_entries_clause
from .schema import Entry, EntryDecision, Village

DEDUCTION_PREFIX = "上年有扣分"


def withhold_rules(village: Village | None) -> list[str]:
    """The village's disqualifying rule codes."""
    if village is None or not village.base_withhold_rules:
        return []
    return [str(code) for code in json.loads(village.base_withhold_rules)]


def deduction_reasons(session: Session, village_id: str, year: int) -> dict[str, str]:
    """{household id: reason} for households with a confirmed (approved, not reversed)
    deduction in ``year`` of a disqualifying rule; the first such deduction is named."""
    codes = withhold_rules(session.get(Village, village_id))
    if not codes:
        return {}
    rows = session.execute(
        select(Entry.household_id, Entry.rule_name, Entry.occurred_on, Entry.points)
        .join(EntryDecision, EntryDecision.entry_id == Entry.id)
        .where(
            Entry.village_id == village_id,
            Entry.points < 0,
            Entry.rule_code.in_(codes),
            Entry.occurred_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
            EntryDecision.decision == "approved",
            live_entries_clause(),
        )
        .order_by(Entry.occurred_on, Entry.id)
    )
    found: dict[str, str] = {}
    for household_id, rule_name, day, points in rows:
        found.setdefault(
            household_id,
            f"{DEDUCTION_PREFIX}：{rule_name}（{day}，{points}分），{year}年不算无不良行为",
        )
    return found
