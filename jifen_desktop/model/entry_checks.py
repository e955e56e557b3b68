"""Checking a new entry against the scheme before it is written: the account, the rule, the
points, the date, the member and the period caps (当月/当年). Used for one entry and for a batch
alike; a batch keeps its lookups and the caps it has used in memory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from . import authz, periods, text_fields
from .calendar import locks
from .errors import NotFound, ValidationError
from .households import KIND_NAMES, STATUS_NAMES
from .rule_evidence import evidence_waived
from .rules import APPLIES_NAMES, CAP_NAMES
from .schema import Entry, EntryDecision, Household, Member, RuleCategory, RuleItem, Village
from .tx import Actor

NOTE_MOST = 500
SOURCES = {
    "recorder": "网格员记录",
    "declaration": "村民申报",
    "activity": "组织活动",
    "inspection": "检查评比",
    "system": "系统生成",
}


@dataclass(frozen=True)
class EntryDraft:
    """What a recorder fills in. ``points`` is signed (deductions negative) and per person for
    items that count people; None takes a fixed rule's points."""

    household_id: str
    rule_code: str
    occurred_on: dt.date
    points: int | None = None
    quantity: int = 1
    member_id: str | None = None
    place: str = ""
    note: str = ""
    source: str = "recorder"
    evidence: tuple[Path, ...] = ()
    # 补记: ``occurred_on`` is in a quarter already published; the entry is dated today (the
    # checker's ``today``) and keeps ``occurred_on`` as its original date.
    late: bool = False
    # An entry recorded again (as 补记) keeps the evidence files of the entry it replaces.
    evidence_of: str | None = None


@dataclass
class CheckedEntry:
    draft: EntryDraft
    household: Household
    rule: RuleItem
    category: RuleCategory
    unit_points: int
    points: int
    occurred_on: dt.date  # the date written: the draft's, or today for a 补记
    original_on: dt.date | None = None  # 补记: the day it really happened


def cap_period(cap: str, day: dt.date) -> periods.Period | None:
    if cap == "month":
        return periods.month(day.year, day.month)
    if cap == "year":
        return periods.year(day.year)
    return None


def happened_on() -> ColumnElement[dt.date]:
    """The day an entry really happened: its original date for a 补记, else its date."""
    return func.coalesce(Entry.original_on, Entry.occurred_on)


_decision = aliased(EntryDecision)
_reversal = aliased(Entry)


def live_entries_clause() -> ColumnElement[bool]:
    """Entries that still count or may count: not rejected, not withdrawn, not reversed."""
    decision, reversal = _decision, _reversal
    return and_(
        ~exists().where(
            decision.entry_id == Entry.id, decision.decision.in_(("rejected", "withdrawn"))
        ),
        ~exists().where(reversal.corrects_entry_id == Entry.id, reversal.kind == "reversal"),
    )


@dataclass
class EntryChecker:
    session: Session
    actor: Actor
    village_id: str
    today: dt.date = field(default_factory=dt.date.today)
    _households: dict[str, Household] = field(default_factory=dict)
    _rules: dict[str, tuple[RuleItem, RuleCategory]] = field(default_factory=dict)
    _caps_used: set[tuple[str, str, str]] = field(default_factory=set)
    _caps_loaded: set[tuple[str, str]] = field(default_factory=set)
    _members: dict[str, Member] = field(default_factory=dict)
    _locks: dict[tuple[str, str], str] = field(default_factory=dict)
    _locks_loaded: set[str] = field(default_factory=set)
    _village: Village | None = None  # held, so the session keeps it for ``evidence_waived``

    def prefetch(self, drafts: Sequence[EntryDraft]) -> None:
        """Load what a batch needs in a few queries: households, members, rules, used caps."""
        ids = {d.household_id for d in drafts} - set(self._households)
        for household in self.session.scalars(select(Household).where(Household.id.in_(ids))):
            if household.village_id == self.village_id:
                self._households[household.id] = household
        member_ids = {d.member_id for d in drafts if d.member_id}
        for member in self.session.scalars(select(Member).where(Member.id.in_(member_ids))):
            self._members[member.id] = member
        self._load_rules({d.rule_code for d in drafts})
        capped = [d for d in drafts if self._capped(d.rule_code)]
        if capped:
            self._load_caps(capped)
        self._load_locks(ids | set(self._households), {d.occurred_on for d in drafts})

    def _load_rules(self, codes: set[str]) -> None:
        """The village's rule items the drafts name (by code or id), with their categories, by
        code and by id (a rule named otherwise is looked up by ``rule``)."""
        keys = {code.strip().upper() for code in codes} | codes
        rules = self.session.execute(
            select(RuleItem, RuleCategory)
            .join(RuleCategory, RuleItem.category_id == RuleCategory.id)
            .where(
                RuleItem.village_id == self.village_id,
                RuleItem.code.in_(keys) | RuleItem.id.in_(codes),
            )
        ).all()
        for rule, category in rules:
            self._rules[rule.code] = self._rules[rule.id] = (rule, category)

    def _load_locks(self, household_ids: set[str], days: set[dt.date]) -> None:
        """The published quarters of these households on these days (and today), in one query."""
        keys = {periods.quarter_of(day).key for day in days | {self.today}}
        self._locks.update(locks.locked_quarters(self.session, household_ids, keys))
        self._locks_loaded |= {f"{h} {k}" for h in household_ids for k in keys}

    def lock(self, household_id: str, day: dt.date) -> str | None:
        """The status of the publication that locks ``day`` for the household, if any."""
        key = periods.quarter_of(day).key
        if f"{household_id} {key}" not in self._locks_loaded:
            self._load_locks({household_id}, {day})
        return self._locks.get((household_id, key))

    def _capped(self, code: str) -> bool:
        found = self._rules.get(code.strip().upper()) or self._rules.get(code)
        return found is not None and found[0].period_cap != "each"

    def _load_caps(self, drafts: Sequence[EntryDraft]) -> None:
        households = {d.household_id for d in drafts}
        rules = {self.rule(d.rule_code)[0] for d in drafts}
        start = dt.date(min(d.occurred_on for d in drafts).year, 1, 1)
        end = dt.date(max(d.occurred_on for d in drafts).year, 12, 31)
        rows = self.session.execute(
            select(Entry.household_id, Entry.rule_item_id, happened_on()).where(
                Entry.household_id.in_(households),
                Entry.rule_item_id.in_([r.id for r in rules]),
                Entry.kind == "normal",
                happened_on().between(start, end),
                live_entries_clause(),
            )
        ).all()
        cap_of = {r.id: r.period_cap for r in rules}
        for household_id, rule_id, day in rows:
            if rule_id is None:
                continue
            period = cap_period(cap_of[rule_id], day)
            if period is not None:
                self._caps_used.add((household_id, rule_id, period.key))
        self._caps_loaded |= {(h, r.id) for h in households for r in rules}

    def household(self, household_id: str) -> Household:
        if household_id not in self._households:
            household = self.session.get(Household, household_id)
            if household is None or household.village_id != self.village_id:
                raise NotFound("找不到这一户，请从列表中选择本村的户。", field="household")
            self._households[household_id] = household
        return self._households[household_id]

    def rule(self, code: str) -> tuple[RuleItem, RuleCategory]:
        key = code.strip().upper()
        if key not in self._rules:
            row = self.session.execute(
                select(RuleItem, RuleCategory)
                .join(RuleCategory, RuleItem.category_id == RuleCategory.id)
                .where(
                    RuleItem.village_id == self.village_id,
                    (RuleItem.code == key) | (RuleItem.id == code),
                )
            ).first()
            if row is None:
                raise NotFound(f"找不到积分细则“{code}”，请从细则列表中选择。", field="rule")
            self._rules[key] = row
        return self._rules[key]

    def check(self, draft: EntryDraft) -> CheckedEntry:
        household = self.household(draft.household_id)
        label = f"{household.number} {household.unit_name or household.head_name}"
        authz.require_grid(self.actor, household.grid_id, label)
        rule, category = self.rule(draft.rule_code)
        self._check_account(household, rule, label, draft.occurred_on)
        self._check_date(draft.occurred_on, household)
        if draft.member_id:
            self._check_member(draft.member_id, household, draft.occurred_on)
        _check_source_and_texts(draft)
        unit_points = self._check_points(rule, draft.points)
        _check_quantity(rule, draft.quantity)
        self._check_evidence(rule, draft)
        self._check_cap(household, rule, draft.occurred_on, label)
        occurred_on, original_on = self._dates(draft)
        return CheckedEntry(
            draft,
            household,
            rule,
            category,
            unit_points,
            unit_points * draft.quantity,
            occurred_on,
            original_on,
        )

    def _check_evidence(self, rule: RuleItem, draft: EntryDraft) -> None:
        """A rule item that needs evidence gets it, unless the village waived it for the
        draft's source."""
        if not rule.evidence_required or draft.evidence or draft.evidence_of:
            return
        if self._village is None:  # read once a batch, when an entry first asks
            self._village = self.session.get(Village, self.village_id)
        if not evidence_waived(self.session, rule.village_id, draft.source):
            raise ValidationError(
                f"细则 {rule.code}“{rule.name}”需要证明材料，请添加照片或扫描件后再保存。",
                field="evidence",
            )

    def _dates(self, draft: EntryDraft) -> tuple[dt.date, dt.date | None]:
        """The date to write and the original date: a date in a published quarter is refused
        unless the draft is a 补记, which is then dated today."""
        day = draft.occurred_on
        status = self.lock(draft.household_id, day)
        if not draft.late:
            locks.refuse_locked(status, day, "录入")
            return day, None
        if status is None:
            raise ValidationError(
                f"{day} 所在的{periods.quarter_of(day).label}还没有公示，"
                "直接按原日期录入即可，不用补记。",
                field="occurred_on",
            )
        return locks.late_date(self.session, draft.household_id, self.today), day

    def _check_account(
        self, household: Household, rule: RuleItem, label: str, day: dt.date
    ) -> None:
        if not rule.active:
            raise ValidationError(f"细则 {rule.code} 已停用，不能再记录。", field="rule")
        if rule.kind != "normal":
            raise ValidationError(
                f"细则 {rule.code}“{rule.name}”不能直接录入："
                "基础分在 设置 › 村信息与积分政策 › 发放年度基础分 里发放，弄虚作假用“弄虚作假处理”，"
                "一票否决在户的页面办理。",
                field="rule",
            )
        if rule.applies_to != household.kind:
            raise ValidationError(
                f"细则 {rule.code} 适用于{APPLIES_NAMES[rule.applies_to]}，"
                f"“{label}”是{KIND_NAMES[household.kind]}，请换一条细则。",
                field="rule",
            )
        if household.status != "active" and day >= household.status_since:
            raise ValidationError(
                f"“{label}”已{STATUS_NAMES[household.status]}（{household.status_since}），"
                "此后的事项不能再记录积分。",
                field="household",
            )

    def _check_date(self, day: dt.date, household: Household) -> None:
        if day > self.today:
            raise ValidationError(f"发生日期 {day} 晚于今天，不能预先记录。", field="occurred_on")
        if day < household.registered_on:
            raise ValidationError(_before_registration(day, household), field="occurred_on")

    def _check_member(self, member_id: str, household: Household, day: dt.date) -> None:
        member = self._members.get(member_id) or self.session.get(Member, member_id)
        if member is None or member.household_id != household.id:
            raise ValidationError("所选成员不是这一户的成员。", field="member")
        if member.status != "present" and member.status_since and member.status_since <= day:
            raise ValidationError(_member_gone(member), field="member")

    def _check_points(self, rule: RuleItem, points: int | None) -> int:
        sign = 1 if rule.direction == "add" else -1
        verb = "加" if sign > 0 else "扣"
        if points is None:
            if rule.points_min != rule.points_max:
                raise ValidationError(
                    f"细则 {rule.code} 的分值是{verb}{rule.points_min}-{rule.points_max}分，"
                    "请填写具体分值。",
                    field="points",
                )
            return sign * rule.points_min
        if points != 0 and (points > 0) != (sign > 0):
            should = "正数" if sign > 0 else "负数"
            raise ValidationError(
                f"细则 {rule.code} 是{verb}分项，分值应为{should}"
                f"（例如 {sign * rule.points_min}）。",
                field="points",
            )
        if not rule.points_min <= abs(points) <= rule.points_max:
            allowed = (
                f"{rule.points_min}"
                if rule.points_min == rule.points_max
                else f"{rule.points_min}到{rule.points_max}"
            )
            raise ValidationError(
                f"分值 {points} 超出细则 {rule.code} 的范围：只能{verb}{allowed}分。",
                field="points",
            )
        return points

    def _check_cap(self, household: Household, rule: RuleItem, day: dt.date, label: str) -> None:
        period = cap_period(rule.period_cap, day)
        if period is None:
            return
        key = (household.id, rule.id, period.key)
        loaded = (household.id, rule.id) in self._caps_loaded
        taken = (
            key in self._caps_used
            or not loaded
            and self.session.scalar(
                select(Entry.occurred_on)
                .where(
                    Entry.household_id == household.id,
                    Entry.rule_item_id == rule.id,
                    Entry.kind == "normal",
                    happened_on().between(period.start, period.end),
                    live_entries_clause(),
                )
                .limit(1)
            )
        )
        if taken:
            raise ValidationError(
                f"“{label}”在{period.label}已记过细则 {rule.code}“{rule.name}”"
                f"（{CAP_NAMES[rule.period_cap]}限一次），不能重复记录。",
                field="rule",
            )
        self._caps_used.add(key)


def _check_source_and_texts(draft: EntryDraft) -> None:
    if draft.source not in SOURCES:
        raise ValidationError("记录来源不认识。", field="source")
    text_fields.clean_text(draft.place, "地点", text_fields.ADDRESS_MOST, field="place")
    text_fields.clean_text(draft.note, "说明", NOTE_MOST, field="note", multiline=True)


def _check_quantity(rule: RuleItem, quantity: int) -> None:
    """The number of people: 1 unless the rule item counts people, and not absurdly many."""
    if quantity < 1 or (quantity > 1 and not rule.counts_people):
        raise ValidationError(f"细则 {rule.code} 不按人数计分，人数只能为1。", field="quantity")
    if quantity > 1000:
        raise ValidationError("人数太大，请核对。", field="quantity")


def _before_registration(day: dt.date, household: Household) -> str:
    """An entry dated before its household was registered, in words."""
    return f"发生日期 {day} 早于这一户的登记日期 {household.registered_on}，请核对日期。"


def _member_gone(member: Member) -> str:
    """A member who moved out or died before the entry's day, in words."""
    return f"成员“{member.name}”已于 {member.status_since} 迁出或去世，不能再以其名义记录。"
