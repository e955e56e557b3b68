"""Records named as a clerk knows them (农户 "0012 张三", 细则 "C07 参与…会议", an operator by
name, a 积分记录 by its item, points and date), looked up in batches: one query per kind of
record for all the ids wanted (in chunks), never one per row shown."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .audit_labels import NONE, plain_value, quarter_text
from .schema import (
    Entry,
    Grid,
    Household,
    Member,
    Operator,
    Redemption,
    RuleCategory,
    RuleItem,
    Stocktake,
    StoreGoods,
    Village,
)
from .schema.calendar import Publication, ReviewSession

IN_CHUNK = 900
GONE = "（台账里已没有这条记录）"

# A field that holds the id (or a JSON list of ids) of a record of this table.
REFERENCES = {
    "household_id": "households",
    "from_household_id": "households",
    "to_household_id": "households",
    "member_id": "members",
    "rule_item_id": "rule_items",
    "category_id": "rule_categories",
    "grid_id": "grids",
    "grid_ids": "grids",
    "recorded_by": "operators",
    "reviewer_id": "operators",
    "resolved_by": "operators",
    "awarded_by": "operators",
    "operator_id": "operators",
    "decided_by": "operators",
    "goods_id": "store_goods",
    "publication_id": "publications",
    "entry_id": "entries",
    "corrects_entry_id": "entries",
    "correction_ids": "entries",
    "redemption_id": "redemptions",
    "stocktake_id": "stocktakes",
    "session_id": "review_sessions",
    "village_id": "villages",
}


def _points(points: int) -> str:
    return f"{points:+d}分"


def household_label(number: str, head_name: str, unit_name: str = "") -> str:
    return f"{number} {unit_name or head_name}"


def entry_label(rule_code: str, rule_name: str, points: int, occurred_on: Any) -> str:
    return f"{rule_code} {rule_name} {_points(points)}（{occurred_on}）"


def _session_label(month: str) -> str:
    year, _, number = month.partition("-")
    return f"{year}年{int(number)}月审核会" if number.isdigit() else f"{month}审核会"


@dataclass(frozen=True)
class _Lookup:
    columns: tuple[Any, ...]  # the id first
    label: Callable[..., str]
    household: bool = False  # the last column is the record's household


LOOKUPS: dict[str, _Lookup] = {
    "households": _Lookup(
        (Household.id, Household.number, Household.head_name, Household.unit_name),
        household_label,
    ),
    "members": _Lookup((Member.id, Member.name, Member.household_id), lambda n, _h: n, True),
    "rule_items": _Lookup((RuleItem.id, RuleItem.code, RuleItem.name), lambda c, n: f"{c} {n}"),
    "rule_categories": _Lookup(
        (RuleCategory.id, RuleCategory.code, RuleCategory.name), lambda c, n: f"{c} {n}"
    ),
    "grids": _Lookup((Grid.id, Grid.name), str),
    "operators": _Lookup((Operator.id, Operator.display_name), str),
    "store_goods": _Lookup((StoreGoods.id, StoreGoods.name), str),
    "publications": _Lookup(
        (Publication.id, Publication.quarter), lambda q: f"{quarter_text(q)}公示"
    ),
    "review_sessions": _Lookup((ReviewSession.id, ReviewSession.month), _session_label),
    "stocktakes": _Lookup((Stocktake.id, Stocktake.taken_on), lambda d: f"{d}盘点"),
    "villages": _Lookup((Village.id, Village.name), str),
    "entries": _Lookup(
        (
            Entry.id,
            Entry.rule_code,
            Entry.rule_name,
            Entry.points,
            Entry.occurred_on,
            Entry.household_id,
        ),
        lambda code, name, points, day, _h: entry_label(code, name, points, day),
        True,
    ),
    "redemptions": _Lookup(
        (Redemption.id, Redemption.receipt_no, Redemption.points, Redemption.household_id),
        lambda no, points, _h: f"兑换凭证 {no}（{points}分）",
        True,
    ),
}
# Looked up first: they name the households the rest of the look-up needs.
HOUSEHOLD_HOLDERS = ("entries", "redemptions", "members")


def reference_ids(key: str, value: Any) -> list[str]:
    """The ids a field's value points at (one id, or a JSON list of them)."""
    if key not in REFERENCES or not value:
        return []
    if isinstance(value, str) and value.startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    if isinstance(value, list):
        return [str(v) for v in value if v]
    return [str(value)]


@dataclass
class Names:
    """Labels of the records wanted, by table, and the household of each entry, redemption
    and member among them."""

    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    households_of: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session, wanted: Mapping[str, Iterable[str]]) -> Names:
        names = cls()
        ids = {table: set(found) for table, found in wanted.items() if table in LOOKUPS}
        for table in HOUSEHOLD_HOLDERS:
            names._fetch(session, table, ids.pop(table, set()))
        ids.setdefault("households", set()).update(names.households_of.values())
        for table, found in ids.items():
            names._fetch(session, table, found)
        return names

    def _fetch(self, session: Session, table: str, ids: set[str]) -> None:
        lookup = LOOKUPS[table]
        known = self.labels.setdefault(table, {})
        wanted = sorted(ids - set(known))
        for start in range(0, len(wanted), IN_CHUNK):
            stmt = select(*lookup.columns).where(
                lookup.columns[0].in_(wanted[start : start + IN_CHUNK])
            )
            for record_id, *values in session.execute(stmt):
                known[record_id] = lookup.label(*values)
                if lookup.household and values[-1]:
                    self.households_of[record_id] = values[-1]

    def label(self, table: str, record_id: str) -> str:
        return self.labels.get(table, {}).get(record_id, GONE)

    def household_of(self, table: str, record_id: str) -> str:
        """The household label of a household, entry, redemption or member id ('' if none)."""
        household_id = record_id if table == "households" else self.households_of.get(record_id)
        if not household_id:
            return ""
        return self.label("households", household_id)

    def value(self, table: str, key: str, value: Any) -> str:
        """A field's value in words: a record it points at by its label, codes in Chinese."""
        if key in REFERENCES:
            return self._referenced(key, value)
        plain = plain_value(table, key, value)
        if plain is not None:
            return plain
        return _structured(table, key, value)

    def _referenced(self, key: str, value: Any) -> str:
        """The records a reference field points at, by their labels (无 for none)."""
        ids = reference_ids(key, value)
        return "、".join(self.label(REFERENCES[key], i) for i in ids) if ids else NONE


def _structured(table: str, key: str, value: Any) -> str:
    """Lists and maps: a redemption's or stocktake's lines, a year-end's expired points."""
    if key == "lines" and isinstance(value, list):
        return "；".join(_line(table, line) for line in value)
    if isinstance(value, dict):  # a year-end's expired points by household number
        unit = "分" if key == "expired" else ""
        return "、".join(f"{k} {v}{unit}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _line(table: str, line: Any) -> str:
    if not isinstance(line, list) or len(line) != 3:
        return str(line)
    name, first, second = line
    if table == "stocktakes":
        return f"{name} 账面{first} 实盘{second}"
    return f"{name} {first}分×{second}"
