"""各村台账: one village of the township, seen through the village's own pages (概况, 农户,
审核, 公示, 积分超市, 排名与统计) with a viewer's context (``viewer``), so that nothing can be
changed here. Choosing another village builds its pages afresh."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.tx import Change
from jifen_desktop.model.villages import VillageInfo
from jifen_desktop.sync import SyncService
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.type_size import px

from .. import LazyPage, page_classes
from ..base import Page
from ..sync.texts import when
from .viewer import VIEWER, viewer_context

SHOWN_PAGES = ("home", "households", "review", "publication", "store", "rankings")
TAB_TITLES = {"home": "概况"}
NOTE_STYLE = (
    "QLabel#read_only { background: #fff8e1; border: 1px solid #e0c068; border-radius: 4px;"
    " padding: 6px; }"
)


class VillageViewPage(Page):
    key = "village_view"
    title_text = "各村台账"
    shows = Change.VILLAGE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.view: AppContext | None = None
        self.pages: dict[str, Page] = {}
        self.village = QComboBox()
        self.village.setObjectName("village")
        self.village.currentIndexChanged.connect(self._on_village)
        self.note = QLabel()
        self.note.setObjectName("read_only")
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.setWordWrap(True)
        self.tabs = QTabWidget()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("村")))
        bar.addWidget(self.village)
        bar.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)

    def refresh(self) -> None:
        chosen = self.village.currentData()
        self.village.blockSignals(True)
        self._fill_villages(chosen)
        self._fit_villages()
        self.village.blockSignals(False)
        self._on_village()

    def _fill_villages(self, chosen: object) -> None:
        """Every village the bundles brought, the one ``chosen`` before still picked."""
        self.village.clear()
        for v in self.ctx.ledger.villages.list():
            self.village.addItem(f"{v.name}（{v.code}）", v.id)
        self.village.setCurrentIndex(max(0, self.village.findData(chosen)))

    def _fit_villages(self) -> None:
        """As wide as the longest village's name and code, with room for the arrow."""
        metrics = self.village.fontMetrics()
        texts = [self.village.itemText(i) for i in range(self.village.count())]
        widest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
        self.village.setMinimumWidth(widest + 2 * metrics.height() + px(8))

    def show_item(self, what: object) -> None:
        """Show the village with id ``what`` (from 村庄总览)."""
        if self._dirty:
            self.refresh()
            self._dirty = False
        index = self.village.findData(what)
        if index >= 0:
            self.village.setCurrentIndex(index)

    def _on_village(self) -> None:
        village_id = self.village.currentData()
        if village_id is None:
            self._clear()
            self.note.setText(
                self.tr("还没有导入任何村的同步包。请到“同步”页导入各村带来的同步包。")
            )
            return
        if self.view is None or self.view.village_id != village_id:
            self._build(self.ctx.ledger.villages.get(village_id))
        self.note.setText(self._note_text())

    def _note_text(self) -> str:
        assert self.view is not None
        village = self.view.village
        last = next(
            (
                p.last_bundle_at
                for p in SyncService(self.ctx.ledger).peers()
                if p.code == village.code
            ),
            None,
        )
        return self.tr(
            "只读：这是{0}用同步包带来的数据（最后一次同步包 {1}）。"
            "要修改请在村里的电脑上改，再导出同步包带来。"
        ).format(village.name, when(last))

    def _build(self, village: VillageInfo) -> None:
        current = self.tabs.currentIndex()  # the same tab for the next village
        self._clear()
        view = self.view = viewer_context(self.ctx, village, self)
        for cls in _shown_pages():
            page = self.pages[cls.key] = cls(view)
            self.tabs.addTab(page, self.tr(TAB_TITLES.get(cls.key, "")) or cls.title())
        self.tabs.setCurrentIndex(max(0, current))

    def _clear(self) -> None:
        self.tabs.clear()
        for page in self.pages.values():
            page.deleteLater()
        self.pages = {}
        if self.view is not None:
            self.view.deleteLater()
            self.view = None


def _shown_pages() -> list[LazyPage]:
    """The village's pages a township shows read-only, as tabs."""
    return [
        cls for cls in page_classes("village") if cls.key in SHOWN_PAGES and VIEWER in cls.roles
    ]
