"""The demo village's calendar beyond the monthly review: each past quarter posted for a week
and made final, a few objections (upheld and dismissed), the last quarter still in posting
with an objection open, a veto in force and one lifted, the village's honour grades, and a
补记 waiting for this month's review."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model.calendar.honours import Grade
from ..model.entry_checks import EntryDraft
from ..model.periods import Period, quarter, quarter_of

if TYPE_CHECKING:
    from .flow import MonthlyFlow, _Account

CONTACT = "村委会 王德胜（电话 0710-6123456）"
GRADES = (Grade("五星文明户", 160), Grade("四星文明户", 130), Grade("三星文明户", 100))
GRADES_LAST = Grade("待提升户", None)
DISMISSED = (
    ("认为本季度扣分太多", "经核对，扣分均有记录和证据，符合村规民约"),
    ("对排名有意见，认为应排在前面", "排名按年度积分计算，经核对无误"),
    ("邻居家参加活动比自家多得分", "邻居多参加了两次义务劳动，记分无误"),
)
UPHELD_REVERSE = ("扣分那天在外地务工，不在家", "经网格员核实当天确在外地，扣分有误")
UPHELD_MISSING = ("参加了村里组织的义务劳动，没有记分", "经组织者证实确已参加，漏记补上")


@dataclass
class _VetoPlan:
    account: _Account
    starts_on: dt.date
    ends_on: dt.date
    reason: str
    lifted_on: dt.date | None = None
    lift_reason: str = ""

    @property
    def last_day(self) -> dt.date:
        if self.lifted_on is not None:
            return self.lifted_on - dt.timedelta(days=1)
        return self.ends_on


class DemoCalendar:
    def __init__(self, flow: MonthlyFlow, rng: random.Random) -> None:
        self.flow, self.rng = flow, rng
        self.vetoes: list[_VetoPlan] = []
        self.objection_count = 0

    # -- vetoes ----------------------------------------------------------------------------

    def plan_vetoes(self, first: dt.date) -> None:
        """One veto in force today and, with more than a year of data, one lifted early."""
        today = self.flow.today
        homes = [
            a
            for a in self.flow.accounts
            if a.kind == "household" and a.moves_out_on is None and a.registered_on <= first
        ]
        if len(homes) < 4 or (today - first).days < 120:
            return
        a, b = self.rng.sample(homes, 2)
        start = today - dt.timedelta(days=self.rng.randint(60, 100))
        self.vetoes.append(
            _VetoPlan(a, start, start + dt.timedelta(days=364), "违法建房，经多次劝导拒不整改")
        )
        if (today - first).days > 500:
            old = today - dt.timedelta(days=self.rng.randint(400, 460))
            self.vetoes.append(
                _VetoPlan(
                    b,
                    old,
                    old + dt.timedelta(days=364),
                    "参与聚众赌博，被公安机关行政处罚",
                    old + dt.timedelta(days=150),
                    "已深刻认识错误，积极参加公益活动，经村两委研究同意提前解除",
                )
            )

    def start_vetoes(self, start: dt.date, end: dt.date) -> None:
        """Register the vetoes that begin in this month (and lift the one lifted early)."""
        for plan in self.vetoes:
            if start <= plan.starts_on <= end:
                veto = self.flow.reviewer.vetoes.add(
                    plan.account.id, plan.reason, plan.starts_on, plan.ends_on
                ).value
                if plan.lifted_on is not None:
                    self.flow.reviewer.vetoes.lift(veto.id, plan.lifted_on, plan.lift_reason)

    def vetoed_on(self, account_id: str, day: dt.date) -> bool:
        return any(
            p.account.id == account_id and p.starts_on <= day <= p.last_day for p in self.vetoes
        )

    def set_grades(self) -> None:
        self.flow.admin.honours.set_grades(self.flow.village_id, [*GRADES, GRADES_LAST])

    # -- quarters --------------------------------------------------------------------------

    def publish(self, y: int, m: int) -> None:
        """After the review of a quarter's last month: post it for a week, take objections,
        and make it final unless its posting is still running today."""
        if m % 3 or quarter(y, m // 3).end >= self.flow.today:
            return
        period = quarter(y, m // 3)
        today, led, rng = self.flow.today, self.flow.reviewer, self.rng
        latest = quarter_of(today).start - dt.timedelta(days=1) == period.end
        if latest:
            start = max(period.end + dt.timedelta(days=1), today - dt.timedelta(days=4))
            end = max(start + dt.timedelta(days=6), today + dt.timedelta(days=2))
        else:
            start = period.end + dt.timedelta(days=rng.randint(5, 12))
            end = start + dt.timedelta(days=6)
        pub = led.publications.draft(self.flow.village_id, period.key, contact=CONTACT).value
        led.publications.post(pub.id, start, end)
        self.objections(pub.id, period, start, min(end, today), latest)
        if end < today:
            led.publications.finalise(pub.id)

    def objections(
        self, pub_id: str, period: Period, start: dt.date, last: dt.date, latest: bool
    ) -> None:
        """0-2 objections a quarter, resolved within the posting; on the latest quarter one
        dismissed and one still open."""
        rng, led = self.rng, self.flow.reviewer
        lines = led.publications.lines(pub_id)
        count = 2 if latest else rng.choice((0, 1, 1, 2))
        for i in range(count):
            received = start + dt.timedelta(days=rng.randint(0, max(0, (last - start).days - 1)))
            resolved = min(received + dt.timedelta(days=rng.randint(0, 2)), last)
            if latest and i == 1:
                line = rng.choice(lines)
                led.objections.add(
                    pub_id, line.household_id, "认为本季度少记了一次志愿服务", received
                )
            elif not (rng.random() < 0.5 and self._uphold(pub_id, period, received, resolved)):
                content, answer = rng.choice(DISMISSED)
                line = rng.choice(lines)
                objection = led.objections.add(pub_id, line.household_id, content, received).value
                led.objections.dismiss(objection.id, answer, resolved)
            self.objection_count += 1

    def _uphold(self, pub_id: str, period: Period, received: dt.date, resolved: dt.date) -> bool:
        """An upheld objection: a deduction that was wrong (reversed), or else a missed
        activity (recorded as 补记)."""
        led, flow = self.flow.reviewer, self.flow
        deductions = [
            r
            for r in flow.approved
            if r.info.points < 0
            and r.account.kind == "household"
            and period.contains(r.info.occurred_on)
        ]
        if deductions:
            found = self.rng.choice(deductions)
            flow.approved.remove(found)
            content, reason = UPHELD_REVERSE
            objection = led.objections.add(
                pub_id, found.info.household_id, content, received, entry_id=found.info.id
            ).value
            done = led.objections.uphold(objection.id, reason, reverse_entry=True, on=resolved)
            flow.entry_count += len(done.value.correction_ids)
            return True
        homes = [
            a
            for a in flow.accounts
            if a.kind == "household" and a.moves_out_on is None and a.registered_on <= period.end
        ]
        if not homes or not any(r.code == "C06" for r in flow.rules):
            return False
        a = self.rng.choice(homes)
        content, reason = UPHELD_MISSING
        objection = led.objections.add(pub_id, a.id, content, received).value
        day = max(period.start, a.registered_on)
        missed = EntryDraft(a.id, "C06", day, place="村道", note="义务劳动（漏记）")
        done = led.objections.uphold(objection.id, reason, missing=[missed], on=resolved)
        flow.entry_count += len(done.value.correction_ids)
        return True

    def late_entries(self) -> None:
        """补记 recorded this month for days of the last quarter, already posted: they wait
        for this month's review and are listed apart on the next publication."""
        today = dt.date.today()
        if self.flow.today != today:
            return  # a 补记 is dated on the real today; a demo of another day has none
        last = quarter_of(quarter_of(today).start - dt.timedelta(days=1))
        pub = self.flow.reviewer.publications.find(self.flow.village_id, last.key)
        if pub is None or pub.status == "draft":
            return
        homes = [
            a
            for a in self.flow.accounts
            if a.kind == "household" and a.moves_out_on is None and a.registered_on <= last.start
        ]
        for a in self.rng.sample(homes, min(2, len(homes))):
            day = max(last.start, a.registered_on) + dt.timedelta(days=self.rng.randint(0, 40))
            draft = EntryDraft(
                a.id, "B05", day, place="村委会", note="志愿服务，当时漏记", late=True
            )
            self.flow.recorders[a.grid].entries.record(self.flow.village_id, draft)
            self.flow.entry_count += 1
