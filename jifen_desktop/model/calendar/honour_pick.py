"""Who a way of choosing proposes for a title (授予称号): the top N, the top share (前百分之几),
those above the village average, a grade's households (a year only), those at the top grade
this year and the year before (连续两年优秀, recorded as 评星定级), or no one (评议推选: the
committee ticks by hand from every eligible household). Each proposal carries the basis each
award records; households under a veto in the period are apart and never proposed."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import ValidationError
from ..periods import Period
from ..rankings import RankRow
from .honours import Grade, Honours, graded, two_years_name, year_before

if TYPE_CHECKING:
    from ..ledger import Ledger

HOW_NAMES = {
    "top": "前几名",
    "share": "前百分之几",
    "above_average": "高于平均分",
    "grade": "评星定级",
    "two_years": "连续两年优秀",
    "hand": "评议推选",
}


@dataclass(frozen=True)
class Proposal:
    chosen_by: str  # as the award records it (前百分之几 is recorded as 前几名)
    proposed: list[RankRow]  # ticked to begin with, in rank order
    eligible: list[RankRow]  # every household that may be ticked
    vetoed: list[RankRow]  # shown apart, never tickable
    basis: dict[str, str] = field(default_factory=dict)  # household id -> e.g. 前10名（第2名）


def check_how(how: str) -> str:
    if how not in HOW_NAMES:
        raise ValidationError("评选方式只能是 " + "、".join(HOW_NAMES.values()) + "。")
    return how


def count_for_share(eligible: int, share: int) -> int:
    """How many of ``eligible`` the top ``share`` per cent are (at least one)."""
    if not 1 <= share <= 100:
        raise ValidationError("百分比要在 1 到 100 之间。", field="share")
    return max(1, math.ceil(eligible * share / 100))


def propose(
    ledger: Ledger,
    village_id: str,
    period: Period,
    how: str,
    *,
    count: int = 10,
    share: int = 10,
    grade: str = "",
) -> Proposal:
    """The proposal of ``how`` (a key of ``HOW_NAMES``) for the period's honours."""
    check_how(how)
    first = ledger.honours.honours(village_id, period, max(1, count))
    eligible = [r for r in first.ranking if not r.vetoed]
    if how == "share":
        wanted = count_for_share(len(eligible), share)
        top = ledger.honours.honours(village_id, period, wanted).top
        return _made("top", top, eligible, first.vetoed, lambda r: f"前{share}%（第{r.rank}名）")
    if how == "top":
        return _made(
            "top", first.top, eligible, first.vetoed, lambda r: f"前{count}名（第{r.rank}名）"
        )
    if how == "above_average":
        average = first.average
        return _made(
            "above_average",
            first.above_average,
            eligible,
            first.vetoed,
            lambda r: f"{r.points}分，平均{average:.1f}分",
        )
    if how == "grade":
        return _graded(first.grades, grade, period, eligible, first.vetoed)
    if how == "two_years":
        return _two_years(ledger, village_id, period, first, eligible)
    return Proposal("hand", [], eligible, first.vetoed)


def _graded(
    grades: list[tuple[Grade, list[RankRow]]],
    grade: str,
    period: Period,
    eligible: list[RankRow],
    vetoed: list[RankRow],
) -> Proposal:
    if not graded(period):
        raise ValidationError("评星定级按年度积分评定：请在“期间”选一个年度。", field="period")
    members = next((rows for g, rows in grades if g.name == grade), None)
    if members is None:
        names = "、".join(g.name for g, _rows in grades)
        raise ValidationError(f"没有“{grade}”这个等级；本村的等级有：{names}。", field="grade")
    return _made("grade", members, eligible, vetoed, lambda r: f"{grade}（{r.points}分）")


def _two_years(
    ledger: Ledger, village_id: str, period: Period, first: Honours, eligible: list[RankRow]
) -> Proposal:
    if not graded(period):
        raise ValidationError("连续两年优秀按年度积分评定：请在“期间”选一个年度。", field="period")
    name = two_years_name(ledger.honours.grades(village_id))
    before = year_before(period).label
    return _made(
        "grade", first.two_years, eligible, first.vetoed, lambda r: f"{name}（{before}起）"
    )


def _made(
    chosen_by: str,
    rows: list[RankRow],
    eligible: list[RankRow],
    vetoed: list[RankRow],
    basis: Callable[[RankRow], str],
) -> Proposal:
    return Proposal(
        chosen_by, list(rows), eligible, list(vetoed), {r.household_id: basis(r) for r in rows}
    )
