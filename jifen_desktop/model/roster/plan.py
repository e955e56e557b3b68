"""What importing a roster would do: the sheet's households compared with the village's ledger.

Households are matched by 户号, members by ID number, else by name within the household. A
household already in the ledger must have the same head; blank cells never erase what the
ledger holds; members the sheet leaves out stay as they are (an import never removes anybody).
``plan_roster`` runs inside the caller's session, so ``apply`` checks and writes under one lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from .. import idcard
from ..schema import Household as HouseholdRow
from ..schema import Member
from .check import Person, Problems, by_household, check_duplicate_ids, read_person
from .households import Household, read_household, report_missing_head
from .ledger import LedgerSide, same_household
from .report import RosterReport, RosterSummary
from .rows import RosterSheet


@dataclass
class MemberPlan:
    person: Person
    existing: Member | None
    changes: dict[str, Any]


@dataclass
class HouseholdPlan:
    sheet: Household
    existing: HouseholdRow | None
    changes: dict[str, Any] = field(default_factory=dict)
    members: list[MemberPlan] = field(default_factory=list)
    ok: bool = True

    @property
    def status(self) -> str:
        """new, updated (it or a member changes, or a member is added) or unchanged."""
        if self.existing is None:
            return "new"
        touched = self.changes or any(m.existing is None or m.changes for m in self.members)
        return "updated" if touched else "unchanged"


def plan_roster(
    session: Session, village_id: str, sheet: RosterSheet, today: dt.date
) -> tuple[list[HouseholdPlan], RosterReport]:
    problems = Problems(sheet)
    side = LedgerSide.load(session, village_id)
    people = [read_person(row, problems, today) for row in sheet.rows]
    check_duplicate_ids(people, problems)
    plans = [
        _compare(read_household(number, group, side.grids, problems), side, problems)
        for number, group in by_household(people).items()
    ]
    for plan in plans:
        plan.ok = plan.sheet.number not in problems.bad_households
    skipped = sum(1 for p in people if not p.number or p.number in problems.bad_households)
    report = RosterReport(problems.sorted(), _summary(plans, skipped))
    return plans, report


def _compare(sheet: Household, side: LedgerSide, problems: Problems) -> HouseholdPlan:
    existing = side.household(sheet.number)
    plan = HouseholdPlan(sheet, existing)
    if existing is None and sheet.head is None:
        report_missing_head(sheet, problems)
    if existing is not None and not same_household(sheet, existing, side, problems):
        return plan
    if existing is not None:
        plan.changes = _household_changes(sheet, existing)
    present = side.members.get(existing.id, []) if existing is not None else []
    for person in sheet.people:
        match = _match(person, present, problems)
        _refuse_id_elsewhere(person, match, side, problems)
        changes = _member_changes(person, match) if match is not None else {}
        plan.members.append(MemberPlan(person, match, changes))
    return plan


def _household_changes(sheet: Household, existing: HouseholdRow) -> dict[str, Any]:
    wanted = {"grid_id": sheet.grid[0] if sheet.grid else None}
    wanted |= {"address": sheet.address, "phone": sheet.phone}
    return {k: v for k, v in wanted.items() if v and getattr(existing, k) != v}


def _match(person: Person, members: Sequence[Member], problems: Problems) -> Member | None:
    """The ledger member this row is: same ID number, else same name (and no other ID)."""
    if person.id_number:
        for m in members:
            if m.id_number == person.id_number:
                return m
    for m in members:
        if m.name != person.name:
            continue
        if m.id_number and person.id_number:
            problems.add(
                person.row.row,
                "id_number",
                f"{m.name}在台账里的身份证号是{idcard.mask(m.id_number)}，和表里的不同："
                "请核对；如台账里的有误，请在“农户”页修改这位成员。",
                person.number,
            )
        return m
    return None


def _refuse_id_elsewhere(
    person: Person, match: Member | None, side: LedgerSide, problems: Problems
) -> None:
    owner = side.id_owners.get(person.id_number) if person.id_number else None
    if owner is None or (match is not None and owner.id == match.id):
        return
    problems.add(
        person.row.row,
        "id_number",
        f"这个身份证号已登记在户 {side.numbers.get(owner.household_id, '?')} 的成员“{owner.name}”"
        "名下：同一个人不能在本村登记两次；如已迁入这一户，请先在原户办理迁出。",
        person.number,
    )


def _member_changes(person: Person, member: Member) -> dict[str, Any]:
    return {k: v for k, v in person.member_fields().items() if getattr(member, k) != v}


def _summary(plans: Sequence[HouseholdPlan], rows_skipped: int) -> RosterSummary:
    good = [p for p in plans if p.ok]
    members = [m for p in good for m in p.members]
    statuses = [p.status for p in good]
    return RosterSummary(
        households_new=statuses.count("new"),
        households_updated=statuses.count("updated"),
        households_unchanged=statuses.count("unchanged"),
        households_skipped=len(plans) - len(good),
        members_new=sum(1 for m in members if m.existing is None),
        members_updated=sum(1 for m in members if m.existing is not None and m.changes),
        members_unchanged=sum(1 for m in members if m.existing is not None and not m.changes),
        rows_skipped=rows_skipped,
    )
