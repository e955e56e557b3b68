"""The cart's list of goods on sale (积分超市 › 兑换, left side): name, points and stock, a
double-click puts a good in the cart, and the selected good's photo is shown small beside it
so the clerk and the villager see which 洗衣粉 is meant."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QTableWidget, QVBoxLayout, QWidget

from jifen_desktop.model.store import GoodsInfo
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows

from ..rankings import fill_table
from .photo import PhotoView, photo_path

PHOTO_SIZE = 84
SOLD_OUT_COLOUR = QColor("#8a8a8a")


def stock_text(g: GoodsInfo) -> str | int:
    """What the 库存 column says: the stock, 服务 for a service, 缺货 when none is left."""
    if g.stock is None:
        return QCoreApplication.translate("StoreShelf", "服务")
    return QCoreApplication.translate("StoreShelf", "缺货") if g.stock <= 0 else g.stock


def grey_out(table: QTableWidget, row: int) -> None:
    """A good with nothing left: its row in grey, with the reason on hover."""
    tip = QCoreApplication.translate("StoreShelf", "缺货，暂不能兑换；入库后才能兑换")
    for column in range(table.columnCount()):
        item = table.item(row, column)
        if item is not None:
            item.setForeground(QBrush(SOLD_OUT_COLOUR))
            item.setToolTip(tip)


class ShelfBox(QGroupBox):
    """``picked`` carries the good double-clicked (to go into the cart)."""

    picked = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.goods: list[GoodsInfo] = []
        self.setTitle(self.tr("在售商品（双击加入）"))
        self.table = read_only_rows(QTableWidget(0, 3), single=True, wrap=False)
        self.table.setHorizontalHeaderLabels([self.tr("商品"), self.tr("积分"), self.tr("库存")])
        fit_to_contents(self.table, 0)
        self.table.doubleClicked.connect(lambda index: self.picked.emit(self.goods[index.row()]))
        self.table.itemSelectionChanged.connect(self._show_photo)
        self.photo = PhotoView(PHOTO_SIZE)
        self.photo.setObjectName("shelf_photo")
        side = QVBoxLayout()
        side.addWidget(self.photo)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(side)

    def show_goods(self, goods: list[GoodsInfo]) -> None:
        """The goods on sale afresh; the selected one stays selected if it is still there."""
        row = self.table.currentRow()
        before = self.goods[row].id if 0 <= row < len(self.goods) else None
        self.goods = goods
        fill_table(self.table, [(g.name, g.price, stock_text(g)) for g in goods])
        for row, g in enumerate(goods):
            if g.stock is not None and g.stock <= 0:
                grey_out(self.table, row)
        ids = [g.id for g in goods]
        if before in ids:
            self.table.selectRow(ids.index(before))
        self._show_photo()

    def current(self) -> GoodsInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.goods[rows[0].row()] if rows and rows[0].row() < len(self.goods) else None

    def select(self, name: str) -> None:
        """Select the good called ``name`` (as a click would)."""
        self.table.selectRow(next(i for i, g in enumerate(self.goods) if g.name == name))

    def _show_photo(self) -> None:
        g = self.current()
        self.photo.show_photo(
            photo_path(self.ctx, g), self.tr("无照片") if g else self.tr("选商品\n看照片")
        )
