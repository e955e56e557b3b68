"""同步: this computer's identity and key fingerprint on top, and the work in tabs below:
导出同步包, 导入同步包, 冲突与待处理, 密钥. Each tab is a ``Page`` of its own, so it refreshes
only for what it shows and only when it is on screen."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from jifen_desktop.model.authz import ADMIN_ROLES
from jifen_desktop.ui.context import AppContext

from ..base import Page
from .conflicts import ConflictsSection
from .export_section import ExportSection
from .identity import IdentityBox
from .import_section import ImportSection
from .keys_section import KeysSection


class SyncPage(Page):
    key = "sync"
    title_text = "同步"
    roles = ADMIN_ROLES

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.identity = IdentityBox(ctx)
        self.export = ExportSection(ctx)
        self.imports = ImportSection(ctx)
        self.conflicts = ConflictsSection(ctx)
        self.keys = KeysSection(ctx)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sync_tabs")
        for section in (self.export, self.imports, self.conflicts, self.keys):
            self.tabs.addTab(section, section.title())
        layout = QVBoxLayout(self)
        layout.addWidget(self.identity)
        layout.addWidget(self.tabs, 1)

    def show_section(self, section: Page) -> Page:
        self.tabs.setCurrentWidget(section)
        return section
