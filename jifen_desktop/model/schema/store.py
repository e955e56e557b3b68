"""The 积分超市's tables: goods, redemptions and returns, stocktakes, stock movements, and the
year-end expiry of points (年底清零) with its closing."""

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import UUID_LEN, AppendOnlyRecord, Base, MutableRecord, _fk


class StoreGoods(MutableRecord, Base):
    """A good or service of the 积分超市. Its price may change; redemption lines keep theirs."""

    __tablename__ = "store_goods"
    village_id: Mapped[str] = _fk("villages.id")
    name: Mapped[str] = mapped_column(String(64))
    unit: Mapped[str] = mapped_column(String(8), default="个")
    price: Mapped[int] = mapped_column(Integer)  # points per unit
    category: Mapped[str] = mapped_column(String(32), default="")
    is_service: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    low_stock: Mapped[int] = mapped_column(Integer, default=0)
    photo_sha256: Mapped[str] = mapped_column(String(64), default="")
    photo_name: Mapped[str] = mapped_column(String(256), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        Index("ix_store_goods_village_name", "village_id", "name"),
        CheckConstraint("price >= 1", name="price"),
        CheckConstraint("low_stock >= 0", name="low_stock"),
    )


class Redemption(AppendOnlyRecord, Base):
    """One visit to the store: a household takes goods for points. Numbered per village and
    year (DH2026-0001); never changed, only reversed by a ``RedemptionReturn``."""

    __tablename__ = "redemptions"
    village_id: Mapped[str] = _fk("villages.id", index=False)
    household_id: Mapped[str] = _fk("households.id")
    member_id: Mapped[str | None] = _fk("members.id", nullable=True, index=False)
    receipt_no: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    points: Mapped[int] = mapped_column(Integer)
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    operator_name: Mapped[str] = mapped_column(String(64), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    __table_args__ = (
        Index("ix_redemptions_village_receipt", "village_id", "receipt_no"),
        Index("ix_redemptions_village_date", "village_id", "occurred_on"),
        CheckConstraint("points >= 0", name="points"),
    )


class RedemptionLine(AppendOnlyRecord, Base):
    """A good on a receipt, with its name, unit and price as they were that day."""

    __tablename__ = "redemption_lines"
    redemption_id: Mapped[str] = _fk("redemptions.id")
    goods_id: Mapped[str] = _fk("store_goods.id", index=False)
    goods_name: Mapped[str] = mapped_column(String(64))
    unit: Mapped[str] = mapped_column(String(8))
    unit_price: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    points: Mapped[int] = mapped_column(Integer)
    __table_args__ = (CheckConstraint("quantity >= 1", name="quantity"),)


class RedemptionReturn(AppendOnlyRecord, Base):
    """A whole redemption taken back (退货/撤销兑换): points and stock come back, once."""

    __tablename__ = "redemption_returns"
    redemption_id: Mapped[str] = mapped_column(
        String(UUID_LEN), ForeignKey("redemptions.id"), unique=True
    )
    village_id: Mapped[str] = _fk("villages.id")
    household_id: Mapped[str] = _fk("households.id", index=False)
    points: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    returned_on: Mapped[dt.date] = mapped_column(Date)
    recorded_by: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Stocktake(AppendOnlyRecord, Base):
    """A count of the store's shelves; its lines say what was expected and what was found."""

    __tablename__ = "stocktakes"
    village_id: Mapped[str] = _fk("villages.id")
    taken_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class StocktakeLine(AppendOnlyRecord, Base):
    __tablename__ = "stocktake_lines"
    stocktake_id: Mapped[str] = _fk("stocktakes.id")
    goods_id: Mapped[str] = _fk("store_goods.id", index=False)
    expected: Mapped[int] = mapped_column(Integer)
    counted: Mapped[int] = mapped_column(Integer)
    __table_args__ = (CheckConstraint("counted >= 0", name="counted"),)


class StockMovement(AppendOnlyRecord, Base):
    """Stock in (+) or out (-) of one good. Current stock is the sum; nobody types it in.

    ``unit_cost_fen`` is the purchase price per unit in 分 (purchases and sponsor-funded buys);
    ``party`` the donor or sponsor; ``reason`` why a write-off was made."""

    __tablename__ = "stock_movements"
    village_id: Mapped[str] = _fk("villages.id", index=False)
    goods_id: Mapped[str] = _fk("store_goods.id")
    kind: Mapped[str] = mapped_column(String(16))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_cost_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    party: Mapped[str] = mapped_column(String(128), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    redemption_id: Mapped[str | None] = _fk("redemptions.id", nullable=True, index=False)
    stocktake_id: Mapped[str | None] = _fk("stocktakes.id", nullable=True, index=False)
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    recorded_by: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    __table_args__ = (
        CheckConstraint(
            "kind in ('purchase', 'donation', 'sponsor', 'redemption', 'return', "
            "'write_off', 'stocktake')",
            name="kind",
        ),
        CheckConstraint("quantity != 0", name="quantity"),
    )


class PointExpiry(AppendOnlyRecord, Base):
    """Available points cleared at a year's end (年底清零): how many, for whom, which year."""

    __tablename__ = "point_expiries"
    village_id: Mapped[str] = _fk("villages.id")
    household_id: Mapped[str] = _fk("households.id", index=False)
    year: Mapped[int] = mapped_column(Integer)
    points: Mapped[int] = mapped_column(Integer)
    recorded_by: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    __table_args__ = (
        Index("ix_point_expiries_household_year", "household_id", "year"),
        CheckConstraint("points > 0", name="points"),
    )


class YearEndClosing(AppendOnlyRecord, Base):
    """The year-end step of a village, run once per year: a second run finds this row."""

    __tablename__ = "year_end_closings"
    village_id: Mapped[str] = _fk("villages.id", index=False)
    year: Mapped[int] = mapped_column(Integer)
    households: Mapped[int] = mapped_column(Integer)
    points: Mapped[int] = mapped_column(Integer)
    recorded_by: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    __table_args__ = (Index("ix_year_end_closings_village_year", "village_id", "year"),)
