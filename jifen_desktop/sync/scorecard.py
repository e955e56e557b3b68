"""The township's yearly 考核 of villages (村庄考核): each village's figures of the year
(``scorecard_figures``) against the township's targets, weighed by its weights
(``scorecard_targets``), summed into a score out of 100, and the villages ranked by it (equal
scores share a rank: 1, 2, 2, 4).

Points of a figure: for one where more is better, its weight × value / target, at most the
weight (a target of 0 gives the full weight); where less is better (days to close an objection,
entries overdue), the full weight at or under the target, and weight × target / value above it.
A rate whose base is empty (no party member registered) cannot be measured and earns nothing:
the township wants the members registered. With no objection received, 异议办结 earns its
points (nothing was left open). 台账核对 earns its weight when the chain holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from jifen_desktop.model import authz, periods
from jifen_desktop.model.rankings import competition_ranks
from jifen_desktop.model.schema import Replica
from jifen_desktop.model.tx import Op

from .scorecard_figures import VillageFigures, village_figures
from .scorecard_targets import (
    BY_KEY,
    FIGURES,
    Figure,
    Target,
    Targets,
    read_targets,
    target_text,
    write_targets,
)

if TYPE_CHECKING:
    from jifen_desktop.model.ledger import Ledger


@dataclass(frozen=True)
class ScoreItem:
    key: str
    name: str
    value: float | None  # None: cannot be measured (no base)
    shown: str  # the value as read: “11 / 12 个月”, “58%（7/12）”, “—（未登记党员）”
    brief: str  # the same for a narrow column under its target: “11”, “58%”, “—”
    target: str  # “≥ 12 次”
    weight: int
    points: float


@dataclass(frozen=True)
class VillageScorecard:
    figures: VillageFigures
    items: tuple[ScoreItem, ...]
    total: float
    rank: int

    @property
    def name(self) -> str:
        return self.figures.name

    def item(self, key: str) -> ScoreItem:
        return next(i for i in self.items if i.key == key)


@dataclass(frozen=True)
class Scorecard:
    year: int
    as_of: dt.date
    township: str  # the township's name, for the printouts' titles
    targets: Targets
    villages: tuple[VillageScorecard, ...]  # ranked


# (value or None when it cannot be measured, how it reads, how it reads in a narrow column)
Reading = tuple[float | None, str, str]


def _rate(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def _rate_read(part: int, whole: int, what: str) -> Reading:
    if not whole:
        return None, f"—（未登记{what}）", "—"
    rate = 100 * part / whole
    return rate, f"{rate:.0f}%（{part}/{whole}）", f"{rate:.0f}%"


def _readings(f: VillageFigures) -> dict[str, Reading]:
    days = f.objection_days
    return {
        "reviews": (f.reviews_on_time, f"{f.reviews_on_time} / 12 个月", str(f.reviews_on_time)),
        "quarters": (f.quarters_final, f"{f.quarters_final} / 4 个季度", str(f.quarters_final)),
        "households": _rate_read(f.households_taking_part, f.households, "农户"),
        "persons": _rate_read(f.persons_taking_part, f.persons, "家庭成员"),
        "party": _rate_read(f.party_taking_part, f.party_members, "党员"),
        "redeem_households": _rate_read(f.households_redeeming, f.households, "农户"),
        "redeem_persons": _rate_read(f.persons_redeeming, f.persons, "家庭成员"),
        "objections": (
            _rate(f.objections_closed, f.objections) if f.objections else 100.0,
            f"{f.objections_closed} / {f.objections} 件" if f.objections else "无异议",
            f"{f.objections_closed}/{f.objections}" if f.objections else "无",
        ),
        "objection_days": (
            days if days is not None else 0.0,
            "无已办结异议" if days is None else f"{days:g} 天",
            "—" if days is None else f"{days:g}天",
        ),
        "overdue": (f.overdue_entries, f"{f.overdue_entries} 条", f"{f.overdue_entries}条"),
        "chain": (
            1.0 if f.chain_problems == 0 else 0.0,
            "无误" if f.chain_problems == 0 else f"有 {f.chain_problems} 处对不上",
            "无误" if f.chain_problems == 0 else "有误",
        ),
    }


def points(figure: Figure, target: Target, value: float | None) -> float:
    """What ``value`` earns against ``target`` (see the module's docstring)."""
    if value is None or target.weight == 0:
        return 0.0
    if figure.more:
        share = 1.0 if target.target == 0 else min(1.0, value / target.target)
    else:
        share = 1.0 if value <= target.target else target.target / value
    return round(target.weight * share, 1)


def _items(f: VillageFigures, targets: Targets) -> tuple[ScoreItem, ...]:
    readings = _readings(f)
    items = []
    for figure in FIGURES:
        chosen = targets[figure.key]
        value, shown, brief = readings[figure.key]
        items.append(
            ScoreItem(
                figure.key,
                figure.name,
                value,
                shown,
                brief,
                target_text(figure, chosen.target),
                chosen.weight,
                points(figure, chosen, value),
            )
        )
    return tuple(items)


def rank_villages(figures: list[VillageFigures], targets: Targets) -> tuple[VillageScorecard, ...]:
    scored = [(f, _items(f, targets)) for f in figures]
    totals = [round(sum(i.points for i in items), 1) for _, items in scored]
    order = sorted(range(len(scored)), key=lambda i: (-totals[i], scored[i][0].code))
    ranks = competition_ranks([round(totals[i] * 10) for i in order])  # tenths: whole numbers
    return tuple(
        VillageScorecard(scored[i][0], scored[i][1], totals[i], rank)
        for i, rank in zip(order, ranks, strict=True)
    )


class ScorecardService:
    """村庄考核 of a township database: the targets and weights, and the year's scorecard."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def targets(self) -> Targets:
        with self.ledger.read() as s:
            return read_targets(s)

    def set_targets(self, values: Targets) -> Op[Targets]:
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "设置考核指标与权重")
        return self.ledger.run(lambda tx: write_targets(tx, values))

    def scorecard(
        self,
        year: int,
        today: dt.date | None = None,
        progress: Callable[[float, str], None] | None = None,
    ) -> Scorecard:
        """Every village's figures of ``year`` as of ``today``, scored and ranked."""
        periods.check_year(year)
        as_of = today or dt.date.today()
        with self.ledger.read() as s:
            targets = read_targets(s)
            figures = village_figures(s, year, as_of, progress)
            township = s.scalar(select(Replica.name)) or ""
        return Scorecard(year, as_of, township, targets, rank_villages(figures, targets))


__all__ = ["BY_KEY", "ScoreItem", "Scorecard", "ScorecardService", "VillageScorecard"]
