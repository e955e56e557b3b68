"""What the store's modules share: who may do what, the goods as the screens see them, current
stock (the sum of a good's movements) and money in 分."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import NotFound, ValidationError
from ..schema import StockMovement, StoreGoods
from ..text_fields import clean_text

# Goods, prices and stock are the committee's to answer for; a recorder (网格员) who runs the
# store may redeem for the households of their grids; a return gives points back, so it is the
# committee's again.
MANAGE_ROLES = ("admin", "reviewer")
REDEEM_ROLES = ("admin", "reviewer", "recorder")
RETURN_ROLES = ("admin", "reviewer")

MOVEMENT_NAMES = {
    "purchase": "采购入库",
    "donation": "捐赠入库",
    "sponsor": "赞助入库",
    "redemption": "兑换出库",
    "return": "退货入库",
    "write_off": "报损出库",
    "stocktake": "盘点差异",
}
IN_KINDS = ("purchase", "donation", "sponsor")
OUT_KINDS = ("write_off",)


@dataclass(frozen=True)
class GoodsInfo:
    id: str
    village_id: str
    name: str
    unit: str
    price: int
    category: str
    is_service: bool
    active: bool
    low_stock: int
    stock: int | None  # None for a service
    photo_sha256: str
    photo_name: str
    note: str

    @property
    def is_low(self) -> bool:
        return self.stock is not None and self.active and self.stock <= self.low_stock


def goods_info(g: StoreGoods, stock: int) -> GoodsInfo:
    return GoodsInfo(
        g.id,
        g.village_id,
        g.name,
        g.unit,
        g.price,
        g.category,
        g.is_service,
        g.active,
        g.low_stock,
        None if g.is_service else stock,
        g.photo_sha256,
        g.photo_name,
        g.note,
    )


def stock_levels(
    session: Session, goods_ids: Iterable[str] | None, village_id: str
) -> dict[str, int]:
    """Current stock per good: the sum of its movements (goods with none are left out)."""
    stmt = (
        select(StockMovement.goods_id, func.sum(StockMovement.quantity))
        .where(StockMovement.village_id == village_id)
        .group_by(StockMovement.goods_id)
    )
    if goods_ids is not None:
        stmt = stmt.where(StockMovement.goods_id.in_(list(goods_ids)))
    return {g: q or 0 for g, q in session.execute(stmt)}


def load_goods(session: Session, village_id: str, name_or_id: str) -> StoreGoods:
    """A good of the village by its id or its exact name."""
    goods = _find_goods(session, village_id, name_or_id.strip())
    if goods is None or goods.is_deleted:
        raise NotFound(
            f"积分超市里没有“{name_or_id}”这种商品，请先用 jifen store goods list 查看名称。",
            field="goods",
        )
    return goods


def _find_goods(session: Session, village_id: str, text: str) -> StoreGoods | None:
    """The village's good with the id ``text``, else the one named ``text``."""
    goods = session.get(StoreGoods, text)
    if goods is not None and goods.village_id == village_id:
        return goods
    return session.scalars(
        select(StoreGoods).where(StoreGoods.village_id == village_id, StoreGoods.name == text)
    ).first()


def check_text(
    value: str,
    what: str,
    limit: int,
    *,
    field: str,
    required: bool = False,
    multiline: bool = False,
) -> str:
    """A goods field, note or reason, as ``text_fields`` cleans text (notes may have lines)."""
    return clean_text(value, what, limit, field=field, required=required, multiline=multiline)


def check_day(day: dt.date | None, field: str = "date") -> dt.date:
    day = day or dt.date.today()
    if day > dt.date.today():
        raise ValidationError("日期不能晚于今天。", field=field)
    return day


MOST_YUAN = 1_000_000  # one price or cost: past this it is a typing slip


def yuan_to_fen(text: str | Decimal | float) -> int:
    """Money typed in 元 (``3.5``) as whole 分; refuses negatives and more than two decimals."""
    try:
        value = Decimal(str(text).strip().replace("元", "").replace("¥", ""))
    except InvalidOperation:
        raise ValidationError(
            f"金额“{text}”不对，请写成 3.50 这样的数字（单位：元）。", field="cost"
        ) from None
    fen = value * 100
    if value < 0 or fen != fen.to_integral_value():
        raise ValidationError(f"金额“{text}”不对：不能为负数，最多两位小数。", field="cost")
    if value > MOST_YUAN:
        raise ValidationError(f"金额“{text}”太大（最多{MOST_YUAN}元），请核对。", field="cost")
    return int(fen)


def fen_text(fen: int) -> str:
    return f"{fen / 100:.2f}"
