"""Past stocktakes of the 积分超市, read only: when, who counted, how many goods differed from
the books and by how much in all. The stocktakes themselves are written by ``store.stocktake``
(``stock.py``); this module only lists them for the 盘点 tab and scripts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import case, func, select

from .. import authz
from ..limits import check_limit
from ..schema import Operator, Stocktake, StocktakeLine

if TYPE_CHECKING:
    from ..ledger import Ledger


@dataclass(frozen=True)
class StocktakeSummary:
    id: str
    taken_on: dt.date
    operator_name: str  # "" when the operator is unknown
    note: str
    goods_counted: int
    goods_differing: int
    difference: int  # counted − expected over all goods (盘盈 +, 盘亏 −)
    recorded_at: dt.datetime


def past_stocktakes(ledger: Ledger, village_id: str, limit: int = 100) -> list[StocktakeSummary]:
    """The village's stocktakes, latest first, each summed over its lines."""
    authz.require_village(ledger.actor, village_id)
    diff = StocktakeLine.counted - StocktakeLine.expected
    stmt = (
        select(
            Stocktake.id,
            Stocktake.taken_on,
            func.coalesce(Operator.display_name, ""),
            Stocktake.note,
            func.count(StocktakeLine.id),
            func.coalesce(func.sum(case((diff != 0, 1), else_=0)), 0),
            func.coalesce(func.sum(diff), 0),
            Stocktake.recorded_at,
        )
        .outerjoin(StocktakeLine, StocktakeLine.stocktake_id == Stocktake.id)
        .outerjoin(Operator, Operator.id == Stocktake.recorded_by)
        .where(Stocktake.village_id == village_id)
        .group_by(Stocktake.id)
        .order_by(Stocktake.taken_on.desc(), Stocktake.recorded_at.desc())
        .limit(check_limit(limit))
    )
    with ledger.read() as s:
        return [StocktakeSummary(*row) for row in s.execute(stmt)]
