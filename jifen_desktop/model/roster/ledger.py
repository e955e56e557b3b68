"""What the village's ledger holds for a roster import, loaded in a few queries, and whether a
sheet's household number names the same household there (same head, a household not a unit,
not a number the sheet gives twice).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..households import STATUS_NAMES
from ..schema import Grid, Member
from ..schema import Household as HouseholdRow
from .check import Problems
from .households import Household
from .rows import grid_key


@dataclass
class LedgerSide:
    """What the village's ledger holds, loaded in a few queries."""

    grids: dict[str, tuple[str, str]]
    households: dict[str, HouseholdRow]
    members: dict[str, list[Member]]
    id_owners: dict[str, Member]
    numbers: dict[str, str]
    by_digits: dict[str, HouseholdRow] = field(default_factory=dict)
    claimed: dict[str, str] = field(default_factory=dict)  # household id → the sheet's number

    def household(self, number: str) -> HouseholdRow | None:
        """The household of this number; 101 also finds 0101 (Excel drops the leading zeros of
        a number typed into a cell formatted as a number)."""
        found = self.households.get(number)
        if found is None and number.isdigit():
            found = self.by_digits.get(number.lstrip("0"))
        return found

    @classmethod
    def load(cls, session: Session, village_id: str) -> LedgerSide:
        grids = session.scalars(
            select(Grid)
            .where(Grid.village_id == village_id, ~Grid.is_deleted)
            .order_by(Grid.sort_order, Grid.name)
        )
        households = session.scalars(  # tombstones too: their numbers stay taken
            select(HouseholdRow).where(HouseholdRow.village_id == village_id)
        ).all()
        members = session.scalars(
            select(Member)
            .join(HouseholdRow, Member.household_id == HouseholdRow.id)
            .where(HouseholdRow.village_id == village_id, ~Member.is_deleted)
        ).all()
        by_household: dict[str, list[Member]] = {}
        for m in members:
            by_household.setdefault(m.household_id, []).append(m)
        return cls(
            {grid_key(g.name): (g.id, g.name) for g in grids},
            {h.number: h for h in households},
            by_household,
            {m.id_number: m for m in members if m.id_number and m.status == "present"},
            {h.id: h.number for h in households},
            _unique_by_digits(households),
        )


def _unique_by_digits(households: Sequence[HouseholdRow]) -> dict[str, HouseholdRow]:
    found: dict[str, HouseholdRow | None] = {}
    for h in households:
        if h.number.isdigit():
            key = h.number.lstrip("0")
            found[key] = None if key in found else h
    return {k: h for k, h in found.items() if h is not None}


def same_household(
    sheet: Household, existing: HouseholdRow, side: LedgerSide, problems: Problems
) -> bool:
    """Whether the ledger's household of this number is the sheet's; a problem says why not,
    a note what the import will not do."""
    refusal = _refusal(sheet, existing, side)
    row = sheet.head.row.row if sheet.head else sheet.rows[0]
    if refusal:
        problems.add(row, "number", refusal, sheet.number)
        return False
    for column, note in _notes(sheet, existing):
        problems.add(row, column, note, sheet.number, blocking=False)
    return True


def _refusal(sheet: Household, existing: HouseholdRow, side: LedgerSide) -> str:
    number = sheet.number
    first = side.claimed.setdefault(existing.id, number)
    if first != number:
        return f"户号 {number} 和 {first} 在台账里是同一户（{existing.number}）：请把表里的户号改成一样的。"
    if existing.is_deleted:
        return f"户号 {number} 以前用过（那一户已删除）：请换一个户号。"
    if existing.kind != "household":
        return f"户号 {number} 在台账里是单位“{existing.unit_name}”：请给这一户换个户号。"
    named = [sheet.head.name] if sheet.head else [p.head_name for p in sheet.people if p.head_name]
    if named and named[0] != existing.head_name:
        return (
            f"户号 {number} 在台账里的户主是{existing.head_name}，表里是{named[0]}："
            "如果是同一户换了户主，请先在“农户”页修改户主再导入；如果是另一户，请换一个户号。"
        )
    return ""


def _notes(sheet: Household, existing: HouseholdRow) -> list[tuple[str, str]]:
    """(column, note) of what the import will not change of a household already there."""
    notes = []
    if existing.number != sheet.number:
        notes.append(
            (
                "number",
                f"户号 {sheet.number} 按台账里的户号 {existing.number} 对上了（Excel 会去掉数字"
                "前面的0，把户号一列设为“文本”格式可避免）。",
            )
        )
    if sheet.registered_on is not None and sheet.registered_on != existing.registered_on:
        notes.append(
            (
                "registered_on",
                f"户号 {sheet.number} 已在台账里登记（登记日期 {existing.registered_on}），"
                f"导入不会把登记日期改成{sheet.registered_on}。",
            )
        )
    if existing.status != "active":
        status = STATUS_NAMES.get(existing.status, existing.status)
        notes.append(
            (
                "number",
                f"户号 {sheet.number} 在台账里已办理{status}，导入不会改变户的状态；"
                "如已回村，请在“农户”页恢复为在册。",
            )
        )
    return notes
