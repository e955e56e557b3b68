"""What the forms are built of: a field with its red error line underneath, a date box and the
date in it (one Tab stop, see ``DateBox``), and the colours of a done message and of grey
hints."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QBoxLayout,
    QDateEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .type_size import follow, px, styled

DONE_STYLE = "color: #1b5e20; font-weight: bold;"
GREY = "#777777"
OWN_MINIMUM = "jifen_own_minimum_width"


def with_error_line(content: QWidget | QLayout, error: QLabel) -> QWidget:
    """A field (a widget, or a layout of widgets) with its red error line underneath."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    _add(column, content)
    column.addWidget(error)
    return box


def _add(layout: QBoxLayout, part: QWidget | QLayout) -> None:
    """A widget or a layout of widgets, next in ``layout``."""
    if isinstance(part, QLayout):
        layout.addLayout(part)
    else:
        layout.addWidget(part)


class DateBox(QDateEdit):
    """A date box that Tab and Shift+Tab leave at once, as any other field. Qt's date box
    steps Tab through year, month and day, so a form's date swallowed three Tabs; typing moves
    on by itself (``20261105``, or ``2026-11-5``) and ← → move between the parts."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt override
        return QAbstractSpinBox.focusNextPrevChild(self, next)


def date_edit(value: dt.date | None = None) -> QDateEdit:
    """A yyyy-MM-dd date box with a calendar, showing ``value`` (today when None)."""
    edit = DateBox()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    value = value or dt.date.today()
    edit.setDate(QDate(value.year, value.month, value.day))
    return edit


def qdate(value: dt.date) -> QDate:
    """A Python date as Qt's."""
    return QDate(value.year, value.month, value.day)


def up_to_today(edit: QDateEdit) -> QDateEdit:
    """No day after today (the program's clock, as the model's: not Qt's own)."""
    edit.setMaximumDate(qdate(dt.date.today()))
    return edit


def date_of(edit: QDateEdit) -> dt.date:
    """The date in a date box."""
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


def main_button(button: QPushButton, vertical: int, horizontal: int) -> QPushButton:
    """The page's main action in bold with room around its text (scaled with the type)."""
    styled(button, lambda: f"font-weight: bold; padding: {px(vertical)}px {px(horizontal)}px;")
    return button


def fit_placeholder(edit: QLineEdit) -> QLineEdit:
    """A line box at least as wide as its grey example text, at every type size."""
    follow(edit, lambda: _fit_placeholder(edit))
    return edit


def fit_placeholders(root: QWidget) -> None:
    """Every line box under ``root`` at least as wide as its example text, now (a dialog,
    on being shown: the type size does not change while it is open)."""
    for edit in root.findChildren(QLineEdit):
        if edit.placeholderText():
            _fit_placeholder(edit)


def _fit_placeholder(edit: QLineEdit) -> None:
    needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + _room_around(edit)
    if edit.property(OWN_MINIMUM) is None:  # a minimum the code set stays the least
        edit.setProperty(OWN_MINIMUM, edit.minimumWidth())
    edit.setMinimumWidth(max(int(edit.property(OWN_MINIMUM)), needed))


def _room_around(edit: QLineEdit) -> int:
    """A line box's width besides its text: frame and margins, and its clear button."""
    metrics = edit.fontMetrics()
    room = 2 * metrics.averageCharWidth() + px(8)
    if edit.isClearButtonEnabled():
        room += metrics.height() + px(8)
    return room


def hint(text: str) -> QLabel:
    """A grey explanation under or beside a choice or a field."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {GREY};")
    return label


def row(*parts: QWidget | None) -> QHBoxLayout:
    """Widgets side by side; None is a stretch."""
    layout = QHBoxLayout()
    for part in parts:
        if part is None:
            layout.addStretch(1)
        else:
            layout.addWidget(part)
    return layout


def column(*parts: QWidget | QLayout) -> QWidget:
    """A panel of widgets and rows, one under the other."""
    panel = QWidget()
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        _add(layout, part)
    return panel


def boxed(title: str, *widgets: QWidget) -> QGroupBox:
    """Widgets one under the other in a titled frame."""
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    for widget in widgets:
        layout.addWidget(widget)
    return box


def ask_save_path(parent: QWidget, title: str, name: str, kinds: str) -> Path | None:
    """The save dialog, starting in the user's Documents with ``name``; None when cancelled.
    ``kinds`` is the filter, e.g. ``Excel 表格 (*.xlsx)``."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / name), kinds)
    return Path(chosen) if chosen else None
