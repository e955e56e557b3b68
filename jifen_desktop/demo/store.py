"""The demo village's 积分超市: goods and services, purchases at cost, a donation and a sponsor's
delivery, restocking every quarter, redemptions on the store's open days, and in the last
months a write-off, a return and a stocktake; a few goods are left running low.

Everything goes through ``ledger.store``. The stock is followed here as well and each open
day's visitors' available points are read first, so every basket fits what the household has
and what is on the shelf: the model would refuse anything else, and nothing is tried only to
be refused. The store has its own random generator, so the entries do not depend on it.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from ..model.ledger import Ledger
from ..model.periods import month as month_period
from ..model.store.redemptions import RedemptionRequest
from . import names
from .flow import MonthlyFlow, _Account

STORE_DAYS = (10, 25)  # 每月10日、25日开门兑换
RESTOCK_MONTHS = (1, 4, 7, 10)  # 每季度初进货
RESTOCK_DAY = 5


@dataclass(frozen=True)
class _Good:
    name: str
    unit: str
    price: int  # points
    category: str
    low_stock: int = 0
    cost_fen: int = 0  # purchase price per unit; 0 for donated goods and services
    weight: float = 1.0  # how often it goes into a basket
    service: bool = False
    note: str = ""


# fmt: off
GOODS: tuple[_Good, ...] = (
    _Good("洗衣粉（500克）", "袋", 15, "日用百货", 10, 650, 9),
    _Good("肥皂", "块", 10, "日用百货", 15, 300, 8),
    _Good("牙膏", "支", 15, "日用百货", 10, 550, 7),
    _Good("毛巾", "条", 20, "日用百货", 10, 800, 5),
    _Good("卫生纸（10卷）", "提", 30, "日用百货", 8, 1500, 6),
    _Good("洗洁精", "瓶", 15, "日用百货", 8, 600, 6),
    _Good("洗发水", "瓶", 40, "日用百货", 5, 1990, 3),
    _Good("搪瓷脸盆", "个", 30, "日用百货", 5, 1200, 1.5),
    _Good("雨伞", "把", 40, "日用百货", 4, 1800, 1.5),
    _Good("食用油（5升）", "桶", 150, "粮油副食", 5, 6500, 4),
    _Good("大米（10斤）", "袋", 60, "粮油副食", 6, 2800, 5),
    _Good("酱油", "瓶", 15, "粮油副食", 8, 650, 5),
    _Good("食盐", "袋", 5, "粮油副食", 15, 200, 4),
    _Good("挂面（1千克）", "袋", 12, "粮油副食", 10, 550, 4),
    _Good("复合肥（50斤）", "袋", 200, "农资", 3, 9500, 1.5),
    _Good("玉米种子", "袋", 50, "农资", 5, 2500, 1.5),
    _Good("劳保手套", "双", 5, "农资", 20, 180, 3),
    _Good("学生文具套装", "套", 40, "学习用品", 5, 1500, 1.5),
    _Good("理发一次", "次", 20, "服务", weight=3, service=True, note="村理发店凭兑换单理发"),
    _Good("家电维修一次", "次", 50, "服务", weight=1, service=True, note="不含更换零件的费用"),
    _Good("农机代耕一亩", "亩", 100, "服务", weight=0.8, service=True,
          note="合作社农机代耕，农忙前预约"),
)
# A one-off donation: never bought again, so it runs out.
DONATED = _Good("保温杯", "个", 60, "日用百货", 3, 0, 3, note="张集便民超市捐赠")
DONOR = "张集便民超市"
SEED_DONOR = "鑫源农资店"
SPONSOR = "张集籍在外乡贤联谊会"
# The supplier stopped delivering these in the last months: 首页 warns that they are low.
SHORT = ("食用油（5升）", "洗衣粉（500克）")
WRITE_OFFS = (("酱油", "过期变质"), ("搪瓷脸盆", "搬运时摔坏，破损"), ("挂面（1千克）", "受潮发霉"))
RETURN_REASONS = (
    "商品质量问题：瓶身破裂漏液，退回",
    "商品质量问题，村民要求退回",
    "商品有破损，村民要求退回",
)
# fmt: on

_Queued = tuple[RedemptionRequest, list[tuple[str, int]]]  # a visitor's request, their basket

# A quarter's demand per household per unit of a good's weight, to size the purchases.
_DEMAND = 0.0045


class DemoStore:
    """The store's side of the demo, driven month by month by ``DemoVillage``."""

    def __init__(self, village: MonthlyFlow, rng: random.Random, opens: dt.date) -> None:
        self.village_id, self.admin = village.village_id, village.admin
        self.recorders: list[Ledger] = village.recorders
        self.homes = [a for a in village.accounts if a.kind == "household"]
        self.rng, self.today, self.opens = rng, village.today, opens
        self.vetoed_on = village.calendar.vetoed_on  # a vetoed household may not redeem
        self.goods = {g.name: g for g in (*GOODS, DONATED)}
        self.stock: dict[str, int] = {}  # what the shelf holds, as the ledger has it
        self.ids: dict[str, str] = {}  # good name -> its id (a redemption names goods by id)
        self.redemptions = 0
        self.last_with_goods: tuple[str, tuple[tuple[str, int], ...]] | None = None
        # About a fifth of the households are regulars; the others come now and then.
        self.visit = {
            a.id: (0.085 if rng.random() < min(0.6, 0.18 * a.activity) else 0.013)
            for a in self.homes
        }
        weights = [g.weight for g in self.goods.values()]
        self.names, self.cum = list(self.goods), names.cumulative(weights)
        # Half a year's demand above the warning level.
        self.share = len(self.homes) * _DEMAND
        self.target = {
            g.name: g.low_stock + max(2, math.ceil(self.share * g.weight * 2))
            for g in GOODS
            if not g.service
        }
        # The last months: when the write-off, the return and the stocktake happen.
        months = _months(opens, self.today)
        full = [m for m in months if month_period(*m).end < self.today] or months
        self.write_off_month = full[max(0, len(full) - 3)]
        self.closing_month = full[-1]

    # -- the calendar ----------------------------------------------------------------------

    def run_month(self, y: int, m: int) -> None:
        """The store's month, after the month's entries are reviewed."""
        if (y, m) < (self.opens.year, self.opens.month):
            return
        period = month_period(y, m)
        if (y, m) == (self.opens.year, self.opens.month):
            self.open_store(self.opens)
        elif m in RESTOCK_MONTHS and self._on(dt.date(y, m, RESTOCK_DAY)):
            self.restock(dt.date(y, m, RESTOCK_DAY))
        if m == 3 and self._on(dt.date(y, 3, 1)):
            self.stock_in("玉米种子", 5 + len(self.homes) // 60, "donation", SEED_DONOR, y, 3, 1)
        closing = (y, m) == self.closing_month
        for day_no in STORE_DAYS:
            day = dt.date(y, m, day_no)
            if self._on(day):
                self.store_day(day, period.end)
                if closing and day_no == STORE_DAYS[0]:
                    self.return_one(min(dt.date(y, m, STORE_DAYS[-1]), self.today))
        if (y, m) == self.write_off_month:
            self.write_off(min(dt.date(y, m, 28), self.today))
        if closing:
            self.stocktake(min(period.end, self.today))

    def _on(self, day: dt.date) -> bool:
        return self.opens <= day <= self.today

    # -- stock -----------------------------------------------------------------------------

    def open_store(self, day: dt.date) -> None:
        """The goods list, the first purchase, the sponsor's rice and oil, a shop's gift."""
        store, v = self.admin.store, self.village_id
        for g in (*GOODS, DONATED):
            self.ids[g.name] = store.add_goods(
                v,
                g.name,
                g.price,
                unit=g.unit,
                category=g.category,
                is_service=g.service,
                low_stock=g.low_stock,
                note=g.note,
            ).value.id
        sponsored = {"大米（10斤）": 2, "食用油（5升）": 3}  # a share of the first stock
        for g in GOODS:
            if g.service:
                continue
            want = self.target[g.name]
            gift = want // sponsored[g.name] if g.name in sponsored else 0
            self.stock_in(g.name, want - gift, "purchase", "", day.year, day.month, day.day)
            if gift:
                self.stock_in(g.name, gift, "sponsor", SPONSOR, day.year, day.month, day.day)
        gift = DONATED.low_stock + max(2, math.ceil(self.share * DONATED.weight * 3))
        self.stock_in(DONATED.name, gift, "donation", DONOR, day.year, day.month, day.day)

    def restock(self, day: dt.date) -> None:
        """Every quarter the shelf is filled up again, except the goods the supplier is out of
        in the last half year."""
        short = (self.today - day).days < 200
        for g in GOODS:
            if g.service or (short and g.name in SHORT):
                continue
            want = self.target[g.name] - self.stock[g.name]
            if self.stock[g.name] <= g.low_stock or want >= max(2, self.target[g.name] // 4):
                self.stock_in(g.name, want, "purchase", "", day.year, day.month, day.day)

    def stock_in(
        self, name: str, quantity: int, kind: str, party: str, y: int, m: int, d: int
    ) -> None:
        g = self.goods[name]
        cost = None
        if kind != "donation":
            cost = g.cost_fen + self.rng.choice((0, 0, 0, 10, 20, 50)) * (y - self.opens.year)
        self.admin.store.stock_in(
            self.village_id,
            name,
            quantity,
            kind,
            unit_cost_fen=cost,
            party=party,
            on=dt.date(y, m, d),
            note="赞助资金购买" if kind == "sponsor" else "",
        )
        self.stock[name] = self.stock.get(name, 0) + quantity

    def write_off(self, day: dt.date) -> None:
        """报损: something on the shelf spoiled or broke."""
        for name, reason in WRITE_OFFS:
            if self.stock.get(name, 0) >= 1:
                quantity = min(self.stock[name], self.rng.randint(1, 3))
                self.admin.store.write_off(self.village_id, name, quantity, reason, on=day)
                self.stock[name] -= quantity
                return

    def stocktake(self, day: dt.date) -> None:
        """月底盘点: the count agrees with the books except for one or two small slips."""
        counts = dict(self.stock)
        on_shelf = sorted(n for n, q in counts.items() if q >= 1)
        if len(on_shelf) < 2:
            return
        slips = self.rng.sample(on_shelf, 2)
        counts[slips[0]] -= 1  # one missing
        counts[slips[1]] += 1  # one more than the books: an earlier delivery miscounted
        self.admin.store.stocktake(self.village_id, counts, on=day, note="月底盘点")
        self.stock = counts

    # -- redemptions -----------------------------------------------------------------------

    def store_day(self, day: dt.date, month_end: dt.date) -> None:
        """The households that come on an open day and what they take home: each clerk's
        queue is one batch (``redeem_many``), as a counter takes them one after another."""
        came = [
            a
            for a in self.homes
            if a.registered_on <= day
            and (a.moves_out_on is None or a.moves_out_on > month_end)
            and self.rng.random() < self.visit[a.id]
            and not self.vetoed_on(a.id, day)
        ]
        if not came:
            return
        points = self.admin.balances.many(self.village_id, [a.id for a in came])
        queues: dict[int, tuple[Ledger, list[_Queued]]] = {}
        for a in came:
            basket = self.basket(points[a.id].available)
            if not basket:
                continue
            clerk, request = self.visitor(a, basket, month_end, day)
            queues.setdefault(id(clerk), (clerk, []))[1].append((request, basket))
            for name, n in basket:
                if not self.goods[name].service:
                    self.stock[name] -= n
        for clerk, queue in queues.values():
            self.serve(clerk, queue, day)

    def visitor(
        self, a: _Account, basket: list[tuple[str, int]], month_end: dt.date, day: dt.date
    ) -> tuple[Ledger, RedemptionRequest]:
        """Who of the household came (an adult, or not named) and who serves them."""
        members = [
            p
            for p in a.people
            if (p.out_on is None or p.out_on > month_end) and (day - p.birth).days >= 16 * 365
        ]
        member = self.rng.choice(members) if members and self.rng.random() < 0.7 else None
        # The grid's 网格员 runs the store on most days; the admin stands in.
        clerk = self.recorders[a.grid] if self.rng.random() < 0.8 else self.admin
        items = [(self.ids[name], n) for name, n in basket]
        return clerk, RedemptionRequest(a.id, items, member.id if member else None)

    def serve(
        self,
        clerk: Ledger,
        queue: list[_Queued],
        day: dt.date,
    ) -> None:
        """One clerk's queue of the day, in one transaction."""
        receipts = clerk.store.redeem_many(
            self.village_id, [request for request, _ in queue], on=day
        ).value
        for receipt, (_, basket) in zip(receipts, queue, strict=True):
            goods = tuple((name, n) for name, n in basket if not self.goods[name].service)
            self.redemptions += 1
            if goods:
                self.last_with_goods = (receipt.receipt_no, goods)

    def basket(self, points: int) -> list[tuple[str, int]]:
        """Mostly one or two everyday things; never more than the points or the shelf allow."""
        rng, budget = self.rng, points
        size = rng.choices((1, 2, 3, 4), (45, 33, 16, 6))[0]
        chosen: dict[str, int] = {}
        for _ in range(size * 2):
            if len(chosen) >= size:
                break
            name = rng.choices(self.names, cum_weights=self.cum)[0]
            g = self.goods[name]
            left = None if g.service else self.stock.get(name, 0) - chosen.get(name, 0)
            if g.price > budget or left == 0:
                continue
            quantity = rng.choice((1, 1, 1, 2, 2, 3)) if g.price <= 15 else 1
            quantity = min(quantity, budget // g.price, left if left is not None else quantity)
            chosen[name] = chosen.get(name, 0) + quantity
            budget -= g.price * quantity
        return list(chosen.items())

    def return_one(self, day: dt.date) -> None:
        """退货: the latest redemption with goods is taken back (points and goods come back)."""
        if self.last_with_goods is None:
            return
        receipt_no, goods = self.last_with_goods
        reason = self.rng.choice(RETURN_REASONS)
        self.admin.store.return_redemption(self.village_id, receipt_no, reason, on=day)
        for name, quantity in goods:
            self.stock[name] += quantity
        self.last_with_goods = None


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    return [
        (y, m)
        for y in range(start.year, end.year + 1)
        for m in range(1, 13)
        if (start.year, start.month) <= (y, m) <= (end.year, end.month)
    ]
