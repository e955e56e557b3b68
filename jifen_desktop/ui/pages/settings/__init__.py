"""设置: the village's set-up in tabs, one module each. An admin sees every tab (village and
balance policy, grids and their recorders, operators, the rule catalog, honour grades,
backups); every operator sees the display and own-account tab. Each tab is a ``Page`` of its
own, so it refreshes only for what it shows and only when it is on screen."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from jifen_desktop.ui.context import AppContext

from ..base import Page


def section_classes() -> list[type[Page]]:
    from .account import AccountSection
    from .backup import BackupSection
    from .grades import GradesSection
    from .grids import GridsSection
    from .operators import OperatorsSection
    from .rules import RulesSection
    from .village import VillageSection

    return [
        VillageSection,
        GridsSection,
        OperatorsSection,
        RulesSection,
        GradesSection,
        BackupSection,
        AccountSection,
    ]


class SettingsPage(Page):
    key = "settings"
    title_text = "设置"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.tabs = QTabWidget()
        self.sections: dict[str, Page] = {}
        for cls in self.section_classes():
            if ctx.actor.role in cls.roles:
                section = cls(ctx)
                self.sections[cls.key] = section
                self.tabs.addTab(section, cls.title())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    @staticmethod
    def section_classes() -> list[type[Page]]:
        """The tabs offered (each shown only to the roles it names)."""
        return section_classes()

    def section(self, key: str) -> Page:
        """Show the tab with ``key`` and return it."""
        section = self.sections[key]
        self.tabs.setCurrentWidget(section)
        return section
