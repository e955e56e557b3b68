"""The demo village itself: the village, grids, operators, households with members, units,
and the moves over the years; ``MonthlyFlow`` adds the entries."""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path

from ..model.ledger import Ledger
from ..model.tx import Actor
from . import names, roster
from .calendar import DemoCalendar
from .constants import (
    DEMO_PASSWORD,
    TOWNSHIP_CODE,
    TOWNSHIP_NAME,
    VILLAGE_CODE,
    VILLAGE_NAME,
    Progress,
)
from .flow import MonthlyFlow, _Account, _Recorded
from .store import DemoStore


class DemoVillage(MonthlyFlow):
    def __init__(
        self,
        ledger: Ledger,
        rng: random.Random,
        today: dt.date,
        progress: Progress,
        store_rng: random.Random | None = None,
        calendar_rng: random.Random | None = None,
    ):
        self.ledger = ledger
        self.rng = rng
        # The store and the calendar draw from their own generators, so the entries do not
        # depend on them.
        self.store_rng = store_rng or random.Random(0)
        self.today = today
        self.calendar = DemoCalendar(self, calendar_rng or random.Random(1))
        self.progress = progress
        self.people = names.People(rng, today, VILLAGE_CODE[:6])
        self.evidence: tuple[Path, ...] = ()
        self.accounts: list[_Account] = []
        self.grids: list[tuple[str, str]] = []  # (id, name)
        self.operators: list[str] = []
        self.recorders: list[Ledger] = []
        self.entry_count = 0
        self.used_caps: set[tuple[str, str, str]] = set()
        self.approved: list[_Recorded] = []
        self.fixes: dict[tuple[int, int], list[str]] = {}

    # -- set-up ----------------------------------------------------------------------------

    def build(self, households: int, years: int) -> None:
        first_year = self.today.year - years + 1
        self.progress(0.0, "正在建立演示村…")
        self.setup_village(households)
        self.plan_accounts(households, dt.date(first_year, 1, 1))
        self.register_accounts()
        self.plan_changes(first_year)
        self.calendar.plan_vetoes(dt.date(first_year, 1, 1))
        self.calendar.set_grades()
        self.rules = [r for r in self.ledger.rules.list(self.village_id) if r.kind == "normal"]
        self.household_rules = [r for r in self.rules if r.applies_to == "household"]
        default = {"add": names.DEFAULT_ADD_WEIGHT, "deduct": names.DEFAULT_DEDUCT_WEIGHT}
        self.household_weights = names.cumulative(
            [names.RULE_WEIGHTS.get(r.code, default[r.direction]) for r in self.household_rules]
        )
        months = [(y, m) for y in range(first_year, self.today.year + 1) for m in range(1, 13)]
        months = [(y, m) for y, m in months if dt.date(y, m, 1) <= self.today]
        # The 积分超市 opens at the start of last year (or of the demo's only year).
        opens = min(dt.date(max(first_year, self.today.year - 1), 1, 5), self.today)
        self.store = DemoStore(self, self.store_rng, opens)
        for i, (y, m) in enumerate(months):
            self.progress(0.2 + 0.8 * i / len(months), f"正在生成{y}年{m}月…")
            self.run_month(y, m)
            self.store.run_month(y, m)
        self.calendar.late_entries()
        self.progress(1.0, "演示村已生成")

    def setup_village(self, households: int) -> None:
        system = self.ledger
        village = system.villages.create(VILLAGE_CODE, VILLAGE_NAME, TOWNSHIP_NAME, TOWNSHIP_CODE)
        self.village_id = village.value.id
        # The demo village has knowingly added the 常用扣分项（非方案原文） (its deductions) and
        # lets its recorders' own observations go without a photo (设置 › 积分细则).
        system.rules.add_optional(self.village_id)
        system.rules.set_observations_without_evidence(self.village_id, True)
        for i in range(max(3, math.ceil(households / 75))):
            grid = system.villages.add_grid(
                self.village_id, names.grid_name(i), f"{VILLAGE_NAME}村民小组"
            )
            self.grids.append((grid.value.id, grid.value.name))
        staff: list[tuple[str, str, str, tuple[str, ...]]] = [
            ("admin", "村管理员", "admin", ()),
            ("shenhe", "审核小组", "reviewer", ()),
        ]
        for i, (grid_id, name) in enumerate(self.grids):
            worker = self.people.person(self.people.surname(), "", "男", 45).name
            staff.append((f"wgy{i + 1}", f"{worker}（{name}网格员）", "recorder", (grid_id,)))
        staff.append(("chakan", "村务监督委员会", "viewer", ()))
        for username, display, role, grid_ids in staff:
            system.operators.add(
                username,
                display,
                role,
                DEMO_PASSWORD,
                village_id=self.village_id,
                grid_ids=grid_ids,
            )
            self.operators.append(username)
        self.admin = self._login("admin")
        self.reviewer = self._login("shenhe")
        self.recorders = [self._login(f"wgy{i + 1}") for i in range(len(self.grids))]

    def _login(self, username: str) -> Ledger:
        actor: Actor = self.ledger.operators.authenticate(username, DEMO_PASSWORD)
        return self.ledger.as_actor(actor)

    def plan_accounts(self, households: int, start: dt.date) -> None:
        rng, n_grids = self.rng, len(self.grids)
        late = households // 20
        span = max((self.today - start).days - 30, 0)
        late_days = sorted(rng.randint(60, span) for _ in range(late)) if span > 60 else []
        favourites = [[self.people.surname() for _ in range(2)] for _ in range(n_grids)]
        for i in range(households):
            registered = start
            grid = min(i * n_grids // households, n_grids - 1)
            if i >= households - len(late_days):
                registered = start + dt.timedelta(days=late_days[i - households + len(late_days)])
                grid = rng.randrange(n_grids)
            people = self.people.family(favourites[grid])
            activity = min(rng.lognormvariate(0, 0.5), 3.0)
            self.accounts.append(
                _Account(
                    f"{i + 1:04d}", "household", grid, registered, activity, people[0].name, people
                )
            )
        village = VILLAGE_NAME.removesuffix("村")
        for i, (pattern, shop) in enumerate(names.UNITS[: max(3, min(12, households // 40))]):
            head = self.people.person(self.people.surname(), "", rng.choice("男女"), 45).name
            self.accounts.append(
                _Account(
                    f"DW{i + 1:02d}",
                    "unit",
                    rng.randrange(n_grids),
                    start,
                    1.0,
                    head,
                    unit_name=pattern.format(v=village),
                    shop=shop,
                )
            )

    def register_accounts(self) -> None:
        """The roster imported, then the later households and the units (``roster``)."""
        roster.register(self)

    def plan_changes(self, first_year: int) -> None:
        """Households that move out, members who leave, and the months of corrections."""
        rng, first = self.rng, dt.date(first_year, 1, 1)
        homes = [a for a in self.accounts if a.kind == "household"]
        for a in rng.sample(homes, max(2, len(homes) // 60) if len(homes) >= 10 else 0):
            earliest = max(a.registered_on, first) + dt.timedelta(days=60)
            if earliest < self.today - dt.timedelta(days=20):
                a.moves_out_on = earliest + dt.timedelta(
                    days=rng.randint(0, (self.today - earliest).days - 20)
                )
        # A member leaves at least a month after the household was registered.
        since = {id(p): max(first, a.registered_on) for a in homes for p in a.people[1:]}
        people = [p for a in homes for p in a.people[1:] if (self.today - since[id(p)]).days > 31]
        young = [p for p in people if p.relation in ("子", "女") and 18 <= self._age(p) <= 30]
        old = [p for p in people if p.relation in ("父亲", "母亲") and self._age(p) >= 80]
        for group, status, share in ((young, "moved_out", 12), (old, "deceased", 5)):
            for p in rng.sample(group, min(len(group), max(1, len(group) // share))):
                days = rng.randint(30, (self.today - since[id(p)]).days - 1)
                p.out_on = since[id(p)] + dt.timedelta(days=days)
                p.out_status = status
        past = [
            (y, m)
            for y in range(first_year, self.today.year + 1)
            for m in range(1, 13)
            if dt.date(y, m, 1) < dt.date(self.today.year, self.today.month, 1)
        ]
        past = past[2:] or past
        if past:
            count = max(2, len(homes) * len(past) // 1800)
            for key in sorted(rng.sample(past, min(count, len(past)))):
                self.fixes.setdefault(key, []).append("correct")
            false_count = 1 if len(past) < 24 else 2
            later = past[len(past) // 2 :]
            for key in rng.sample(later, min(false_count, len(later))):
                self.fixes.setdefault(key, []).append("false")

    def _age(self, p: names.Person) -> int:
        return (self.today - p.birth).days // 365

    # -- a month ---------------------------------------------------------------------------
