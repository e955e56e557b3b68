"""Who a way of choosing proposes for a person's title (授予个人称号: 优秀党员, 好媳妇 …): the
persons of a group (全体村民, 党员, 村干部) ranked for the period, and of them the top N, the top
share, those above the group's average, a grade's persons (a half-year or a year), those at the
top grade two years in a row, or no one (评议推选). Persons of a household under a veto in the
period are apart and never proposed, as the household is (``honour_pick`` for households)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .calendar.honour_pick import check_how, count_for_share
from .errors import ValidationError
from .periods import Period
from .persons import PersonRank, PersonService, graded_for_persons

if TYPE_CHECKING:
    from .ledger import Ledger


@dataclass(frozen=True)
class PersonProposal:
    chosen_by: str  # as the award records it
    proposed: list[PersonRank]  # ticked to begin with, in rank order
    eligible: list[PersonRank]  # every person who may be ticked
    vetoed: list[PersonRank]  # shown apart, never tickable
    basis: dict[str, str] = field(default_factory=dict)  # member id -> e.g. 前10名（第2名）


def _top(eligible: list[PersonRank], n: int) -> list[PersonRank]:
    """The first ``n`` and everyone tied with the last of them."""
    if len(eligible) < n:
        return list(eligible)
    cutoff = eligible[n - 1].person.points
    return [r for r in eligible if r.person.points >= cutoff]


def _of_grade(eligible: list[PersonRank], period: Period, grade: str) -> list[PersonRank]:
    if not graded_for_persons(period):
        raise ValidationError("个人评星定级按半年或年度评定：请选半年或年度。", field="period")
    return [r for r in eligible if r.grade == grade]


def _average_points(ranked: list[PersonRank]) -> float:
    """The group's average points, vetoed persons included (0 for an empty group)."""
    return sum(r.person.points for r in ranked) / len(ranked) if ranked else 0.0


def propose_persons(
    ledger: Ledger,
    village_id: str,
    period: Period,
    how: str,
    group: str = "all",
    *,
    count: int = 10,
    share: int = 10,
    grade: str = "",
) -> PersonProposal:
    """The proposal of ``how`` (a key of ``honour_pick.HOW_NAMES``) among the group's persons."""
    check_how(how)
    ranked = PersonService(ledger).rank(village_id, period, group)
    eligible = [r for r in ranked if not r.vetoed]
    vetoed = [r for r in ranked if r.vetoed]

    def made(
        chosen_by: str, rows: list[PersonRank], basis: Callable[[PersonRank], str]
    ) -> PersonProposal:
        return PersonProposal(
            chosen_by, rows, eligible, vetoed, {r.person.member_id: basis(r) for r in rows}
        )

    if how == "top":
        return made("top", _top(eligible, max(1, count)), lambda r: f"前{count}名（第{r.rank}名）")
    if how == "share":
        wanted = count_for_share(len(eligible), share)
        return made("top", _top(eligible, wanted), lambda r: f"前{share}%（第{r.rank}名）")
    if how == "above_average":
        average = _average_points(ranked)
        rows = [r for r in eligible if r.person.points > average]
        return made("above_average", rows, lambda r: f"{r.person.points}分，平均{average:.1f}分")
    if how == "grade":
        rows = _of_grade(eligible, period, grade)
        return made("grade", rows, lambda r: f"{grade}（{r.person.points}分）")
    if how == "two_years":
        rows = PersonService(ledger).two_years(village_id, period, group)
        return made("grade", rows, lambda r: f"连续两年{r.grade}（{r.person.points}分）")
    return PersonProposal("hand", [], eligible, vetoed)
