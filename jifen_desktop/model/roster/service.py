"""Roster import (花名册导入): ``ledger.roster.check`` is the dry run (every problem with its row
and column, and what would be new, updated or unchanged); ``apply`` writes the sheet in one
transaction — all of it or nothing, or with ``skip_invalid`` only the households without a
problem. A new household is registered on its 登记日期, or (the column absent or empty) on the
day the admin chose, 1 January of the year by default. Re-importing the same sheet changes nothing. Every change is audited as the
registration form's are (household.create, member.create, household.update, member.update).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import authz, periods
from ..errors import ValidationError
from ..household_search import rebuild_many_search_keys
from ..schema import Household, HouseholdStatusChange, Member, MutableRecord
from ..tx import Change, Op, Tx, row_values
from .plan import HouseholdPlan, MemberPlan, plan_roster
from .report import RosterProblem, RosterReport
from .rows import RosterRow, RosterSheet, default_registered_on

if TYPE_CHECKING:
    from ..ledger import Ledger

SHOWN_IN_REFUSAL = 3


@dataclass(frozen=True)
class RosterResult:
    """What ``apply`` did: the report it acted on and the households it wrote."""

    report: RosterReport
    households_written: int


class RosterService:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def check(
        self,
        village_id: str,
        rows: RosterSheet | Sequence[RosterRow],
        *,
        registered_on: dt.date | None = None,
    ) -> RosterReport:
        """The dry run: reads the ledger, writes nothing. ``registered_on``: the day of new
        households without a 登记日期 (default: ``default_registered_on``), checked here too."""
        self._require(village_id)
        registration_day(registered_on, dt.date.today())
        with self.ledger.read() as session:
            return plan_roster(session, village_id, _sheet(rows), dt.date.today())[1]

    def apply(
        self,
        village_id: str,
        rows: RosterSheet | Sequence[RosterRow],
        *,
        skip_invalid: bool,
        registered_on: dt.date | None = None,
    ) -> Op[RosterResult]:
        """Import the sheet in one transaction. Any blocking problem refuses the whole sheet,
        unless ``skip_invalid``: then a household with any bad row is left out whole. New
        households are registered on their 登记日期, else on ``registered_on`` (default: 1
        January of this year, ``default_registered_on``)."""
        self._require(village_id)
        sheet = _sheet(rows)

        def work(tx: Tx) -> RosterResult:
            day = registration_day(registered_on, tx.now.date())
            plans, report = plan_roster(tx.session, village_id, sheet, tx.now.date())
            if not report.ok and not skip_invalid:
                raise ValidationError(_refusal(report))
            written = [p for p in plans if p.ok and p.status != "unchanged"]
            households = [_write_household(tx, village_id, plan, day) for plan in written]
            _rebuild_search_keys(tx, households)
            if written:
                tx.changed(Change.HOUSEHOLDS | Change.MEMBERS)
            return RosterResult(report, len(written))

        return self.ledger.run(work)

    def _require(self, village_id: str) -> None:
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "导入花名册")
        authz.require_village(self.ledger.actor, village_id)


def registration_day(chosen: dt.date | None, today: dt.date) -> dt.date:
    """The day for new households without a 登记日期: ``chosen`` once checked, else 1 January
    of ``today``'s year."""
    if chosen is None:
        return default_registered_on(today)
    periods.check_day(chosen, "登记日期", "registered_on")
    if chosen > today:
        raise ValidationError(
            f"登记日期 {chosen} 晚于今天：请选今天或以前的日期（通常是本年1月1日）。",
            field="registered_on",
        )
    return chosen


def _sheet(rows: RosterSheet | Sequence[RosterRow]) -> RosterSheet:
    return rows if isinstance(rows, RosterSheet) else RosterSheet(tuple(rows))


def _refusal(report: RosterReport) -> str:
    problems = report.blocking
    return (
        f"花名册有{len(problems)}处问题，没有导入任何内容：{_first_problems(problems)}。"
        "请先预览查看全部问题，改正后重新导入，或选择“只导入没有问题的户”。"
    )


def _first_problems(problems: Sequence[RosterProblem]) -> str:
    """The first problems, each with its row and column, and how many more there are."""
    shown = "；".join(
        f"第{p.row}行“{p.column}”：{p.message.rstrip('。')}" for p in problems[:SHOWN_IN_REFUSAL]
    )
    more = f"；另有{len(problems) - SHOWN_IN_REFUSAL}处" if len(problems) > SHOWN_IN_REFUSAL else ""
    return shown + more


def _write_household(tx: Tx, village_id: str, plan: HouseholdPlan, day: dt.date) -> Household:
    household = plan.existing or _new_household(tx, village_id, plan, day)
    if plan.existing is not None:
        summary = f"花名册导入：修改户 {household.number} {household.head_name}"
        _change(tx, household, plan.changes, "household.update", summary, village_id)
    for member in sorted(plan.members, key=lambda m: not m.person.is_head):
        _write_member(tx, household, member)
    return household


def _rebuild_search_keys(tx: Tx, households: Sequence[Household]) -> None:
    """After one flush of everything written: the keys of all the households then cost two
    reads per 900 of them and no flush of their own."""
    tx.session.flush()
    with tx.session.no_autoflush:
        rebuild_many_search_keys(tx.session, households)


def _new_household(tx: Tx, village_id: str, plan: HouseholdPlan, day: dt.date) -> Household:
    """Registered on the sheet's 登记日期, else on ``day``; active from then."""
    sheet, head = plan.sheet, plan.sheet.head
    assert head is not None  # a new household without a head is never ok
    registered = sheet.registered_on or day
    household = Household(
        village_id=village_id,
        kind="household",
        number=sheet.number,
        head_name=head.name,
        unit_name="",
        grid_id=sheet.grid[0] if sheet.grid else None,
        address=sheet.address,
        phone=sheet.phone,
        status="active",
        status_since=registered,
        registered_on=registered,
    )
    summary = f"花名册导入：登记农户 {sheet.number} {head.name}"
    _created(tx, household, "household.create", summary, village_id)
    tx.insert(
        HouseholdStatusChange,
        household_id=household.id,
        status="active",
        effective_on=registered,
        reason="花名册导入",
        operator_id=tx.actor.id,
        recorded_at=tx.now,
    )
    return household


def _write_member(tx: Tx, household: Household, plan: MemberPlan) -> None:
    p = plan.person
    if plan.existing is not None:
        summary = f"花名册导入：修改户 {household.number} 的成员 {plan.existing.name}"
        _change(tx, plan.existing, plan.changes, "member.update", summary, household.village_id)
        return
    member = Member(
        household_id=household.id,
        name=p.name,
        relation=p.relation,
        gender=p.gender,
        birth_date=p.birth_date,
        id_number=p.id_number,
        is_party_member=bool(p.is_party_member),
        is_cadre=bool(p.is_cadre),  # (every column set: the audit row holds them as written)
        phone=p.phone,
        status="present",
        status_since=None,
    )
    relation = p.relation or "未填关系"
    summary = f"花名册导入：户 {household.number} 添加成员 {p.name}（{relation}）"
    _created(tx, member, "member.create", summary, household.village_id)


def _created(
    tx: Tx, record: Household | Member, action: str, summary: str, village_id: str
) -> None:
    """``tx.created`` without its flush: every column is set here and the id comes from the
    stamp, so thousands of rows go to the database in one flush (the import's speed)."""
    tx.add(record)
    object_type = action.split(".")[0]
    after = row_values(record)
    tx.audit(action, object_type, record.id, summary, village_id=village_id, after=after)


def _change(
    tx: Tx,
    record: MutableRecord,
    changes: dict[str, Any],
    action: str,
    summary: str,
    village_id: str,
) -> None:
    """Set the changed values and audit them with before and after (nothing when none)."""
    if not changes:
        return
    before = row_values(record)
    for key, value in changes.items():
        setattr(record, key, value)
    tx.updated(record, action, summary, village_id=village_id, before=before)
