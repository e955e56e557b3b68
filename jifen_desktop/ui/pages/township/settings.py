"""设置 of a township database: only 显示与账号 (type size, the PDF font, one's own password);
the village's tabs (村信息, 网格, 操作员, 积分细则, 评星定级) belong to each village's computer."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from jifen_desktop.ui.context import AppContext

from ..base import Page
from ..settings.account import AccountSection


class TownshipSettingsPage(Page):
    key = "settings"
    title_text = "设置"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.account = AccountSection(ctx)
        tabs = QTabWidget()
        tabs.addTab(self.account, self.account.title())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(tabs)
