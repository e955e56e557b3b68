"""Goods and services of the 积分超市 (商品/服务): add, edit, list. A price change applies from now
on; redemption lines keep the name and price they were made with."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from .. import authz, evidence
from ..errors import ValidationError
from ..schema import StoreGoods
from ..text_fields import GOODS_NAME_MOST
from ..tx import Change, Op, Tx, row_values
from .common import MANAGE_ROLES, GoodsInfo, check_text, goods_info, load_goods, stock_levels

if TYPE_CHECKING:
    from ..ledger import Ledger

EDITABLE = {"name", "unit", "price", "category", "active", "low_stock", "note", "photo"}


def _check_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The checked values of the fields given (``photo`` is handled by the caller)."""
    checked: dict[str, Any] = {}
    if "name" in fields:
        checked["name"] = check_text(
            fields["name"], "商品名称", GOODS_NAME_MOST, field="name", required=True
        )
    if "unit" in fields:
        checked["unit"] = check_text(fields["unit"], "单位", 8, field="unit", required=True)
    if "category" in fields:
        checked["category"] = check_text(fields["category"], "商品类别", 32, field="category")
    if "note" in fields:
        checked["note"] = check_text(fields["note"], "备注", 500, field="note", multiline=True)
    if "price" in fields:
        price = fields["price"]
        if not isinstance(price, int) or price < 1:
            raise ValidationError("兑换所需积分应为大于0的整数。", field="price")
        checked["price"] = price
    if "low_stock" in fields:
        low = fields["low_stock"]
        if not isinstance(low, int) or low < 0:
            raise ValidationError("库存预警数应为0或正整数。", field="low_stock")
        checked["low_stock"] = low
    if "active" in fields:
        checked["active"] = bool(fields["active"])
    return checked


class GoodsOps:
    ledger: Ledger

    def add_goods(
        self,
        village_id: str,
        name: str,
        price: int,
        *,
        unit: str = "个",
        category: str = "",
        is_service: bool = False,
        low_stock: int = 0,
        note: str = "",
        photo: Path | None = None,
    ) -> Op[GoodsInfo]:
        """A new good (or a service, which has no stock) on the store's list."""
        actor = self.ledger.actor
        authz.require(actor, MANAGE_ROLES, "管理积分超市的商品")
        authz.require_village(actor, village_id)
        fields = _check_fields(
            dict(
                name=name, price=price, unit=unit, category=category, low_stock=low_stock, note=note
            )
        )
        stored = evidence.store(self.ledger.evidence_dir, photo, photo_only=True) if photo else None

        def work(tx: Tx) -> GoodsInfo:
            self._refuse_taken_name(tx, village_id, fields["name"], None)
            goods = StoreGoods(village_id=village_id, is_service=is_service, active=True, **fields)
            if stored:
                goods.photo_sha256, goods.photo_name = stored.sha256, stored.file_name
            kind = "服务" if is_service else "商品"
            tx.created(
                goods,
                "store.goods.create",
                f"新增{kind} {goods.name}（{goods.price}分/{goods.unit}）",
                village_id=village_id,
            )
            tx.changed(Change.STORE)
            return goods_info(goods, 0)

        return self.ledger.run(work)

    def update_goods(self, village_id: str, name_or_id: str, **changes: Any) -> Op[GoodsInfo]:
        """Change name, unit, price, category, active, low_stock, note or photo (a path)."""
        authz.require(self.ledger.actor, MANAGE_ROLES, "管理积分超市的商品")
        authz.require_village(self.ledger.actor, village_id)
        if set(changes) - EDITABLE:
            raise ValidationError(
                f"不能这样修改商品：{'、'.join(sorted(set(changes) - EDITABLE))}。"
            )
        fields = _check_fields(changes)
        photo = changes.get("photo")
        stored = evidence.store(self.ledger.evidence_dir, photo, photo_only=True) if photo else None

        def work(tx: Tx) -> GoodsInfo:
            goods = load_goods(tx.session, village_id, name_or_id)
            before = row_values(goods)
            if "name" in fields:
                self._refuse_taken_name(tx, village_id, fields["name"], goods.id)
            for key, value in fields.items():
                setattr(goods, key, value)
            if stored:
                goods.photo_sha256, goods.photo_name = stored.sha256, stored.file_name
            summary = f"修改商品 {before['name']}"
            if before["price"] != goods.price:
                summary += f"，兑换积分 {before['price']} → {goods.price}（已兑换的不变）"
            if tx.updated(
                goods, "store.goods.update", summary, village_id=village_id, before=before
            ):
                tx.changed(Change.STORE)
            stock = stock_levels(tx.session, [goods.id], village_id).get(goods.id, 0)
            return goods_info(goods, stock)

        return self.ledger.run(work)

    @staticmethod
    def _refuse_taken_name(tx: Tx, village_id: str, name: str, own_id: str | None) -> None:
        taken = tx.session.scalars(
            select(StoreGoods.id).where(
                StoreGoods.village_id == village_id, StoreGoods.name == name
            )
        ).first()
        if taken and taken != own_id:
            raise ValidationError(
                f"积分超市里已经有“{name}”，请换个名称（例如加上规格：洗衣粉500g）。", field="name"
            )

    def goods(self, village_id: str, *, include_inactive: bool = False) -> builtins.list[GoodsInfo]:
        """The store's goods and services with their current stock, by category and name."""
        authz.require_village(self.ledger.actor, village_id)
        stmt = select(StoreGoods).where(StoreGoods.village_id == village_id, ~StoreGoods.is_deleted)
        if not include_inactive:
            stmt = stmt.where(StoreGoods.active)
        with self.ledger.read() as s:
            rows = s.scalars(stmt.order_by(StoreGoods.category, StoreGoods.name)).all()
            stock = stock_levels(s, None, village_id)
        return [goods_info(g, stock.get(g.id, 0)) for g in rows]

    def goods_by_name(self, village_id: str, name_or_id: str) -> GoodsInfo:
        authz.require_village(self.ledger.actor, village_id)
        with self.ledger.read() as s:
            goods = load_goods(s, village_id, name_or_id)
            stock = stock_levels(s, [goods.id], village_id).get(goods.id, 0)
        return goods_info(goods, stock)
