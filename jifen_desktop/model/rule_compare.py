"""与方案原文对照: how a village's rule catalog differs from seed 001 篇7's catalog (the shipped
template). Three kinds of rows: the village's items the seed's catalog does not have (the old
template's 常用扣分项, the village's own items), items whose points, cap, evidence, direction or
accounts differ from the seed's, and the seed's items the village lacks. Nothing here writes:
adopting the seed's value for one item goes through ``RuleService.update`` (audited like any
edit), and a village that keeps its own values keeps them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .choices import APPLIES_NAMES, CAP_NAMES, DIRECTION_NAMES
from .rule_template import load_template

if TYPE_CHECKING:
    from .rules import RuleInfo

DIFFERS = "differs"
NOT_IN_SEED = "not_in_seed"
NOT_IN_VILLAGE = "not_in_village"
STATUS_NAMES = {
    DIFFERS: "与方案原文不同",
    NOT_IN_SEED: "方案原文没有",
    NOT_IN_VILLAGE: "本村没有",
}


@dataclass(frozen=True)
class FieldDiff:
    """One way an item differs: what the village has and what the seed says, as text, and the
    seed's values to write when the village adopts them."""

    label: str
    village: str
    seed: str
    values: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class RuleDifference:
    code: str
    name: str
    status: str
    source: str
    fields: tuple[FieldDiff, ...] = ()

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]

    def seed_values(self) -> dict[str, Any]:
        """The seed's values of the fields that differ, for ``RuleService.update``."""
        return {key: value for f in self.fields for key, value in f.values}

    def summary(self) -> str:
        """The differences in one line: ``分值 10-30 → 5；需要证明 否 → 是``."""
        return "；".join(f"{f.label} {f.village} → {f.seed}" for f in self.fields)


@dataclass(frozen=True)
class Comparison:
    rows: tuple[RuleDifference, ...]
    same: int

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    def find(self, code: str) -> RuleDifference | None:
        return next((row for row in self.rows if row.code == code.upper()), None)


def seed_items(template: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The seed's catalog in order (the shipped template's categories)."""
    template = template or load_template()
    return [item for cat in template["categories"] for item in cat["items"]]


def _points(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}-{high}"


# What is compared: a label, the fields it covers and how its values read.
COMPARED: tuple[tuple[str, tuple[str, ...], Callable[..., str]], ...] = (
    ("方向", ("direction",), lambda v: DIRECTION_NAMES[v]),
    ("分值", ("points_min", "points_max"), _points),
    ("上限", ("period_cap",), lambda v: CAP_NAMES[v]),
    ("需要证明", ("evidence_required",), lambda v: "是" if v else "否"),
    ("适用于", ("applies_to",), lambda v: APPLIES_NAMES.get(v, str(v))),
)


def field_diffs(rule: RuleInfo, seed: dict[str, Any]) -> tuple[FieldDiff, ...]:
    """How ``rule`` differs from the seed's item of the same code."""
    found = []
    for label, keys, text in COMPARED:
        have = tuple(getattr(rule, key) for key in keys)
        want = tuple(seed[key] for key in keys)
        if have != want:
            found.append(
                FieldDiff(label, text(*have), text(*want), tuple(zip(keys, want, strict=True)))
            )
    return tuple(found)


def compare(rules: Iterable[RuleInfo], template: dict[str, Any] | None = None) -> Comparison:
    """The village's catalog (``rules``, stopped items too) against the seed's."""
    seeds = {item["code"]: item for item in seed_items(template)}
    mine = {rule.code: rule for rule in rules}
    rows: list[RuleDifference] = []
    same = 0
    for code, rule in mine.items():
        seed = seeds.get(code)
        if seed is None:
            rows.append(RuleDifference(code, rule.name, NOT_IN_SEED, rule.source))
            continue
        diffs = field_diffs(rule, seed)
        if diffs:
            rows.append(RuleDifference(code, rule.name, DIFFERS, seed["source"], diffs))
        else:
            same += 1
    for code, seed in seeds.items():
        if code not in mine:
            rows.append(RuleDifference(code, seed["name"], NOT_IN_VILLAGE, seed["source"]))
    order = list(STATUS_NAMES)
    rows.sort(key=lambda row: order.index(row.status))
    return Comparison(tuple(rows), same)
