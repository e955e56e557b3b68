"""The bar over the pending entries: 网格, 类别 and a search line (household number, name or
pinyin initials, item, recorder), and how many rows show. ``changed`` fires when the choice
changes (the typed text after a short pause); ``chosen()`` turns it into a ``PendingFilter``."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from jifen_desktop.ui.context import AppContext

from .pending_model import PendingFilter

SEARCH_DELAY_MS = 150


class FilterBar(QWidget):
    changed = Signal()
    entered = Signal()  # Enter in the search line: the clerk goes on to the table

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.grid = QComboBox()
        self.grid.addItem(self.tr("全部网格"), None)
        for g in ctx.ledger.villages.grids(ctx.village_id):
            self.grid.addItem(g.name, g.id)
        self.category = QComboBox()
        self.category.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.category.addItem(self.tr("全部类别"), None)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("户号、姓名或拼音首字母、细则、录入人"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for label, combo in ((self.tr("网格"), self.grid), (self.tr("类别"), self.category)):
            layout.addWidget(QLabel(label))
            layout.addWidget(combo)
            layout.addSpacing(8)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.count)
        self.search.textChanged.connect(self._timer.start)
        self.search.returnPressed.connect(self.entered)
        self._timer.timeout.connect(self.changed)
        self.grid.currentIndexChanged.connect(self.changed)
        self.category.currentIndexChanged.connect(self.changed)

    def chosen(self) -> PendingFilter:
        """The filter as chosen now: the grid's households and the households whose names or
        pinyin match the text come from the services."""
        self._timer.stop()
        households, village = self.ctx.ledger.households, self.ctx.village_id
        grid_id, text = self.grid.currentData(), self.search.text().strip()
        in_grid = households.list(village, grid_id=grid_id) if grid_id else None
        return PendingFilter(
            frozenset(h.id for h in in_grid) if in_grid is not None else None,
            self.category.currentData(),
            text.upper(),
            frozenset(households.matching_ids(village, text)) if text else frozenset(),
        )

    def set_categories(self, names: Iterable[str]) -> None:
        """The categories to choose from (the chosen one stays, even when none is left)."""
        chosen = self.category.currentData()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(self.tr("全部类别"), None)
        for name in sorted({*names, *([chosen] if chosen else [])}):
            self.category.addItem(name, name)
        self.category.setCurrentIndex(max(0, self.category.findData(chosen)))
        self.category.blockSignals(False)

    def show_count(self, shown: int, total: int) -> None:
        self.count.setText(
            self.tr("共 {0} 条").format(total)
            if shown == total
            else self.tr("筛选出 {0} 条（共 {1} 条）").format(shown, total)
        )
