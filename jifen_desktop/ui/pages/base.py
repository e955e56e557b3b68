"""What every page shares: its title, which kinds of data it shows (``shows``), refreshing
only when one of those changed, and only when it is on screen (else on the next show), and
where the keys go when the page is opened from the left bar (``focus_first``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QWidget

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

    def focus_first(self) -> None:
        """The page was opened from the left bar: put the keys where work on it goes on, the
        field the page last had the focus in, or else its first line box (积分录入: the
        household), so that typing lands there. A page with neither leaves the focus in the
        bar. A page may override this."""
        target = self.focusWidget() or self.first_field()
        if target is not None and target.isVisible() and target.isEnabled():
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def first_field(self) -> QWidget | None:
        """The first line box in the page's Tab order that takes typing (not the inside of a
        number or date box: typing there would change a year or a figure)."""
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self:
            if (
                isinstance(widget, QLineEdit)
                and self.isAncestorOf(widget)
                and widget.isVisible()
                and widget.isEnabled()
                and not widget.isReadOnly()
                and not isinstance(widget.parentWidget(), QAbstractSpinBox)
            ):
                return widget
            widget = widget.nextInFocusChain()
        return None

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
