"""What every page shares: its title, which kinds of data it shows (``shows``), and refreshing
only when one of those changed, and only when it is on screen (else on the next show)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from jifen_desktop.model.tx import Change
from jifen_desktop.ui.context import AppContext


class Page(QWidget):
    key = "page"
    shows: Change = Change.NONE
    roles: tuple[str, ...] = ("admin", "reviewer", "recorder", "viewer")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._dirty = True
        ctx.changed.connect(self._on_changed)

    title_text = ""  # the page's name in the navigation bar (Chinese, translatable)

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate(cls.__name__, cls.title_text)

    def refresh(self) -> None:
        """Reload what the page shows from the services."""

    def _on_changed(self, changes: Change) -> None:
        if not changes & self.shows:
            return
        if self.isVisible():
            self.refresh()
            self._dirty = False
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        if self._dirty:
            self.refresh()
            self._dirty = False
        super().showEvent(event)
