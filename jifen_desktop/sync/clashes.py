"""Rules that hold on one laptop but can break once two laptops' records meet: both gave out
the same household or receipt number, both redeemed the last of a good, both recorded the same
once-a-year item for a household, both spent a household's last points. The merge keeps every
record; these queries list what the village has to settle, by the usual means (a correction
entry, a return, a stock count, renumbering), and each clash disappears once it is settled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, extract, func, select
from sqlalchemy.orm import Session

from jifen_desktop.model.balances import balances_in
from jifen_desktop.model.engine_sql import joined_text
from jifen_desktop.model.entry_checks import happened_on, live_entries_clause
from jifen_desktop.model.schema import (
    Entry,
    Grid,
    Household,
    Operator,
    PointExpiry,
    Redemption,
    RuleItem,
    StockMovement,
    StoreGoods,
    Village,
    YearEndClosing,
)


@dataclass(frozen=True)
class Clash:
    kind: str
    village_id: str
    title: str
    detail: str
    record_ids: tuple[str, ...]


KIND_NAMES = {
    "household_number": "户号重复",
    "receipt_number": "兑换单号重复",
    "rule_code": "细则编号重复",
    "grid_name": "网格重名",
    "goods_name": "商品重名",
    "username": "用户名重复",
    "stock": "库存为负",
    "points": "可用积分为负",
    "cap": "限次细则记了多次",
    "year_end": "年底清零做了两次",
    "expiry": "一户一年清零了两次",
}


def _duplicates(
    session: Session, village_id: str, kind: str, table: Any, key: Any, live: Any = None
) -> list[Clash]:
    stmt = (
        select(key, joined_text(table.id))
        .where(table.village_id == village_id)
        .group_by(key)
        .having(func.count() > 1)
    )
    if live is not None:
        stmt = stmt.where(live)
    return [
        Clash(
            kind,
            village_id,
            f"{KIND_NAMES[kind]}：{value}",
            f"{len(ids.split(','))}条记录用了“{value}”",
            tuple(ids.split(",")),
        )
        for value, ids in session.execute(stmt)
    ]


def _negative_stock(session: Session, village_id: str) -> list[Clash]:
    stock = func.sum(StockMovement.quantity)
    stmt = (
        select(StoreGoods.id, StoreGoods.name, stock)
        .join(StockMovement, StockMovement.goods_id == StoreGoods.id)
        .where(StoreGoods.village_id == village_id, StoreGoods.is_service.is_(False))
        .group_by(StoreGoods.id, StoreGoods.name)
        .having(stock < 0)
    )
    return [
        Clash(
            "stock",
            village_id,
            f"库存为负：{name}",
            f"账面库存 {qty}，两台电脑都兑换出了最后的货",
            (gid,),
        )
        for gid, name, qty in session.execute(stmt)
    ]


def _negative_points(session: Session, village_id: str) -> list[Clash]:
    year = dt.date.today().year
    numbers = dict(
        session.execute(
            select(Household.id, Household.number).where(Household.village_id == village_id)
        ).all()
    )
    return [
        Clash(
            "points",
            village_id,
            f"可用积分为负：{numbers.get(hid, hid)}户",
            f"可用积分 {b.available}：兑换用掉的超过了挣到的",
            (hid,),
        )
        for hid, b in balances_in(session, village_id, None, year).items()
        if b.available < 0
    ]


def _capped_twice(village_id: str, cap: str, parts: tuple[Any, ...]) -> Any:
    """The query for items capped once a ``cap`` (year or month) recorded more than once in
    one: household, code, name, the period's parts and the entries' ids."""
    return (
        select(Entry.household_id, RuleItem.code, RuleItem.name, *parts, joined_text(Entry.id))
        .join(RuleItem, RuleItem.id == Entry.rule_item_id)
        .where(
            Entry.village_id == village_id,
            RuleItem.period_cap == cap,
            Entry.kind == "normal",
            live_entries_clause(),
        )
        .group_by(Entry.household_id, RuleItem.code, RuleItem.name, *parts)
        .having(func.count() > 1)
    )


def _cap_clash(session: Session, village_id: str, row: Any) -> Clash:
    hid, code, name, *when, ids = row
    period = f"{int(when[0])}年" + (f"{int(when[1])}月" if len(when) > 1 else "")
    number = session.scalar(select(Household.number).where(Household.id == hid))
    return Clash(
        "cap",
        village_id,
        f"限次细则记了多次：{number}户 {code}",
        f"“{name}”在{period}记了{len(ids.split(','))}次（限一次）",
        tuple(ids.split(",")),
    )


def _caps(session: Session, village_id: str) -> list[Clash]:
    day = happened_on()
    periods = {
        "year": (extract("year", day),),
        "month": (extract("year", day), extract("month", day)),
    }
    return [
        _cap_clash(session, village_id, row)
        for cap, parts in periods.items()
        for row in session.execute(_capped_twice(village_id, cap, parts))
    ]


def _unique_keys() -> tuple[tuple[Any, ...], ...]:
    """What must be unique in a village: (clash kind, table, key, the live rows' clause)."""
    return (
        ("household_number", Household, Household.number, Household.is_deleted.is_(False)),
        ("receipt_number", Redemption, Redemption.receipt_no),
        ("rule_code", RuleItem, RuleItem.code, RuleItem.is_deleted.is_(False)),
        ("grid_name", Grid, Grid.name, Grid.is_deleted.is_(False)),
        ("goods_name", StoreGoods, StoreGoods.name, StoreGoods.is_deleted.is_(False)),
        ("username", Operator, Operator.username, Operator.is_deleted.is_(False)),
        ("year_end", YearEndClosing, func.cast(YearEndClosing.year, String)),
        (
            "expiry",
            PointExpiry,
            PointExpiry.household_id.concat("/").concat(func.cast(PointExpiry.year, String)),
        ),
    )


def _duplicate_keys(session: Session, village_id: str) -> list[Clash]:
    return [
        clash
        for kind, table, *key_and_live in _unique_keys()
        for clash in _duplicates(session, village_id, kind, table, *key_and_live)
    ]


def find_clashes(session: Session, village_id: str | None = None) -> list[Clash]:
    villages = [village_id] if village_id else list(session.scalars(select(Village.id)))
    found: list[Clash] = []
    for vid in villages:
        found += _duplicate_keys(session, vid)
        found += _negative_stock(session, vid)
        found += _negative_points(session, vid)
        found += _caps(session, vid)
    return found
