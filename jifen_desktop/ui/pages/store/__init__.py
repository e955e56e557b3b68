"""积分超市: the store in tabs, one module each. 兑换 (the redemption cart) for whoever may redeem,
兑换记录 (the list, with returns for the committee), 商品与库存 and 盘点 for the committee only,
统计 for everyone. Each tab is a ``Page`` of its own, so it refreshes only for what it shows and
only when it is on screen."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from jifen_desktop.ui.context import AppContext

from ..base import Page


def store_tabs() -> list[type[Page]]:
    from .cart import CartSection
    from .figures import FiguresSection
    from .goods import GoodsSection
    from .records import RecordsSection
    from .stocktake import StocktakeSection

    return [CartSection, RecordsSection, GoodsSection, StocktakeSection, FiguresSection]


class StorePage(Page):
    key = "store"
    title_text = "积分超市"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.tabs = QTabWidget()
        self.sections: dict[str, Page] = {
            cls.key: cls(ctx) for cls in store_tabs() if ctx.actor.role in cls.roles
        }
        for tab in self.sections.values():
            self.tabs.addTab(tab, tab.title())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def section(self, key: str) -> Page:
        """Show the tab with ``key`` and return it."""
        self.tabs.setCurrentWidget(self.sections[key])
        return self.sections[key]
