"""积分超市 › 盘点: the stocktake sheet. Every stocked good with its quantity on the books and a
box for the quantity counted on the shelf (filled in with the book quantity, so only what
differs needs typing); 提交盘点 says how many goods differ, asks, and posts every difference in
one call. Under the sheet, the past stocktakes (date, who counted, how many goods differed, the
total difference). The committee's tab only."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.store import GoodsInfo
from jifen_desktop.model.store.common import MANAGE_ROLES
from jifen_desktop.model.store.stocktakes import StocktakeSummary, past_stocktakes
from jifen_desktop.model.tx import Change
from jifen_desktop.ui import messages
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import DONE_STYLE, date_edit, date_of, hint, main_button
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows

from ..base import Page
from ..rankings import RIGHT, fill_table

DIFFERS = QColor("#b00020")
MAX_COUNT = 1_000_000
PAST_LIMIT = 50


class StocktakeSection(Page):
    key = "stocktake"
    title_text = "盘点"
    roles = MANAGE_ROLES
    shows = Change.STORE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.goods: list[GoodsInfo] = []
        self.table = read_only_rows(QTableWidget(0, 5), single=True, wrap=False)
        self.table.setObjectName("stocktake")
        self.table.setHorizontalHeaderLabels(
            [self.tr(t) for t in ("商品", "单位", "账面数量", "实点数量", "差异")]
        )
        fit_to_contents(self.table, 0)
        bar = self._build_bar()
        self.summary = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(
            hint(
                self.tr(
                    "数一数货架上的实物，把“实点数量”改成数到的数；"
                    "提交后按差异调整库存（盘盈加、盘亏减），记录不能删除。"
                )
            )
        )
        layout.addWidget(self.table, 3)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self._build_past(), 2)

    def _build_bar(self) -> QHBoxLayout:
        """盘点日期, 备注, 重新填账面数 and 提交盘点, above the counts."""
        self.day = date_edit()
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("如 第三季度盘点，参加人：王会计、李主任"))
        self.submit_button = QPushButton(self.tr("提交盘点"))
        main_button(self.submit_button, 5, 20)
        self.submit_button.clicked.connect(self.submit)
        reset_button = QPushButton(self.tr("重新填账面数"))
        reset_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        for widget, stretch in (
            (QLabel(self.tr("盘点日期")), 0),
            (self.day, 0),
            (QLabel(self.tr("备注")), 0),
            (self.note, 1),
            (reset_button, 0),
            (self.submit_button, 0),
        ):
            bar.addWidget(widget, stretch)
        return bar

    def _build_past(self) -> QGroupBox:
        self.past = read_only_rows(QTableWidget(0, 5), wrap=False)
        self.past.setObjectName("past_stocktakes")
        self.past.setHorizontalHeaderLabels(
            [self.tr(t) for t in ("盘点日期", "盘点人", "不符的商品", "差异合计", "备注")]
        )
        fit_to_contents(self.past, 4)
        box = QGroupBox(self.tr("历次盘点"))
        QVBoxLayout(box).addWidget(self.past)
        return box

    def _past_row(self, t: StocktakeSummary) -> tuple[object, ...]:
        differing = (
            self.tr("{0} / {1} 种").format(t.goods_differing, t.goods_counted)
            if t.goods_differing
            else self.tr("账实相符（{0} 种）").format(t.goods_counted)
        )
        return (
            str(t.taken_on),
            t.operator_name or self.tr("系统"),
            differing,
            f"{t.difference:+d}" if t.difference else "0",
            t.note,
        )

    def refresh(self) -> None:
        """The sheet afresh: every stocked good, counted = on the books."""
        goods = self.ctx.ledger.store.goods(self.ctx.village_id, include_inactive=True)
        self.goods = [g for g in goods if g.stock is not None and (g.active or g.stock)]
        self.table.setRowCount(len(self.goods))
        for row, g in enumerate(self.goods):
            for column, value in ((0, g.name), (1, g.unit), (2, g.stock)):
                item = QTableWidgetItem(str(value))
                if column == 2:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(row, column, item)
            box = QSpinBox()
            box.setRange(0, MAX_COUNT)
            box.setValue(g.stock or 0)
            box.setAlignment(RIGHT)
            box.valueChanged.connect(self._show_differences)
            self.table.setCellWidget(row, 3, box)
        self._show_differences()
        past = past_stocktakes(self.ctx.ledger, self.ctx.village_id, PAST_LIMIT)
        fill_table(self.past, [self._past_row(t) for t in past])

    def counted(self, row: int) -> int:
        box = self.table.cellWidget(row, 3)
        assert isinstance(box, QSpinBox)
        return box.value()

    def set_counted(self, name: str, count: int) -> None:
        """Type a count for the good called ``name`` (for tests and scripts)."""
        row = next(i for i, g in enumerate(self.goods) if g.name == name)
        box = self.table.cellWidget(row, 3)
        assert isinstance(box, QSpinBox)
        box.setValue(count)

    def differences(self) -> list[tuple[GoodsInfo, int]]:
        return [
            (g, self.counted(row) - (g.stock or 0))
            for row, g in enumerate(self.goods)
            if self.counted(row) != g.stock
        ]

    def _show_differences(self) -> None:
        for row, g in enumerate(self.goods):
            change = self.counted(row) - (g.stock or 0)
            item = QTableWidgetItem(f"{change:+d}" if change else "")
            item.setTextAlignment(RIGHT)
            item.setForeground(QBrush(DIFFERS))
            self.table.setItem(row, 4, item)
        self.summary.setText(
            self.tr("共 {0} 种商品，{1} 种与账面不符。").format(
                len(self.goods), len(self.differences())
            )
        )

    def submit(self) -> None:
        differ = self.differences()
        listed = "、".join(f"{g.name}{d:+d}" for g, d in differ) or self.tr("全部账实相符")
        if not messages.confirm(
            self,
            self.tr("提交盘点"),
            self.tr(
                "盘点 {0} 种商品，{1} 种与账面不符：{2}。\n提交后按实点数量调整库存，不能撤销。"
            ).format(len(self.goods), len(differ), listed),
        ):
            return
        counts = {g.id: self.counted(row) for row, g in enumerate(self.goods)}
        try:
            op = self.ctx.ledger.store.stocktake(
                self.ctx.village_id, counts, on=date_of(self.day), note=self.note.text()
            )
        except DomainError as error:
            messages.show_error(self, error)
            return
        self.ctx.apply(op)
        self.note.clear()
        self.message.setStyleSheet(DONE_STYLE)
        self.message.setText(
            self.tr("已提交盘点：{0} 种商品，{1} 种有差异，库存已按实点数量调整。").format(
                len(counts), len(differ)
            )
        )
