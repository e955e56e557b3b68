"""Honours (评先评优): the households above the village average for a period, the top N, the
grades (评星定级) whose thresholds the village sets, and those at the top grade two years in a
row (连续两年优秀: the year chosen and the year before). A household under a veto in the period
is left out of every list and listed apart, as such; the rankings still show it, marked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import authz
from ..errors import ValidationError
from ..periods import Period
from ..periods import year as year_period
from ..rankings import RankRow
from ..schema import Village
from ..tx import Change, Op, Tx, row_values

if TYPE_CHECKING:
    from ..ledger import Ledger


@dataclass(frozen=True)
class Grade:
    """A grade and the least points that reach it; ``minimum`` None catches everyone else."""

    name: str
    minimum: int | None


# The seeds' example (优秀 80 / 合格 60 / 诫勉 below), to be set by each village.
DEFAULT_GRADES = (Grade("优秀", 80), Grade("合格", 60), Grade("诫勉", None))


@dataclass(frozen=True)
class Honours:
    period: Period
    average: float
    above_average: list[RankRow]  # vetoed households left out
    top: list[RankRow]
    grades: list[tuple[Grade, list[RankRow]]]  # none unless the period is a year
    vetoed: list[RankRow]  # left out of the lists above because of a veto
    ranking: list[RankRow]  # everyone ranked, vetoed households marked
    # At the top grade in this year and the year before (a year only), vetoed left out.
    two_years: list[RankRow] = field(default_factory=list)


def parse_grades(text: str) -> list[Grade]:
    if not text:
        return list(DEFAULT_GRADES)
    return [Grade(g["name"], g["min"]) for g in json.loads(text)]


def check_grades(grades: list[Grade]) -> list[Grade]:
    """Names given and different, minimums falling, only the last without a minimum."""
    if not grades:
        raise ValidationError("至少要有一个等级。", field="grades")
    names = [g.name.strip() for g in grades]
    if any(not n for n in names) or len(set(names)) != len(names):
        raise ValidationError("每个等级都要有名称，且名称不能重复。", field="grades")
    minimums = [g.minimum for g in grades]
    if any(m is None for m in minimums[:-1]):
        raise ValidationError(
            "只有最后一个等级可以不设分数线（其余各户都归入它）。", field="grades"
        )
    given = [m for m in minimums if m is not None]
    if any(a <= b for a, b in zip(given, given[1:], strict=False)):
        raise ValidationError("等级的分数线要从高到低排列，且不能相同。", field="grades")
    return [Grade(n, m) for n, m in zip(names, minimums, strict=True)]


def _grades_said(grades: list[Grade]) -> str:
    """The grades in words: 优秀≥80、合格≥60、诫勉."""
    return "、".join(f"{g.name}≥{g.minimum}" if g.minimum is not None else g.name for g in grades)


def grades_json(grades: list[Grade]) -> str:
    return json.dumps([{"name": g.name, "min": g.minimum} for g in grades], ensure_ascii=False)


@dataclass(frozen=True)
class TierKind:
    """Which of the village's grade settings: its column, audit action and name."""

    column: str
    action: str
    label: str


HOUSEHOLD_TIERS = TierKind("honour_tiers", "village.grades", "评星定级")
PERSON_TIERS = TierKind("person_tiers", "village.person_grades", "个人等次")


def graded(period: Period) -> bool:
    """Grades are thresholds of annual points: a year is graded, a quarter or all time not."""
    return period.key.isdigit()


def grade_of(points: int, grades: list[Grade]) -> Grade | None:
    return next((g for g in grades if g.minimum is None or points >= g.minimum), None)


def at_top(points: int, grades: list[Grade]) -> bool:
    """Whether ``points`` reach the village's top grade (优秀 in the seeds)."""
    return bool(grades) and grade_of(points, grades) == grades[0]


def year_before(period: Period) -> Period:
    return year_period(period.start.year - 1)


def two_years_name(grades: list[Grade]) -> str:
    """“连续两年优秀” with the village's top grade's name."""
    return f"连续两年{grades[0].name}" if grades else "连续两年优秀"


class HonourService:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def grades(self, village_id: str) -> list[Grade]:
        authz.require_village(self.ledger.actor, village_id)
        with self.ledger.read() as s:
            village = s.get(Village, village_id)
            return parse_grades(village.honour_tiers if village else "")

    def set_grades(self, village_id: str, grades: list[Grade]) -> Op[list[Grade]]:
        """Set the village's grades, highest first."""
        return self._set_tiers(village_id, grades, HOUSEHOLD_TIERS)

    def person_grades(self, village_id: str) -> list[Grade]:
        """The village's person grades (个人等次), highest first; none unless it set some."""
        authz.require_village(self.ledger.actor, village_id)
        with self.ledger.read() as s:
            village = s.get(Village, village_id)
            text = village.person_tiers if village else ""
        return parse_grades(text) if text else []

    def set_person_grades(self, village_id: str, grades: list[Grade]) -> Op[list[Grade]]:
        """Set the village's person grades (个人等次), highest first."""
        return self._set_tiers(village_id, grades, PERSON_TIERS)

    def _set_tiers(self, village_id: str, grades: list[Grade], kind: TierKind) -> Op[list[Grade]]:
        """Write the checked grades to the village's column of ``kind``, audited, one Tx."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, f"设置{kind.label}")
        authz.require_village(self.ledger.actor, village_id)
        checked = check_grades(grades)

        def work(tx: Tx) -> None:
            village = tx.session.get(Village, village_id)
            assert village is not None
            before = row_values(village)
            setattr(village, kind.column, grades_json(checked))
            text = f"{kind.label}：{_grades_said(checked)}"
            tx.updated(village, kind.action, text, village_id=village_id, before=before)
            tx.changed(Change.CALENDAR | Change.VILLAGE)

        op = self.ledger.run(work)
        return Op(checked, op.changes)

    def honours(
        self, village_id: str, period: Period, top_n: int = 10, grid_id: str | None = None
    ) -> Honours:
        """The honour lists of a period; the average is over every ranked household."""
        if top_n < 1:
            raise ValidationError("前几名的人数至少为1。", field="top")
        rows = self.ledger.rankings.rank(village_id, period, grid_id)
        grades = self.grades(village_id) if graded(period) else []
        average = sum(r.points for r in rows) / len(rows) if rows else 0.0
        eligible = [r for r in rows if not r.vetoed]
        by_grade: dict[str, list[RankRow]] = {g.name: [] for g in grades}
        for r in eligible:
            grade = grade_of(r.points, grades)
            if grade is not None:
                by_grade[grade.name].append(r)
        cutoff = eligible[top_n - 1].points if len(eligible) >= top_n else None
        top = [r for r in eligible if cutoff is None or r.points >= cutoff]
        two = self._two_years(village_id, period, grid_id, eligible, grades)
        return Honours(
            period,
            average,
            [r for r in eligible if r.points > average],
            top,
            [(g, by_grade[g.name]) for g in grades],
            [r for r in rows if r.vetoed],
            rows,
            two,
        )

    def _two_years(
        self,
        village_id: str,
        period: Period,
        grid_id: str | None,
        eligible: list[RankRow],
        grades: list[Grade],
    ) -> list[RankRow]:
        """Of ``eligible`` (this year's, not vetoed), those at the top grade this year and the
        year before (连续两年优秀)."""
        if not grades:
            return []
        before = self.ledger.rankings.rank(village_id, year_before(period), grid_id)
        earlier = {r.household_id for r in before if at_top(r.points, grades)}
        return [r for r in eligible if r.household_id in earlier and at_top(r.points, grades)]
