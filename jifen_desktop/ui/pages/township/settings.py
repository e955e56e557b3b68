"""设置 of a township database: 备份与恢复 (for its admins: the township's database, with every
village's imported data, is as precious as a village's ledger) and 显示与账号 (type size, the PDF
font, one's own password). The village's tabs (村信息, 网格, 操作员, 积分细则, 评星定级) belong
to each village's computer."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from jifen_desktop.ui.context import AppContext

from ..base import Page
from ..settings import SettingsPage
from ..settings.account import AccountSection
from ..settings.backup import BackupSection


class TownshipSettingsPage(SettingsPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.account = self.sections[AccountSection.key]

    @staticmethod
    def section_classes() -> list[type[Page]]:
        return [BackupSection, AccountSection]
