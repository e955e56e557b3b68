"""年度结转's base-points step: the new year's 基础分 with its withhold list. Seed 001 篇7 (二、1)
gives them to households that 遵纪守法、无群众反映不良行为; so besides the households under a veto
(``base_points``' own default), a household with a confirmed deduction last year of a rule the
village marks as disqualifying (``Village.base_withhold_rules``: rule codes) is withheld, with
the deduction as its reason in the audit log. The admin may still give it to any of them. The
withhold list itself is ``base_points``' default (``base_withhold`` adds the deductions).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .base_points import BasePlan, make_plan
from .base_points_lookup import earlier_withholdings
from .errors import ValidationError
from .schema import RuleItem, Village
from .tx import Change, Tx, row_values


@dataclass(frozen=True)
class NewYearBase:
    """The new year's base points as the year-end close proposes them."""

    plan: BasePlan
    withhold: dict[str, str]  # household id -> reason: vetoes, earlier ones, deductions
    logged: dict[str, str]  # household id -> reason already in the audit log

    @property
    def to_give(self) -> int:
        return sum(
            1
            for c in self.plan.candidates
            if c.household_id not in self.withhold and c.on is not None
        )

    @property
    def done(self) -> bool:
        """Nothing left to give, and every withholding is in the audit log with its reason."""
        unlogged = [h for h, r in self.withhold.items() if self.logged.get(h) != r]
        return self.to_give == 0 and not unlogged


def new_year_base(session: Session, village_id: str, year: int, today: dt.date) -> NewYearBase:
    """The plan of ``year + 1``'s base points with the default withhold list (vetoes, earlier
    choices, and disqualifying deductions of ``year``: ``base_withhold``)."""
    plan = make_plan(session, village_id, year + 1, today)
    withhold = plan.withheld_by_default
    return NewYearBase(plan, withhold, earlier_withholdings(session, village_id, year + 1))


def write_withhold_rules(tx: Tx, village_id: str, codes: Sequence[str]) -> list[str]:
    """Mark the rules whose confirmed deductions withhold the next year's base points."""
    wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    known = _deduct_codes(tx.session, village_id)
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise ValidationError(
            f"细则编号 {'、'.join(unknown)} 不是本村的扣分项目，请在“设置 › 积分细则”里核对编号。",
            field="rules",
        )
    village = tx.session.get(Village, village_id)
    assert village is not None
    before = row_values(village)
    village.base_withhold_rules = json.dumps(wanted, ensure_ascii=False) if wanted else ""
    names = "、".join(f"{c} {known[c]}" for c in wanted) or "无"
    tx.updated(
        village,
        "village.base_withhold_rules",
        f"上年有这些扣分的户，不发下一年度基础分：{names}",
        village_id=village_id,
        before=before,
    )
    tx.changed(Change.VILLAGE)
    return wanted


def _deduct_codes(session: Session, village_id: str) -> dict[str, str]:
    return {
        code: name
        for code, name in session.execute(
            select(RuleItem.code, RuleItem.name).where(
                RuleItem.village_id == village_id,
                RuleItem.direction == "deduct",
                ~RuleItem.is_deleted,
            )
        )
    }


def deduct_rules(session: Session, village_id: str) -> list[tuple[str, str]]:
    """(code, name) of the village's deduction rules, to choose from."""
    return sorted(_deduct_codes(session, village_id).items())
