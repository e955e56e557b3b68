"""The cart's list of goods on sale (积分超市 › 兑换, left side): name, points and stock, a
double-click puts a good in the cart, and the selected good's photo is shown small beside it
so the clerk and the villager see which 洗衣粉 is meant."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QTableWidget, QVBoxLayout, QWidget

from jifen_desktop.model.store import GoodsInfo
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows

from ..rankings import fill_table
from .photo import PhotoView, photo_path

PHOTO_SIZE = 84


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
        fill_table(
            self.table,
            [(g.name, g.price, self.tr("服务") if g.stock is None else g.stock) for g in goods],
        )
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
