"""The dialogs of 商品与库存: a good or service (new or changed), stock in (purchase with its cost
in 元, donation with the donor, bought with a sponsor's money) and a write-off with its reason.
A good may have a photo (jpg or png, picked with the file dialog; ``photo.py``).
Each is a ``FormDialog``: the model's refusal appears under the field it names."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from jifen_desktop.model.store import GoodsInfo, yuan_to_fen
from jifen_desktop.model.tx import Op
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.form_dialog import FormDialog
from jifen_desktop.ui.forms import date_edit, date_of

from .photo import PhotoField, photo_path

IN_KINDS = (("purchase", "采购"), ("donation", "捐赠"), ("sponsor", "赞助资金购买"))


def spin(low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


def stock_line(goods: GoodsInfo) -> QLabel:
    """``肥皂（现有 38块）``: which good, and how many are on the shelf."""
    text = QCoreApplication.translate("GoodsDialog", "{0}（现有 {1}{2}）")
    return QLabel(text.format(goods.name, goods.stock, goods.unit))


class GoodsDialog(FormDialog):
    """A new good or service, or a change to one (a price change applies from now on)."""

    def __init__(
        self,
        ctx: AppContext,
        goods: GoodsInfo | None,
        categories: list[str],
        parent: QWidget | None = None,
    ) -> None:
        title = "修改商品" if goods else "新增商品或服务"
        super().__init__(ctx, QCoreApplication.translate("GoodsDialog", title), parent)
        self.goods = goods
        self.name = self.add_field("name", self.tr("名称"), QLineEdit(goods.name if goods else ""))
        self.name.setPlaceholderText(self.tr("如 洗衣粉500g、理发"))
        self.unit = self.add_field(
            "unit", self.tr("单位"), QLineEdit(goods.unit if goods else "个")
        )
        self.price = self.add_field(
            "price", self.tr("兑换积分"), spin(1, 100000, goods.price if goods else 10, " 分")
        )
        self.category = self.add_field("category", self.tr("类别"), QComboBox())
        self.category.setEditable(True)
        self.category.addItems(categories)
        self.category.setCurrentText(goods.category if goods else "")
        self.service = QCheckBox(self.tr("是服务（没有库存，如理发、家电维修）"))
        self.service.setChecked(bool(goods and goods.is_service))
        self.service.setEnabled(goods is None)
        self.form.addRow("", self.service)
        self.low_stock = self.add_field(
            "low_stock", self.tr("库存预警"), spin(0, 100000, goods.low_stock if goods else 5)
        )
        self.low_stock.setToolTip(self.tr("库存不多于这个数时，首页和统计里提醒补货"))
        self.active = QCheckBox(self.tr("在售（取消勾选即停止兑换）"))
        self.active.setChecked(goods is None or goods.active)
        self.active.setEnabled(goods is not None)
        self.form.addRow("", self.active)
        self.note = self.add_field("note", self.tr("备注"), QLineEdit(goods.note if goods else ""))
        self.photo = self.add_field("photo", self.tr("照片"), PhotoField(photo_path(ctx, goods)))

    def submit(self) -> Op[Any]:
        store, village = self.ctx.ledger.store, self.ctx.village_id
        values: dict[str, Any] = dict(
            name=self.name.text(),
            unit=self.unit.text(),
            price=self.price.value(),
            category=self.category.currentText(),
            low_stock=self.low_stock.value(),
            note=self.note.text(),
        )
        if self.photo.chosen is not None:
            values["photo"] = self.photo.chosen
        if self.goods is None:
            return store.add_goods(village, is_service=self.service.isChecked(), **values)
        return store.update_goods(village, self.goods.id, active=self.active.isChecked(), **values)


class StockInDialog(FormDialog):
    """Goods come in: bought (cost per piece in 元), donated (who gave) or bought with a
    sponsor's money (who paid, and the cost if known)."""

    def __init__(self, ctx: AppContext, goods: GoodsInfo, parent: QWidget | None = None):
        super().__init__(ctx, QCoreApplication.translate("StockInDialog", "入库"), parent)
        self.goods = goods
        self.form.addRow(self.tr("商品"), stock_line(goods))
        self.kind = self.add_field("kind", self.tr("入库方式"), QComboBox())
        for key, label in IN_KINDS:
            self.kind.addItem(self.tr(label), key)
        self.quantity = self.add_field("quantity", self.tr("数量"), spin(1, 100000, 1, goods.unit))
        self.cost = self.add_field("cost", self.tr("每件进价（元）"), QLineEdit())
        self.cost.setPlaceholderText(self.tr("如 2.50；采购必填，用来算库存价值"))
        self.party = self.add_field("party", self.tr("捐赠人/赞助方"), QLineEdit())
        self.party.setPlaceholderText(self.tr("捐赠或赞助时必填，如 张记超市"))
        self.day = self.add_field("date", self.tr("日期"), date_edit())
        self.note = self.add_field("note", self.tr("备注"), QLineEdit())
        self.note.setPlaceholderText(self.tr("如 发票号"))
        self.ok_button.setText(self.tr("入库"))

    def submit(self) -> Op[Any]:
        cost = self.cost.text().strip()
        return self.ctx.ledger.store.stock_in(
            self.ctx.village_id,
            self.goods.id,
            self.quantity.value(),
            self.kind.currentData(),
            unit_cost_fen=yuan_to_fen(cost) if cost else None,
            party=self.party.text(),
            on=date_of(self.day),
            note=self.note.text(),
        )


class WriteOffDialog(FormDialog):
    """Goods leave the shelf without a redemption (spoiled, broken, lost): the reason is kept."""

    def __init__(self, ctx: AppContext, goods: GoodsInfo, parent: QWidget | None = None):
        super().__init__(ctx, QCoreApplication.translate("WriteOffDialog", "报损出库"), parent)
        self.goods = goods
        self.form.addRow(self.tr("商品"), stock_line(goods))
        self.quantity = self.add_field("quantity", self.tr("数量"), spin(1, 100000, 1, goods.unit))
        self.reason = self.add_field("reason", self.tr("报损原因"), QLineEdit())
        self.reason.setPlaceholderText(self.tr("如 受潮发霉、过期、破损"))
        self.day = self.add_field("date", self.tr("日期"), date_edit())
        self.ok_button.setText(self.tr("出库"))

    def submit(self) -> Op[Any]:
        return self.ctx.ledger.store.write_off(
            self.ctx.village_id,
            self.goods.id,
            self.quantity.value(),
            self.reason.text(),
            on=date_of(self.day),
        )
