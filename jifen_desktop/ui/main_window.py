"""The main window: a navigation bar of pages, the pages themselves (built when first shown),
and a status bar with the village, the operator, where the quarter's publication stands (with
open objections) and the pending entries (with those overdue for review); for a township
database, its own pages and how many villages it holds. A page may ask for another page
(``ctx.open_page``); one that offers ``show_item`` is then given what to show.
Remembers its size, position and last page."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.tx import ROLE_NAMES, Change

from . import remembered
from .chafen import chafen_button
from .context import AppContext
from .pages import page_classes
from .pages.base import Page
from .type_size import follow, px, relative_font, styled

NAV_FONT_FACTOR = 16 / 14.5  # the page names a little larger than the text (16 px at 标准)


def scrolling(page: Page) -> QScrollArea:
    """The page filling the window, or scrolling when it needs more room than there is (large
    type on a small screen) rather than squeezing its text."""
    area = QScrollArea()
    area.setObjectName(f"scroll_{page.key}")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, settings: QSettings | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.settings = settings or QSettings()
        self.setWindowTitle(self.tr("积分台账 — {0}").format(ctx.village.name))
        self.classes = [c for c in page_classes(ctx.ledger.mode) if ctx.actor.role in c.roles]
        self.pages: dict[str, Page] = {}
        self.areas: dict[str, QScrollArea] = {}  # each page in the scroll area that holds it
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        relative_font(self.nav, NAV_FONT_FACTOR, bold=False)
        styled(self.nav, lambda: f"QListWidget#nav::item {{ padding: {px(10)}px {px(8)}px; }}")
        for cls in self.classes:
            item = QListWidgetItem(cls.title())
            item.setData(Qt.ItemDataRole.UserRole, cls.key)
            self.nav.addItem(item)
        follow(self.nav, self._fit_nav)
        self.stack = QStackedWidget()
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        left = QVBoxLayout()  # the pages, and 查分 for villagers under them (not a township's)
        left.addWidget(self.nav, 1)
        if not ctx.township:
            left.addWidget(chafen_button(ctx, self))
        layout.addLayout(left)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.status_village = QLabel()
        self.status_operator = QLabel()
        self.status_quarter = QLabel()
        self.status_pending = QLabel()
        for label in (
            self.status_village,
            self.status_operator,
            self.status_quarter,
            self.status_pending,
        ):
            self.statusBar().addPermanentWidget(label)
        self.nav.currentRowChanged.connect(self.show_page)
        self.nav.itemClicked.connect(self._enter_page)  # a click or Enter: the keys go along
        self.nav.itemActivated.connect(self._enter_page)
        ctx.changed.connect(self._on_changed)
        ctx.navigate.connect(self._navigate)
        self.update_status()
        self.setMinimumSize(1024, 600)
        self._restore()

    def _fit_nav(self) -> None:
        """The left bar as wide as its longest page name at the current type size."""
        metrics = self.nav.fontMetrics()
        widest = max((metrics.horizontalAdvance(c.title()) for c in self.classes), default=0)
        frame = 2 * self.nav.frameWidth()
        self.nav.setFixedWidth(widest + 2 * px(8) + frame + px(16))

    def show_page(self, row: int) -> None:
        if row < 0:
            return
        cls = self.classes[row]
        if cls.key not in self.pages:
            page = cls(self.ctx)
            self.pages[cls.key] = page
            self.areas[cls.key] = scrolling(page)
            self.stack.addWidget(self.areas[cls.key])
        self.stack.setCurrentWidget(self.areas[cls.key])
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)

    def _enter_page(self) -> None:
        if (page := self.current_page()) is not None:
            page.focus_first()

    def current_page(self) -> Page | None:
        area = self.stack.currentWidget()
        page = area.widget() if isinstance(area, QScrollArea) else None
        return page if isinstance(page, Page) else None

    def page(self, key: str) -> Page:
        """Show the page with ``key`` and return it."""
        row = next(i for i, c in enumerate(self.classes) if c.key == key)
        self.show_page(row)
        return self.pages[key]

    def _navigate(self, key: str, what: object) -> None:
        page = self.page(key)
        show_item = getattr(page, "show_item", None)
        if what is not None and show_item is not None:
            show_item(what)

    def update_status(self) -> None:
        ctx = self.ctx
        if ctx.township:
            self._township_status()
            return
        calendar = ctx.calendar()
        pending = ctx.ledger.entries.count(ctx.village_id, "pending")
        # Short, so that the publication and the pending entries keep their room at 特大;
        # the village code and what the names are in the tooltips.
        self.status_village.setText(ctx.village.name)
        self.status_village.setToolTip(
            self.tr("{0}（{1}）").format(ctx.village.name, ctx.village.code)
        )
        self.status_operator.setText(
            self.tr("{0}（{1}）").format(
                ctx.actor.display_name, self.tr(ROLE_NAMES.get(ctx.actor.role, ctx.actor.role))
            )
        )
        self.status_operator.setToolTip(self.tr("当前操作员"))
        self.status_quarter.setText(
            self.tr("公示：{0}").format(
                "；".join(q.describe(calendar.today) for q in calendar.quarters_open)
            )
        )
        text = self.tr("待审核：{0} 条").format(pending)
        if calendar.overdue_entries:
            text += self.tr("（逾期 {0} 条）").format(calendar.overdue_entries)
        self.status_pending.setText(text)

    def _township_status(self) -> None:
        ctx = self.ctx
        self.status_village.setText(
            self.tr("{0}（{1}）乡镇汇总库").format(ctx.village.name, ctx.village.code)
        )
        self.status_operator.setText(self.tr("操作员：{0}").format(ctx.actor.display_name))
        self.status_quarter.setText(
            self.tr("已汇总 {0} 个村").format(len(ctx.ledger.villages.list()))
        )
        self.status_pending.hide()

    def _on_changed(self, changes: Change) -> None:
        if changes & (Change.ENTRIES | Change.VILLAGE | Change.CALENDAR):
            self.update_status()

    @property
    def _page_key(self) -> str:
        """The last page is the operator's in this data folder (see ``remembered``)."""
        return remembered.page_key(self.ctx.ledger.folder, self.ctx.actor.username)

    def _restore(self) -> None:
        geometry = self.settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1366, 740)
        last = self.settings.value(self._page_key, "")
        keys = [c.key for c in self.classes]
        self.show_page(keys.index(last) if last in keys else 0)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.settings.setValue("main/geometry", self.saveGeometry())
        current = self.nav.currentRow()
        if current >= 0:
            self.settings.setValue(self._page_key, self.classes[current].key)
        super().closeEvent(event)
