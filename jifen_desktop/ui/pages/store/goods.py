"""积分超市 › 商品与库存: the goods and services (name, category, unit, price, stock, low-stock
threshold, low stock in red, on sale or not) with 新增/修改, 入库 (purchase, donation, sponsor)
and 报损出库; under it, the picked good's stock movements and its photo. The committee's tab
only."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.store import GoodsInfo, fen_text
from jifen_desktop.model.store.common import MANAGE_ROLES
from jifen_desktop.model.tx import Change
from jifen_desktop.ui import messages
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.form_dialog import FormDialog
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows

from ..rankings import fill_table
from ..settings.list_section import ListSection
from .goods_dialogs import GoodsDialog, StockInDialog, WriteOffDialog
from .photo import PhotoView, photo_path

LOW = QColor("#b00020")
MOVEMENT_LIMIT = 100
PHOTO_SIZE = 150


class GoodsSection(ListSection[GoodsInfo]):
    key = "goods"
    title_text = "商品与库存"
    roles = MANAGE_ROLES
    shows = Change.STORE
    what = "商品"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.dialog: FormDialog | None = None
        self.set_up(
            [
                self.tr(t)
                for t in ("名称", "类别", "单位", "兑换积分", "库存", "库存预警", "状态", "备注")
            ],
            7,
            [
                (QPushButton(self.tr("新增商品")), self.add),
                (QPushButton(self.tr("修改")), self.edit),
                (QPushButton(self.tr("入库…")), self.stock_in),
                (QPushButton(self.tr("报损出库…")), self.write_off),
            ],
            self.tr(
                "库存由出入库记录算出，不能直接改；兑换时自动出库，退货自动回库。"
                "改价只影响以后的兑换。红色为库存不足。"
            ),
        )
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(2, self._build_below())
        layout.setStretch(1, 3)
        layout.setStretch(2, 2)
        self.table.itemSelectionChanged.connect(self.show_movements)

    def _build_below(self) -> QWidget:
        """Under the goods: the chosen good's 出入库记录, and its 照片 beside them."""
        self.movements = read_only_rows(QTableWidget(0, 6), wrap=False)
        self.movements.setHorizontalHeaderLabels(
            [
                self.tr(t)
                for t in ("日期", "方式", "数量", "每件进价（元）", "捐赠/赞助方", "原因/单号")
            ]
        )
        fit_to_contents(self.movements, 5)
        self.history = QGroupBox(self.tr("出入库记录"))
        QVBoxLayout(self.history).addWidget(self.movements)
        self.photo = PhotoView(PHOTO_SIZE)
        self.photo.setObjectName("goods_photo")
        photo_box = QGroupBox(self.tr("照片"))
        QVBoxLayout(photo_box).addWidget(self.photo)
        below = QWidget()
        row = QHBoxLayout(below)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.history, 1)
        row.addWidget(photo_box)
        return below

    def refresh(self) -> None:
        picked = self.current(quiet=True)
        goods = self.ctx.ledger.store.goods(self.ctx.village_id, include_inactive=True)
        self.show_rows(goods, [self._row(g) for g in goods])
        for row, g in enumerate(goods):
            if g.is_low:
                for column in (0, 4):
                    item = self.table.item(row, column)
                    if item is not None:
                        item.setForeground(QBrush(LOW))
        ids = [g.id for g in goods]
        if picked is not None and picked.id in ids:
            self.table.selectRow(ids.index(picked.id))
        elif ids:
            self.table.selectRow(0)
        self.show_movements()

    def _row(self, g: GoodsInfo) -> tuple[object, ...]:
        if g.stock is None:
            stock: object = self.tr("服务")
        else:
            stock = self.tr("{0}（不足）").format(g.stock) if g.is_low else g.stock
        return (
            g.name,
            g.category,
            g.unit,
            g.price,
            stock,
            "" if g.stock is None else g.low_stock,
            self.tr("在售") if g.active else self.tr("停用"),
            g.note,
        )

    def show_movements(self) -> None:
        g = self.current(quiet=True)
        self.photo.show_photo(
            photo_path(self.ctx, g), self.tr("无照片\n修改商品时\n可添加") if g else ""
        )
        self.history.setTitle(
            self.tr("“{0}”的出入库记录").format(g.name)
            if g
            else self.tr("出入库记录（先在上面选商品）")
        )
        found = (
            self.ctx.ledger.store.movements(self.ctx.village_id, goods=g.id, limit=MOVEMENT_LIMIT)
            if g and g.stock is not None
            else []
        )
        fill_table(
            self.movements,
            [
                (
                    str(m.occurred_on),
                    self.tr(m.kind_name),
                    f"{m.quantity:+d}",
                    "" if m.unit_cost_fen is None else fen_text(m.unit_cost_fen),
                    m.party,
                    m.reason,
                )
                for m in found
            ],
        )

    def _categories(self) -> list[str]:
        return sorted({g.category for g in self.items if g.category})

    def _open(self, dialog: FormDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def add(self) -> None:
        self._open(GoodsDialog(self.ctx, None, self._categories(), self))

    def edit(self) -> None:
        g = self.current()
        if g is not None:
            self._open(GoodsDialog(self.ctx, g, self._categories(), self))

    def _stocked(self) -> GoodsInfo | None:
        g = self.current()
        if g is not None and g.stock is None:
            messages.show_error(
                self, DomainError(self.tr("“{0}”是服务，没有库存，不用出入库。").format(g.name))
            )
            return None
        return g

    def stock_in(self) -> None:
        g = self._stocked()
        if g is not None:
            self._open(StockInDialog(self.ctx, g, self))

    def write_off(self) -> None:
        g = self._stocked()
        if g is not None:
            self._open(WriteOffDialog(self.ctx, g, self))
