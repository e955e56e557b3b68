"""Annual base points (基础分), seed 001 篇7 二、1: “遵纪守法……无群众反映不良行为，当年度基础分
100分”. So they go to the households that earned them, not to every household: a household with
一票否决 in force during the year is withheld by default, and the committee may name others;
each withheld household is written in the audit log with its reason.

The entry is dated 1 January: the points are the year's. A household registered later in the
year (a new household split off in June) gets them on its registration day, since nothing of a
household may predate it; a household that came in by 花名册导入 was living in the village before
the ledger knew it, so its import day is no registration day and it gets 1 January too. A day
in a quarter whose 公示 is already posted for the household moves to the first day of the next
quarter not posted (the posted notice is the record; see calendar.locks).

Idempotent: a household that already has its (unreversed) base entry for the year gets no
second one, and a withholding already in the log with the same reason is not written again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import authz, periods
from . import base_points_lookup as lookup
from .base_points_lookup import WITHHOLD_ACTION
from .base_withhold import deduction_reasons
from .calendar.vetoes import VetoInfo, vetoes_in
from .entry_writes import decide
from .errors import NotFound, ValidationError
from .schema import (
    Entry,
    Grid,
    Household,
    RuleCategory,
    RuleItem,
    Village,
)
from .tx import Change, Op, Tx

if TYPE_CHECKING:
    from .ledger import Ledger

MAX_REASON = 200


@dataclass(frozen=True)
class BaseCandidate:
    """A household without its base points for the year yet."""

    household_id: str
    number: str
    name: str
    grid_name: str
    on: dt.date | None  # the day the entry would carry; None: every quarter posted already
    withhold_reason: str  # "" = it gets them unless the admin says otherwise
    vetoed: bool
    day_note: str = ""  # why ``on`` is not 1 January

    @property
    def day_text(self) -> str:
        if self.on is None:
            return "本年各季度已公示，不能再记"
        return f"{self.on}（{self.day_note}）" if self.day_note else str(self.on)

    @property
    def label(self) -> str:
        return f"{self.number} {self.name}"


@dataclass(frozen=True)
class BasePlan:
    year: int
    points: int
    already: int  # households that have the year's base points already
    candidates: tuple[BaseCandidate, ...]

    @property
    def withheld_by_default(self) -> dict[str, str]:
        return {c.household_id: c.withhold_reason for c in self.candidates if c.withhold_reason}


@dataclass(frozen=True)
class BaseResult:
    year: int
    points: int
    given: int  # new base entries written
    withheld: tuple[tuple[str, str], ...]  # (household label, reason)
    already: int  # households that had them before this run


class BasePointsService:
    """发放年度基础分: what would be given (``plan``), and giving it (``give``)."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def plan(self, village_id: str, year: int) -> BasePlan:
        authz.require_village(self.ledger.actor, village_id)
        with self.ledger.read() as s:
            return make_plan(s, village_id, year, dt.date.today())

    def missing(self, village_id: str, year: int) -> int:
        """Households that would get the year's base points now (none withheld, none when the
        village gives 0 points): the to-do list's reminder."""
        authz.require_village(self.ledger.actor, village_id)
        with self.ledger.read() as s:
            village = s.get(Village, village_id)
            if village is None or village.base_points <= 0:
                return 0
            candidates = _candidates(s, village_id, year, dt.date.today())
        return sum(1 for c in candidates if not c.withhold_reason and c.on is not None)

    def give(
        self, village_id: str, year: int, withhold: Mapping[str, str] | None = None
    ) -> Op[BaseResult]:
        """Give the year's base points. ``withhold`` is {household id: reason} for everyone
        not to get them; None means the plan's default (the vetoed ones, and those withheld
        on an earlier run). A vetoed household left out of ``withhold`` gets them."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "发放基础分")
        authz.require_village(self.ledger.actor, village_id)
        return self.ledger.run(lambda tx: give(tx, village_id, year, withhold))


def make_plan(session: Session, village_id: str, year: int, today: dt.date) -> BasePlan:
    village = _village(session, village_id, year, today)
    already = _given_already(session, village_id, year)
    candidates = _candidates(session, village_id, year, today)
    return BasePlan(year, village.base_points, already, candidates)


def _given_already(session: Session, village_id: str, year: int) -> int:
    """How many of the village's households have the year's base points."""
    has_base = lookup.has_base_clause(village_id, dt.date(year, 1, 1), dt.date(year, 12, 31))
    stmt = select(func.count()).select_from(Household)
    return session.scalar(stmt.where(Household.village_id == village_id, has_base)) or 0


def _candidates(
    session: Session, village_id: str, year: int, today: dt.date
) -> tuple[BaseCandidate, ...]:
    """The households without the year's base points, each with its day and default reason."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    households = lookup.active_households(
        session, village_id, end, ~lookup.has_base_clause(village_id, start, end)
    )
    if not households:
        return ()
    # Village-wide look-ups, not one IN list of every household (old SQLite takes 999 values).
    vetoes = vetoes_in(session, village_id, start, min(end, max(today, start)))
    earlier = lookup.earlier_withholdings(session, village_id, year)
    misconduct = deduction_reasons(session, village_id, year - 1)
    imported = lookup.imported_in(session, village_id, year)
    posted = lookup.posted_quarters(session, village_id, year)
    grids = _grid_names(session, village_id)
    candidates = []
    for h in households:
        first = start if h.id in imported else max(start, h.registered_on)
        day = lookup.first_open_day(first, year, posted.get(h.id, set()))
        veto = vetoes.get(h.id)
        candidates.append(
            BaseCandidate(
                h.id,
                h.number,
                h.unit_name or h.head_name,
                grids.get(h.grid_id or "", ""),
                day,
                _veto_reason(veto) if veto else _withheld_before(h.id, earlier, misconduct),
                veto is not None,
                _day_note(start, first, day),
            )
        )
    return tuple(candidates)


def _grid_names(session: Session, village_id: str) -> dict[str, str]:
    rows = session.execute(select(Grid.id, Grid.name).where(Grid.village_id == village_id))
    return {grid_id: name for grid_id, name in rows}


def _withheld_before(
    household_id: str, earlier: Mapping[str, str], misconduct: Mapping[str, str]
) -> str:
    """The default reason to withhold (no veto in force): an earlier withholding of the year,
    else last year's deductions for misconduct ("" when neither)."""
    return earlier.get(household_id) or misconduct.get(household_id, "")


DAY_NOTES = {
    "补记": "1月1日所在的季度已公示，记在第一个还没公示的季度的第一天",
    "登记日": "这一户是年中登记的，记在登记那天",
}


def _day_note(start: dt.date, first: dt.date, day: dt.date | None) -> str:
    """A short word for why the day is not 1 January (explained in ``DAY_NOTES``)."""
    if day is not None and day != first:
        return "补记"
    return "登记日" if first != start else ""


def _veto_reason(veto: VetoInfo) -> str:
    return f"一票否决：{veto.reason}（{veto.starts_on} 至 {veto.last_day}）"


def give(
    tx: Tx, village_id: str, year: int, withhold: Mapping[str, str] | None = None
) -> BaseResult:
    plan = make_plan(tx.session, village_id, year, tx.now.date())
    chosen = plan.withheld_by_default if withhold is None else _checked(withhold, plan)
    rule = _base_rule(tx.session, village_id)
    logged = lookup.earlier_withholdings(tx.session, village_id, year)
    given, withheld = 0, []
    for c in plan.candidates:
        if c.household_id in chosen:
            reason = chosen[c.household_id]
            withheld.append((c.label, reason))
            _audit_withholding(tx, village_id, year, c, reason, logged.get(c.household_id))
        elif c.on is not None and plan.points > 0:
            _write_entry(tx, village_id, c, plan.points, rule, year)
            given += 1
    tx.audit(
        "entry.base_points",
        "village",
        village_id,
        f"发放{year}年度基础分：新记 {given} 户，每户 {plan.points} 分"
        + (f"；不发 {len(withheld)} 户" if withheld else ""),
        village_id=village_id,
    )
    if given:
        tx.changed(Change.ENTRIES)
    return BaseResult(year, plan.points, given, tuple(withheld), plan.already)


def _village(session: Session, village_id: str, year: int, today: dt.date) -> Village:
    if year > today.year:
        raise ValidationError(f"{year}年还没到，不能提前发放基础分。", field="year")
    periods.check_year(year)
    village = session.get(Village, village_id)
    if village is None:
        raise NotFound("找不到这个村。")
    return village


def _checked(withhold: Mapping[str, str], plan: BasePlan) -> dict[str, str]:
    """The admin's list: every household on it must be a candidate and have a reason."""
    known = {c.household_id: c for c in plan.candidates}
    checked = {}
    for household_id, reason in withhold.items():
        candidate = known.get(household_id)
        if candidate is None:
            raise ValidationError("不发基础分的户不在本次名单里（可能已经发过），请刷新后再试。")
        text = " ".join(reason.split())
        if not text:
            raise ValidationError(f"请写明“{candidate.label}”不发基础分的理由。", field="withhold")
        if len(text) > MAX_REASON:
            raise ValidationError(f"理由最多 {MAX_REASON} 个字。", field="withhold")
        checked[household_id] = text
    return checked


def _audit_withholding(
    tx: Tx, village_id: str, year: int, c: BaseCandidate, reason: str, logged: str | None
) -> None:
    """One audit row for the withheld household, unless the log has it with this reason."""
    if logged == reason:
        return
    tx.audit(
        WITHHOLD_ACTION,
        "household",
        c.household_id,
        f"{lookup.summary_prefix(year)}{c.label}，理由：{reason}",
        village_id=village_id,
    )


def _base_rule(session: Session, village_id: str) -> tuple[RuleItem, str] | None:
    row = session.execute(
        select(RuleItem, RuleCategory.name)
        .join(RuleCategory, RuleItem.category_id == RuleCategory.id)
        .where(RuleItem.village_id == village_id, RuleItem.kind == "base")
    ).first()
    return (row[0], row[1]) if row else None


def _write_entry(
    tx: Tx,
    village_id: str,
    c: BaseCandidate,
    points: int,
    rule: tuple[RuleItem, str] | None,
    year: int,
) -> None:
    assert c.on is not None
    late = c.on != dt.date(year, 1, 1)
    entry = tx.insert(
        Entry,
        village_id=village_id,
        household_id=c.household_id,
        member_id=None,
        rule_item_id=rule[0].id if rule else None,
        rule_code=rule[0].code if rule else "基础分",
        rule_name=rule[0].name if rule else "年度基础分",
        category_name=rule[1] if rule else "",
        kind="base",
        unit_points=points,
        quantity=1,
        points=points,
        occurred_on=c.on,
        place="",
        note=f"{year}年度基础分" + ("（按登记日期或未公示的季度记）" if late else ""),
        source="system",
        corrects_entry_id=None,
        reason="",
        batch_id=None,
        recorded_by=tx.actor.id,
        recorded_at=tx.now,
    )
    decide(tx, entry, "approved", f"{year}年度基础分")
