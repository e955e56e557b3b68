"""Figures of the 积分超市 for a period: redemption participation per grid and village
(households that redeemed / households on the books), points spent, the stock's value and the
goods running low."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import authz
from ..periods import Period
from ..rankings import Participation, participation_by_grid
from ..schema import Redemption, RedemptionReturn, StockMovement, StoreGoods
from .common import GoodsInfo

if TYPE_CHECKING:
    from ..ledger import Ledger


@dataclass(frozen=True)
class StockValue:
    """Stock valued at each good's latest known unit cost (the last purchase or sponsor-funded
    buy that had one); goods in stock with no known cost (donations only) are named apart."""

    total_fen: int
    uncosted: tuple[str, ...]


@dataclass(frozen=True)
class StoreFigures:
    period: Period
    participation: tuple[Participation, ...]  # per grid, then 全村
    redemptions: int  # not returned
    returned: int
    points_spent: int  # of the redemptions not returned
    stock_value: StockValue
    low_stock: tuple[GoodsInfo, ...]


class FigureOps:
    ledger: Ledger

    def figures(self, village_id: str, period: Period) -> StoreFigures:
        authz.require_village(self.ledger.actor, village_id)
        with self.ledger.read() as s:
            rows = s.execute(
                select(Redemption.household_id, Redemption.points, RedemptionReturn.id)
                .outerjoin(RedemptionReturn, RedemptionReturn.redemption_id == Redemption.id)
                .where(
                    Redemption.village_id == village_id,
                    Redemption.occurred_on.between(period.start, period.end),
                )
            ).all()
            value = self._stock_value(s, village_id)
            kept = [(h, p) for h, p, back in rows if back is None]
            participation = participation_by_grid(s, village_id, period, {h for h, _ in kept})
        low = tuple(g for g in self.ledger.store.goods(village_id) if g.is_low)
        return StoreFigures(
            period,
            tuple(participation),
            len(kept),
            len(rows) - len(kept),
            sum(p for _, p in kept),
            value,
            low,
        )

    @staticmethod
    def _stock_value(s: Session, village_id: str) -> StockValue:
        stock = dict(
            s.execute(
                select(StockMovement.goods_id, func.sum(StockMovement.quantity))
                .where(StockMovement.village_id == village_id)
                .group_by(StockMovement.goods_id)
            ).all()
        )
        costs: dict[str, int] = {}
        for goods_id, cost in s.execute(
            select(StockMovement.goods_id, StockMovement.unit_cost_fen)
            .where(StockMovement.village_id == village_id, StockMovement.unit_cost_fen.is_not(None))
            .order_by(StockMovement.occurred_on, StockMovement.seq)
        ):
            costs[goods_id] = cost or 0  # the latest wins
        names = dict(
            s.execute(
                select(StoreGoods.id, StoreGoods.name).where(StoreGoods.village_id == village_id)
            ).all()
        )
        total, uncosted = 0, []
        for goods_id, quantity in stock.items():
            if not quantity:
                continue
            if goods_id in costs:
                total += quantity * costs[goods_id]
            else:
                uncosted.append(names[goods_id])
        return StockValue(total, tuple(sorted(uncosted)))
