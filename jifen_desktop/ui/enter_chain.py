"""Keyboard-first forms: Enter moves on to the next field that takes input, Enter on the last
field (or Ctrl+Enter anywhere in the form) submits. A type-ahead field picks on Enter itself and
then says ``confirmed`` (its form calls ``advance``); an open drop-down keeps its Enter."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from jifen_desktop.ui.completers import ENTER_KEYS, TypeAheadEdit


def takes_input(widget: QWidget) -> bool:
    """Enabled, and not a line edit that only shows a value (e.g. a fixed rule's points)."""
    return widget.isEnabled() and not (isinstance(widget, QLineEdit) and widget.isReadOnly())


class EnterChain(QObject):
    """Watches the Enter key in ``fields`` (in order) of ``form`` and calls ``submit`` at the end."""

    def __init__(
        self, form: QWidget, fields: Sequence[QWidget], submit: Callable[[], None]
    ) -> None:
        super().__init__(form)
        self.fields = list(fields)
        self.submit = submit
        for widget in self.fields:
            widget.installEventFilter(self)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), form)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(submit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        if event.key() not in ENTER_KEYS or not isinstance(watched, QWidget):
            return super().eventFilter(watched, event)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.submit()
            return True
        if isinstance(watched, TypeAheadEdit):
            return False  # it picks, then says ``confirmed``
        if isinstance(watched, QComboBox) and watched.view().isVisible():
            return False
        self.advance(watched)
        return True

    def advance(self, widget: QWidget) -> None:
        """Enter: on to the next field that takes input; on the last one, submit."""
        if widget is self.fields[-1]:
            self.submit()
            return
        for following in self.fields[self.fields.index(widget) + 1 :]:
            if takes_input(following):
                following.setFocus()
                if isinstance(following, QLineEdit):
                    following.selectAll()
                return
