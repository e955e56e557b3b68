"""A township of three villages with a known 2025 for the 考核 (issue 22 part 1), built through
the real services and carried to the township in real bundles:

* 示范村 (…001): four households with a member each (two of them party members); one entry a
  month, rotating over the households and naming the member; every month reviewed on the 5th of
  the next; the four quarters posted and made final; one objection to Q1, dismissed 3 days
  after it came; two households redeem (one naming its member).
* 拖拉村 (…002): three households, no members; one entry a month; January–June reviewed on
  time, July reviewed late (20 September), August–December never: five entries overdue; Q1 and
  Q2 final, Q3 and Q4 never posted.
* 冷清村 (…003): ten households with a member each (one party member, in 0002: never named); only 0001
  takes part, every month, reviewed on time, four quarters final; nobody redeems.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sync_world import Laptop, new_township, new_village

from jifen_desktop.model.entry_checks import EntryDraft

YEAR = 2025


@dataclass
class Plan:
    code: str
    name: str
    households: int
    members: bool
    party: tuple[int, ...]  # household numbers (1-based) whose member is a party member
    takers: tuple[int, ...]  # household numbers recording in rotation
    reviewed: dict[int, dt.date]  # month -> the day its session was held
    final_quarters: int
    objection: bool = False
    redeemers: tuple[int, ...] = ()


def _on_time(months: range) -> dict[int, dt.date]:
    return {m: _first_of_next(m) + dt.timedelta(days=4) for m in months}


def _first_of_next(month: int) -> dt.date:
    return dt.date(YEAR + 1, 1, 1) if month == 12 else dt.date(YEAR, month + 1, 1)


PLANS = (
    Plan("640100100001", "示范村", 4, True, (1, 3), (1, 2, 3, 4), _on_time(range(1, 13)), 4,
         objection=True, redeemers=(1, 2)),
    Plan("640100100002", "拖拉村", 3, False, (), (1, 2, 3), {**_on_time(range(1, 7)),
         7: dt.date(YEAR, 9, 20)}, 2),
    Plan("640100100003", "冷清村", 10, True, (2,), (1,), _on_time(range(1, 13)), 4),
)  # fmt: skip


class Village:
    def __init__(self, root: Path, plan: Plan) -> None:
        self.plan = plan
        self.laptop = new_village(root, plan.code, plan.name, plan.households)
        self.ledger = self.laptop.ledger
        self.vid = self.laptop.village_id
        self.members: dict[str, str] = {}
        if plan.members:
            for n in range(1, plan.households + 1):
                number = f"{n:04d}"
                self.members[number] = self.ledger.members.add(
                    self.laptop.names[number], f"成员{n}", is_party_member=n in plan.party
                ).value.id

    def month(self, month: int) -> None:
        """Record this month's entry; review it when the plan says."""
        n = self.plan.takers[(month - 1) % len(self.plan.takers)]
        number = f"{n:04d}"
        draft = EntryDraft(
            self.laptop.names[number],
            "B05",
            dt.date(YEAR, month, 10),
            member_id=self.members.get(number),
        )
        self.ledger.entries.record(self.vid, draft)
        held = self.plan.reviewed.get(month)
        if held is None:
            return
        session = self.ledger.review.open(self.vid, f"{YEAR}-{month:02d}", held).value
        pending = [e.id for e in self.ledger.entries.list(self.vid, status="pending")]
        self.ledger.entries.approve(pending)
        self.ledger.review.close(session.id)

    def quarter(self, q: int) -> None:
        if q > self.plan.final_quarters:
            return
        pub = self.ledger.publications.draft(self.vid, f"{YEAR}Q{q}").value
        start = _first_of_next(3 * q) + dt.timedelta(days=14)
        pub = self.ledger.publications.post(pub.id, start, start + dt.timedelta(days=6)).value
        if self.plan.objection and q == 1:
            household = self.laptop.names["0002"]
            objection = self.ledger.objections.add(
                pub.id, household, "分数不对", received_on=start + dt.timedelta(days=1)
            ).value
            self.ledger.objections.dismiss(
                objection.id, "核实无误", on=start + dt.timedelta(days=4)
            )
        self.ledger.publications.finalise(pub.id)

    def redeem(self) -> None:
        if not self.plan.redeemers:
            return
        self.ledger.store.add_goods(self.vid, "理发", 1, unit="次", is_service=True)
        for i, n in enumerate(self.plan.redeemers):
            number = f"{n:04d}"
            member = self.members.get(number) if i == 0 else None
            self.ledger.store.redeem(
                self.vid,
                self.laptop.names[number],
                [("理发", 1)],
                member_id=member,
                on=dt.date(YEAR, 12, 20),
            )

    def live_year(self) -> None:
        for q in range(1, 5):
            for month in range(3 * q - 2, 3 * q + 1):
                self.month(month)
            if q < 4:
                self.quarter(q)
        self.redeem()
        self.quarter(4)


def build_township(root: Path) -> Laptop:
    """The township with the three villages' bundles imported (their laptops closed)."""
    town = new_township(root)
    for plan in PLANS:
        village = Village(root, plan)
        village.live_year()
        bundle = village.laptop.export()
        town.trust(bundle)
        town.take(bundle)
        village.laptop.close()
    return town
