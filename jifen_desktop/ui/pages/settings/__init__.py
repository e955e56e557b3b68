"""设置: the village's set-up in tabs, one module each. An admin sees every tab (village and
balance policy, grids and their recorders, operators, the rule catalog, honour grades,
backups); every operator sees the display and own-account tab. Each tab is a ``Page`` of its
own, so it refreshes only for what it shows and only when it is on screen.

A tab is built when it is first shown (issue 19, memory on the old laptop), and its module
loaded then (``LazyPage``): building all seven at once cost some 23 MB on the big village
although most visits to 设置 look at one tab. ``sections`` lists every tab offered; reading one
from it builds it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from jifen_desktop.ui.context import AppContext

from ..base import Page
from ..lazy import LazyPage

SectionClass = type[Page] | LazyPage  # a tab's class, or where to load it from


def _section(key: str, title_text: str, module: str, name: str) -> LazyPage:
    """An admin's tab of 设置 in ``settings/<module>.py``, not loaded yet."""
    return LazyPage(key, title_text, f"settings.{module}", name, ("admin",))


SECTIONS: tuple[LazyPage, ...] = (
    _section("village", "村信息与积分政策", "village", "VillageSection"),
    _section("grids", "网格与网格员", "grids", "GridsSection"),
    _section("operators", "操作员", "operators", "OperatorsSection"),
    _section("rules", "积分细则", "rules", "RulesSection"),
    _section("grades", "评星定级", "grades", "GradesSection"),
    _section("backup", "备份与恢复", "backup", "BackupSection"),
    LazyPage("account", "显示与账号", "settings.account", "AccountSection"),
)


def section_classes() -> Sequence[SectionClass]:
    return SECTIONS


class Sections(Mapping[str, Page]):
    """The tabs offered, by key, in order; a tab is built (into its holder) when read."""

    def __init__(self, ctx: AppContext, offered: list[SectionClass]) -> None:
        self._ctx = ctx
        self._classes = {cls.key: cls for cls in offered}
        self.holders = {key: _holder() for key in self._classes}
        self._built: dict[str, Page] = {}

    def __getitem__(self, key: str) -> Page:
        section = self._built.get(key)
        if section is None:
            section = self._classes[key](self._ctx)
            self._built[key] = section
            layout = self.holders[key].layout()
            assert layout is not None
            layout.addWidget(section)
            section.show()  # at once, if its tab is on screen (else when it is)
        return section

    def __iter__(self) -> Iterator[str]:
        return iter(self._classes)

    def __len__(self) -> int:
        return len(self._classes)

    def built(self) -> list[str]:
        """The keys of the tabs built so far."""
        return list(self._built)


def _holder() -> QWidget:
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    return holder


class SettingsPage(Page):
    key = "settings"
    title_text = "设置"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        offered = [cls for cls in self.section_classes() if ctx.actor.role in cls.roles]
        self.sections = Sections(ctx, offered)
        self.tabs = QTabWidget()
        for cls in offered:
            self.tabs.addTab(self.sections.holders[cls.key], cls.title())
        self.tabs.currentChanged.connect(self._build_current)
        self._build_current(self.tabs.currentIndex())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    @staticmethod
    def section_classes() -> Sequence[SectionClass]:
        """The tabs offered (each shown only to the roles it names)."""
        return section_classes()

    def _build_current(self, index: int) -> None:
        if index >= 0:
            self.sections[list(self.sections)[index]]

    def section(self, key: str) -> Page:
        """Show the tab with ``key`` and return it."""
        section = self.sections[key]
        self.tabs.setCurrentWidget(self.sections.holders[key])
        return section
