"""The stock ledger of the 积分超市: stock in (purchase with its cost, donation with its donor,
goods bought with a sponsor's money), write-offs with a reason, and stocktakes that record the
counted quantities and post the differences. Stock is the sum of movements; nobody types it in.
Every movement is an append-only row; a mistake is put right by another movement."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from .. import authz
from ..errors import ValidationError
from ..limits import check_limit
from ..schema import StockMovement, Stocktake, StocktakeLine, StoreGoods
from ..tx import Change, Op, Tx
from .common import (
    IN_KINDS,
    MANAGE_ROLES,
    MOVEMENT_NAMES,
    check_day,
    check_text,
    load_goods,
    stock_levels,
)

if TYPE_CHECKING:
    from ..ledger import Ledger


@dataclass(frozen=True)
class MovementInfo:
    id: str
    goods_id: str
    goods_name: str
    kind: str
    quantity: int
    unit_cost_fen: int | None
    party: str
    reason: str
    occurred_on: dt.date
    recorded_at: dt.datetime

    @property
    def kind_name(self) -> str:
        return MOVEMENT_NAMES.get(self.kind, self.kind)


@dataclass(frozen=True)
class StocktakeLineInfo:
    goods_name: str
    expected: int
    counted: int

    @property
    def difference(self) -> int:
        return self.counted - self.expected


@dataclass(frozen=True)
class StocktakeInfo:
    id: str
    taken_on: dt.date
    lines: tuple[StocktakeLineInfo, ...]


def stocked_goods(tx: Tx, village_id: str, name_or_id: str) -> StoreGoods:
    goods = load_goods(tx.session, village_id, name_or_id)
    if goods.is_service:
        raise ValidationError(f"“{goods.name}”是服务，没有库存，不用出入库。", field="goods")
    return goods


def _positive(quantity: int) -> int:
    if not isinstance(quantity, int) or quantity < 1:
        raise ValidationError("数量应为大于0的整数。", field="quantity")
    if quantity > MOST_UNITS:
        raise ValidationError(
            f"数量{quantity}太大（一次最多{MOST_UNITS}），请核对。", field="quantity"
        )
    return quantity


MOST_UNITS = 1_000_000  # in one movement: past this it is a typing slip (and SQLite's integers)


class StockOps:
    ledger: Ledger

    def _movement(self, tx: Tx, goods: StoreGoods, summary: str, **values: object) -> MovementInfo:
        """Add one movement with its audit row."""
        row = StockMovement(
            village_id=goods.village_id,
            goods_id=goods.id,
            recorded_by=tx.actor.id,
            recorded_at=tx.now,
            **values,
        )
        tx.created(row, "store.stock", summary, village_id=goods.village_id)
        tx.changed(Change.STORE)
        return _movement_info(row, goods.name)

    def stock_in(
        self,
        village_id: str,
        goods: str,
        quantity: int,
        kind: str = "purchase",
        *,
        unit_cost_fen: int | None = None,
        party: str = "",
        on: dt.date | None = None,
        note: str = "",
    ) -> Op[MovementInfo]:
        """Goods come in: ``purchase`` (unit cost in 分 required), ``donation`` (donor
        required) or ``sponsor`` (sponsor required; the cost if the money bought them)."""
        actor = self.ledger.actor
        authz.require(actor, MANAGE_ROLES, "办理积分超市入库")
        authz.require_village(actor, village_id)
        party = _checked_stock_in(kind, quantity, party, unit_cost_fen)
        day = check_day(on)
        note = check_text(note, "备注", 500, field="note", multiline=True)

        def work(tx: Tx) -> MovementInfo:
            g = stocked_goods(tx, village_id, goods)
            who = f"（{party}）" if party else ""
            return self._movement(
                tx,
                g,
                f"{MOVEMENT_NAMES[kind]}{who} {g.name} {quantity}{g.unit}",
                kind=kind,
                quantity=quantity,
                unit_cost_fen=unit_cost_fen,
                party=party,
                reason=note,
                occurred_on=day,
            )

        return self.ledger.run(work)

    def write_off(
        self, village_id: str, goods: str, quantity: int, reason: str, *, on: dt.date | None = None
    ) -> Op[MovementInfo]:
        """Goods leave the shelf without a redemption (spoiled, broken, lost): reason required."""
        actor = self.ledger.actor
        authz.require(actor, MANAGE_ROLES, "办理积分超市报损出库")
        authz.require_village(actor, village_id)
        _positive(quantity)
        reason = check_text(reason, "报损原因", 500, field="reason", multiline=True, required=True)
        day = check_day(on)

        def work(tx: Tx) -> MovementInfo:
            g = stocked_goods(tx, village_id, goods)
            _check_in_stock(tx, g, quantity)
            return self._movement(
                tx,
                g,
                f"报损出库 {g.name} {quantity}{g.unit}：{reason}",
                kind="write_off",
                quantity=-quantity,
                reason=reason,
                occurred_on=day,
            )

        return self.ledger.run(work)

    def stocktake(
        self,
        village_id: str,
        counts: Mapping[str, int],
        *,
        on: dt.date | None = None,
        note: str = "",
    ) -> Op[StocktakeInfo]:
        """Record counted quantities (good name or id → count) and post every difference as
        a movement, all in one transaction."""
        actor = self.ledger.actor
        authz.require(actor, MANAGE_ROLES, "盘点积分超市")
        authz.require_village(actor, village_id)
        _check_counts(counts)
        day = check_day(on)
        note = check_text(note, "备注", 500, field="note", multiline=True)

        def work(tx: Tx) -> StocktakeInfo:
            goods = {name: stocked_goods(tx, village_id, name) for name in counts}
            stock = stock_levels(tx.session, [g.id for g in goods.values()], village_id)
            take = _new_stocktake(tx, village_id, day, note)
            lines = [
                _count_line(tx, take, g, stock.get(g.id, 0), counts[name])
                for name, g in goods.items()
            ]
            _audit_stocktake(tx, take, lines)
            tx.changed(Change.STORE)
            return StocktakeInfo(take.id, day, tuple(lines))

        return self.ledger.run(work)

    def movements(
        self, village_id: str, *, goods: str | None = None, limit: int = 200
    ) -> builtins.list[MovementInfo]:
        """The stock ledger, latest first (one good's, or every good's)."""
        authz.require_village(self.ledger.actor, village_id)
        stmt = (
            select(StockMovement, StoreGoods.name)
            .join(StoreGoods, StoreGoods.id == StockMovement.goods_id)
            .where(StockMovement.village_id == village_id)
            .order_by(StockMovement.occurred_on.desc(), StockMovement.seq.desc())
            .limit(check_limit(limit))
        )
        with self.ledger.read() as s:
            if goods is not None:
                stmt = stmt.where(StockMovement.goods_id == load_goods(s, village_id, goods).id)
            return [_movement_info(m, name) for m, name in s.execute(stmt)]


def _movement_info(m: StockMovement, goods_name: str) -> MovementInfo:
    return MovementInfo(
        m.id,
        m.goods_id,
        goods_name,
        m.kind,
        m.quantity,
        m.unit_cost_fen,
        m.party,
        m.reason,
        m.occurred_on,
        m.recorded_at,
    )


def _checked_stock_in(kind: str, quantity: int, party: str, unit_cost_fen: int | None) -> str:
    """Check what comes in: its kind, a positive quantity, the donor or sponsor (required but
    for a purchase), a purchase's unit cost; the party's name as cleaned."""
    if kind not in IN_KINDS:
        raise ValidationError("入库方式只能是采购、捐赠或赞助。", field="kind")
    _positive(quantity)
    _check_unit_cost(kind, unit_cost_fen)
    return check_text(party, "捐赠人或赞助方", 128, field="party", required=kind != "purchase")


def _check_unit_cost(kind: str, unit_cost_fen: int | None) -> None:
    """A purchase has a unit cost (to value the stock); no unit cost is negative."""
    if kind == "purchase" and unit_cost_fen is None:
        raise ValidationError("采购入库要写进价（每件多少元），用来算库存价值。", field="cost")
    if unit_cost_fen is not None and unit_cost_fen < 0:
        raise ValidationError("进价不能为负数。", field="cost")


def _check_counts(counts: Mapping[str, int]) -> None:
    """A stocktake's counts: at least one, each 0 or more and not absurdly large."""
    if not counts:
        raise ValidationError("盘点至少要写一种商品的实点数量。", field="counts")
    if any(not isinstance(c, int) or c < 0 for c in counts.values()):
        raise ValidationError("实点数量应为0或正整数。", field="counts")
    if max(counts.values()) > MOST_UNITS:
        raise ValidationError(f"实点数量太大（最多{MOST_UNITS}），请核对。", field="counts")


def _count_line(
    tx: Tx, take: Stocktake, g: StoreGoods, expected: int, counted: int
) -> StocktakeLineInfo:
    """One good's line of a stocktake, and the movement that posts its difference (if any)."""
    tx.add(StocktakeLine(stocktake_id=take.id, goods_id=g.id, expected=expected, counted=counted))
    if counted != expected:
        tx.add(
            StockMovement(
                village_id=take.village_id,
                goods_id=g.id,
                kind="stocktake",
                quantity=counted - expected,
                stocktake_id=take.id,
                reason=take.note,
                occurred_on=take.taken_on,
                recorded_by=tx.actor.id,
                recorded_at=tx.now,
            )
        )
    return StocktakeLineInfo(g.name, expected, counted)


def _audit_stocktake(tx: Tx, take: Stocktake, lines: builtins.list[StocktakeLineInfo]) -> None:
    """The stocktake's audit row: its differences in words (or 账实相符) and every line."""
    tx.audit(
        "store.stocktake",
        "stocktake",
        take.id,
        _stocktake_summary(lines),
        village_id=take.village_id,
        after={
            "taken_on": take.taken_on.isoformat(),
            "lines": [[x.goods_name, x.expected, x.counted] for x in lines],
        },
    )


def _check_in_stock(tx: Tx, g: StoreGoods, quantity: int) -> None:
    """A write-off takes no more than the shelf holds."""
    stock = stock_levels(tx.session, [g.id], g.village_id).get(g.id, 0)
    if quantity > stock:
        raise ValidationError(
            f"“{g.name}”库存只有{stock}{g.unit}，不能报损{quantity}{g.unit}。", field="quantity"
        )


def _stocktake_summary(lines: builtins.list[StocktakeLineInfo]) -> str:
    """A stocktake in words: how many goods counted, and each difference (or 账实相符)."""
    diffs = "，".join(f"{x.goods_name}{x.difference:+d}" for x in lines if x.difference)
    return f"盘点 {len(lines)} 种商品：" + (diffs or "账实相符")


def _new_stocktake(tx: Tx, village_id: str, day: dt.date, note: str) -> Stocktake:
    """The stocktake record (flushed: its lines refer to its id)."""
    take = Stocktake(
        village_id=village_id, taken_on=day, note=note, recorded_by=tx.actor.id, recorded_at=tx.now
    )
    tx.add(take)
    tx.session.flush()
    return take
