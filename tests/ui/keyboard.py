"""Typing into widgets in tests as a user does: ASCII as key presses, Chinese the way a pinyin
input method delivers it, as one committed string (``qtbot.keyClicks`` cannot type Chinese)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def replace_text(qtbot, widget: QWidget, text: str) -> None:
    """Select everything in a line edit, delete it and type ``text`` (nothing when empty)."""
    widget.setFocus()
    widget.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    type_text(qtbot, widget, text)
