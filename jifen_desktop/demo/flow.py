"""The demo village's monthly flow: recorders' entries, activities, honours, the monthly
review, corrections and false declarations."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from ..model.entry_checks import EntryDraft
from ..model.entry_queries import EntryInfo
from ..model.ledger import Ledger
from ..model.periods import month as month_period
from ..model.periods import year as year_period
from ..model.rules import RuleInfo
from . import names
from .calendar import DemoCalendar

PHOTO_SHARE = 0.25  # of recorders' observations on items that ask for evidence


@dataclass
class _Account:
    number: str
    kind: str
    grid: int
    registered_on: dt.date
    activity: float
    head_name: str
    people: list[names.Person] = field(default_factory=list)
    unit_name: str = ""
    shop: bool = False
    id: str = ""
    moves_out_on: dt.date | None = None


@dataclass
class _Recorded:
    """An approved recorder entry the demo may later correct."""

    info: EntryInfo
    account: _Account


class MonthlyFlow:
    """Months of entries for ``DemoVillage`` (which holds the state these methods use)."""

    rng: random.Random
    today: dt.date
    village_id: str
    admin: Ledger
    reviewer: Ledger
    recorders: list[Ledger]
    accounts: list[_Account]
    grids: list[tuple[str, str]]
    evidence: tuple[Path, ...]
    entry_count: int
    used_caps: set[tuple[str, str, str]]
    approved: list[_Recorded]
    fixes: dict[tuple[int, int], list[str]]
    rules: list[RuleInfo]
    household_rules: list[RuleInfo]
    household_weights: list[float]
    calendar: DemoCalendar

    def run_month(self, y: int, m: int) -> None:
        period = month_period(y, m)
        start, end = period.start, min(period.end, self.today)
        current = (y, m) == (self.today.year, self.today.month)
        if m == 1:
            self.entry_count += self.admin.entries.generate_base_points(self.village_id, y).value
        self.calendar.start_vetoes(start, period.end)
        open_accounts = [
            a
            for a in self.accounts
            if a.registered_on <= end and (a.moves_out_on is None or a.moves_out_on > period.end)
        ]
        self.activities(m, start, end, open_accounts)
        drafts: dict[int, list[EntryDraft]] = {}
        for a in open_accounts:
            flow = (
                self.household_flow(a, y, start, end)
                if a.kind == "household"
                else (self.unit_flow(a, y, start, end))
            )
            if m == 12:
                flow += self.year_end(a, y, max(start, dt.date(y, 12, 15)), end)
            drafts.setdefault(a.grid, []).extend(flow)
        if m == 12:
            self.honours(y, end, drafts)
        by_id = {a.id: a for a in open_accounts}
        pending: list[EntryInfo] = []
        for grid, batch in sorted(drafts.items()):
            if batch:
                pending += self.recorders[grid].entries.record_many(self.village_id, batch).value
        self.entry_count += len(pending)
        if not current:
            self.review(period.key, pending, by_id)
            for fix in self.fixes.get((y, m), []):
                if fix == "correct":
                    self.correct(period.end)
                else:
                    self.false_declaration(period.end)
            self.calendar.publish(y, m)
        self.status_changes(start, period.end)

    def activities(self, m: int, start: dt.date, end: dt.date, accounts: list[_Account]) -> None:
        for code, day_no, place, note in names.ACTIVITIES.get(m, ()):
            day = start.replace(day=day_no)
            if day > end or not any(r.code == code for r in self.rules):
                continue
            share = self.rng.uniform(0.2, 0.6)
            came = [
                a.id
                for a in accounts
                if a.kind == "household"
                and a.registered_on <= day
                and self.rng.random() < min(1.0, share * a.activity)
            ]
            if came:
                where = place.format(g="各村民小组")
                op = self.admin.entries.register_activity(
                    self.village_id, code, day, came, place=where, note=note
                )
                self.entry_count += len(op.value)

    def household_flow(self, a: _Account, y: int, start: dt.date, end: dt.date) -> list[EntryDraft]:
        rng = self.rng
        result = []
        for _ in range(names.poisson(rng, 0.42 * a.activity)):
            rule = rng.choices(self.household_rules, cum_weights=self.household_weights)[0]
            draft = self.draft(a, rule, y, self._day(a, start, end))
            if draft:
                result.append(draft)
        return result

    def unit_flow(self, a: _Account, y: int, start: dt.date, end: dt.date) -> list[EntryDraft]:
        result = []
        for rule in (r for r in self.rules if r.applies_to == "unit"):
            chance = names.UNIT_RULE_CHANCE.get(rule.code, 0.05)
            if (rule.code in names.SHOP_ONLY and not a.shop) or self.rng.random() >= chance:
                continue
            draft = self.draft(a, rule, y, self._day(a, start, end))
            if draft:
                result.append(draft)
        return result

    def year_end(self, a: _Account, y: int, start: dt.date, end: dt.date) -> list[EntryDraft]:
        """年终评比: the household items capped at once a year, checked at the year's end."""
        result: list[EntryDraft] = []
        if a.kind != "household" or start > end:
            return result
        for rule in self.rules:
            chance = names.YEAR_END_CHANCE.get(rule.code, 0.0) * a.activity
            if rule.applies_to == "household" and self.rng.random() < chance:
                draft = self.draft(a, rule, y, self._day(a, start, end), source="inspection")
                if draft:
                    result.append(draft)
        return result

    def honours(self, y: int, end: dt.date, drafts: dict[int, list[EntryDraft]]) -> None:
        """The year's 十星级文明户: the top households so far get a village honour (D06)."""
        rule = next((r for r in self.rules if r.code == "D06"), None)
        if rule is None:
            return
        by_id = {a.id: a for a in self.accounts}
        ranking = self.admin.rankings.rank(self.village_id, year_period(y))
        winners = [
            by_id[r.household_id]
            for r in ranking
            if by_id[r.household_id].moves_out_on is None and not r.vetoed
        ][: max(1, len(self.accounts) // 100)]
        for a in winners:
            draft = self.draft(a, rule, y, end, source="inspection", note=f"{y}年度十星级文明户")
            if draft:
                drafts.setdefault(a.grid, []).append(draft)

    def _day(self, a: _Account, start: dt.date, end: dt.date) -> dt.date:
        first = max(start, a.registered_on)
        return first + dt.timedelta(days=self.rng.randint(0, max((end - first).days, 0)))

    def draft(
        self,
        a: _Account,
        rule: RuleInfo,
        y: int,
        day: dt.date,
        *,
        source: str = "",
        note: str = "",
    ) -> EntryDraft | None:
        """An entry as a recorder would fill it in, or None if its 当月/当年 slot is taken."""
        rng = self.rng
        if rule.period_cap != "each":
            slot = (
                a.number,
                rule.code,
                f"{y}-{day.month}" if rule.period_cap == "month" else str(y),
            )
            if slot in self.used_caps:
                return None
            self.used_caps.add(slot)
        members = [
            p
            for p in a.people
            if (p.out_on is None or p.out_on > day) and (day - p.birth).days >= 12 * 365
        ]
        member = rng.choice(members) if members and rng.random() < 0.6 else None
        if not source:
            declared = rule.code in names.DECLARED and rng.random() < 0.3
            source = "declaration" if declared else "recorder"
        # A declaration comes with its proof; the village lets its recorders' own observations
        # go without a photo (set up in ``DemoVillage``), and they add one now and then.
        photo = rule.evidence_required and (source == "declaration" or rng.random() < PHOTO_SHARE)
        evidence = tuple(rng.sample(self.evidence, rng.randint(1, 2))) if photo else ()
        place = rng.choice(names.PLACES).format(g=self.grids[a.grid][1])
        return EntryDraft(
            a.id,
            rule.code,
            day,
            points=self.points(rule),
            quantity=rng.randint(1, 5) if rule.counts_people else 1,
            member_id=member.id if member else None,
            place=place,
            note=note or rng.choice(names.NOTES.get(rule.code, ("",))),
            source=source,
            evidence=evidence,
        )

    def points(self, rule: RuleInfo) -> int | None:
        if rule.fixed:
            return None
        step = 5 if rule.points_min % 5 == 0 else 1
        values = list(range(rule.points_min, rule.points_max + 1, step))
        weights = [1 / (i + 1) for i in range(len(values))]
        return rule.sign * self.rng.choices(values, weights)[0]

    # -- review, corrections, status -------------------------------------------------------

    def review(self, month: str, pending: list[EntryInfo], accounts: dict[str, _Account]) -> None:
        """一月一审核: the committee meets early the next month; most entries are approved,
        about 3% rejected with a reason."""
        end = month_period(*map(int, month.split("-"))).end
        held_on = min(end + dt.timedelta(days=self.rng.randint(3, 8)), self.today)
        session = self.reviewer.review.open(
            self.village_id,
            month,
            held_on,
            place="村委会会议室",
            attendees=self.rng.choice(names.REVIEW_ATTENDEES),
        ).value
        rejected: dict[str, list[str]] = {}
        approved = []
        for e in pending:
            if self.rng.random() < 0.03:
                rejected.setdefault(self.rng.choice(names.REJECT_REASONS), []).append(e.id)
            else:
                approved.append(e)
        for reason, ids in rejected.items():
            self.reviewer.review.decide(session.id, ids, "rejected", reason)
        if approved:
            self.reviewer.review.decide(session.id, [e.id for e in approved], "approved")
        self.reviewer.review.close(session.id)
        self.approved += [_Recorded(e, accounts[e.household_id]) for e in approved]

    def correct(self, month_end: dt.date) -> None:
        """冲正: a mistake found later is reversed; usually the right entry is recorded too."""
        candidates = [r for r in self.approved[:-200] or self.approved if r.info.source != "system"]
        if not candidates:
            return
        found = self.rng.choice(candidates)
        self.approved.remove(found)
        e, a = found.info, found.account
        still_here = a.moves_out_on is None or a.moves_out_on > month_end
        rule = next((r for r in self.rules if r.code == e.rule_code), None)
        others = [
            r
            for r in self.rules
            if r.applies_to == a.kind
            and r.fixed
            and r.period_cap == "each"
            and r.direction == "add"
            and r.code != e.rule_code
        ]
        replacement, reason = None, "重复登记，予以冲正"
        if still_here and rule is not None and not rule.fixed:
            points = self.points(rule)
            if points != e.unit_points:
                reason = "分值录入有误，按细则重新核定"
                evidence = self.evidence[:1] if rule.evidence_required else ()
                replacement = EntryDraft(
                    a.id,
                    e.rule_code,
                    e.occurred_on,
                    points=points,
                    quantity=e.quantity,
                    member_id=e.member_id,
                    place=e.place,
                    note=e.note,
                    source=e.source,
                    evidence=evidence,
                )
        elif still_here and others and self.rng.random() < 0.6:
            reason = "细则选错，更正为正确的细则"
            right = self.rng.choice(others)
            replacement = EntryDraft(
                a.id,
                right.code,
                e.occurred_on,
                member_id=e.member_id,
                place=e.place,
                source=e.source,
                evidence=self.evidence[:1] if right.evidence_required else (),
            )
        op = self.reviewer.entries.correct(e.id, reason, replacement, on=month_end)
        self.entry_count += len(op.value)

    def false_declaration(self, found_on: dt.date) -> None:
        """弄虚作假: a villager's own declaration found untrue is reversed and deducted twice."""
        gains = [r for r in self.approved if r.info.points > 0]
        declared = [r for r in gains if r.info.source == "declaration"] or gains
        if declared:
            found = self.rng.choice(declared)
            self.approved.remove(found)
            op = self.reviewer.entries.false_declaration(
                found.info.id, "经入户核实，申报事项不属实", on=found_on
            )
            self.entry_count += len(op.value)

    def status_changes(self, start: dt.date, end: dt.date) -> None:
        for a in self.accounts:
            if a.moves_out_on and start <= a.moves_out_on <= end:
                reason = self.rng.choice(names.MOVE_OUT_REASONS)
                self.admin.households.set_status(a.id, "moved_out", a.moves_out_on, reason)
            for p in a.people:
                if p.out_on and start <= p.out_on <= end:
                    self.admin.members.set_status(p.id, p.out_status, p.out_on)
