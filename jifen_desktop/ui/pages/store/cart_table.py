"""The redemption cart's pieces: the goods type-ahead (name, category or pinyin initials such
as ``fz`` for 肥皂) and the cart table, a line per good with its quantity in a spin box, the line
totals and the cart's total. The cart only adds up; the model decides whether it may be had."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QSpinBox, QTableWidget, QTableWidgetItem, QWidget

from jifen_desktop.model.pinyin_keys import text_keys
from jifen_desktop.model.store import GoodsInfo
from jifen_desktop.ui.completers import TypeAheadEdit
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows

from ..rankings import RIGHT

SHORT = QColor("#b00020")
MAX_QUANTITY = 999
SHORT_SPIN = "QSpinBox { color: #b00020; font-weight: bold; border: 2px solid #b00020; }"


def tr(text: str) -> str:
    return QCoreApplication.translate("StoreCart", text)


def goods_text(g: GoodsInfo) -> str:
    """``肥皂 10分/块（库存 38）``, ``肥皂 10分/块（缺货）`` or ``理发 15分/次（服务）``."""
    if g.stock is None:
        left = tr("服务")
    else:
        left = tr("缺货") if g.stock <= 0 else tr("库存 {0}").format(g.stock)
    return tr("{0} {1}分/{2}（{3}）").format(g.name, g.price, g.unit, left)


def goods_matching(goods: list[GoodsInfo], query: str) -> list[GoodsInfo]:
    """Goods whose name or category holds ``query``, or whose pinyin starts with it."""
    q = query.strip().lower()
    return [
        g
        for g in goods
        if q in g.name.lower()
        or (g.category and q in g.category)
        or (q.isascii() and any(k.startswith(q) for k in text_keys(g.name)))
    ]


class GoodsPicker(TypeAheadEdit):
    """The store's goods on sale, found as the user types; ``goods`` is set by the page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.goods: list[GoodsInfo] = []
        super().__init__(
            lambda q: goods_matching(self.goods, q),
            goods_text,
            parent,
            empty_text=tr("没有这种商品（只列在售的商品）"),
        )
        self.setPlaceholderText(tr("商品名称或拼音首字母"))
        self.setToolTip(tr("输入商品名称或拼音首字母，如 fz（肥皂）；回车加入"))


class CartTable(QTableWidget):
    """The goods chosen so far. ``changed`` fires whenever the total may have changed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setObjectName("cart")
        read_only_rows(self, single=True, wrap=False)
        self.setHorizontalHeaderLabels(
            [tr("商品"), tr("单价（分）"), tr("数量"), tr("库存"), tr("小计（分）")]
        )
        fit_to_contents(self, 0)
        self.lines: list[GoodsInfo] = []

    def quantity(self, row: int) -> int:
        spin = self.cellWidget(row, 2)
        assert isinstance(spin, QSpinBox)
        return spin.value()

    def chosen(self) -> list[tuple[GoodsInfo, int]]:
        return [(g, self.quantity(i)) for i, g in enumerate(self.lines)]

    def total(self) -> int:
        return sum(g.price * q for g, q in self.chosen())

    def short_lines(self) -> list[tuple[GoodsInfo, int]]:
        """The lines asking for more than the shelf holds."""
        return [(g, q) for g, q in self.chosen() if g.stock is not None and q > g.stock]

    def add(self, goods: GoodsInfo, quantity: int) -> None:
        """Add a line, or more of a good already in the cart."""
        for row, g in enumerate(self.lines):
            if g.id == goods.id:
                spin = self.cellWidget(row, 2)
                assert isinstance(spin, QSpinBox)
                spin.setValue(spin.value() + quantity)
                self.selectRow(row)
                return
        row = len(self.lines)
        self.lines.append(goods)
        self.insertRow(row)
        spin = QSpinBox()
        spin.setRange(1, MAX_QUANTITY)
        spin.setValue(quantity)
        spin.setAlignment(RIGHT)
        spin.valueChanged.connect(self._recount)
        self.setCellWidget(row, 2, spin)
        self._recount()
        self.selectRow(row)

    def remove_current(self) -> None:
        row = self.currentRow()
        if 0 <= row < len(self.lines):
            del self.lines[row]
            self.removeRow(row)
            self._recount()

    def clear_lines(self) -> None:
        self.lines = []
        self.setRowCount(0)
        self.changed.emit()

    def update_goods(self, goods: list[GoodsInfo]) -> None:
        """Fresh stock and prices after a change; goods no longer on sale keep their line
        (the model names them when 兑换 is pressed)."""
        fresh = {g.id: g for g in goods}
        self.lines = [fresh.get(g.id, g) for g in self.lines]
        self._recount()

    def _recount(self) -> None:
        for row, (g, quantity) in enumerate(self.chosen()):
            short = g.stock is not None and quantity > g.stock
            stock = tr("服务") if g.stock is None else str(g.stock)
            if short:
                stock = tr("只有 {0}").format(g.stock)
            for column, value in ((0, g.name), (1, g.price), (3, stock), (4, g.price * quantity)):
                item = QTableWidgetItem(str(value))
                if column:
                    item.setTextAlignment(RIGHT)
                if short and column in (0, 3):
                    item.setForeground(QBrush(SHORT))
                    item.setToolTip(
                        tr("库存不够：要 {0}{1}，库存只有 {2}{1}").format(quantity, g.unit, g.stock)
                    )
                self.setItem(row, column, item)
            spin = self.cellWidget(row, 2)
            spin.setStyleSheet(SHORT_SPIN if short else "")
            spin.setToolTip(tr("库存只有 {0}{1}").format(g.stock, g.unit) if short else "")
        self.changed.emit()
