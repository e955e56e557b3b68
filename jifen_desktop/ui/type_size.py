"""One type size for the whole program (设置 › 显示与账号: 标准, 大, 特大): the application font
and one scale for everything measured in pixels (spacing, widths, check box and radio button
indicators, row heights, chart text). Switching the size applies to every open widget at once
and back again, without a restart.

Why the care: Qt freezes the font of a widget that has a style sheet when it is polished, so
``QApplication.setFont`` alone leaves coloured labels and bold buttons at the old size; and a
widget given an explicit font keeps it. So widgets never get an explicit font here: a larger
font is a *factor* of the application font (``relative_font``), recomputed on a change; every
widget's style sheet is set again after the font, and sheets and sizes that depend on the
scale are made by a function that is called again on each change (``follow``, ``styled``).

So, in a new widget: no ``setFont`` with a size and no ``font-size`` in a style sheet (use
``relative_font``); pixel sizes as ``px(n)`` inside ``follow``; tables through
``tables.read_only_rows`` with ``fit_to_contents`` or ``size_from_samples`` (key columns are
never the stretching one; a long name in a narrow box through ``tables.wrap_column``); a row
of fields and buttons as ``flow_layout.tool_bar``; a line box with an example text through
``forms.fit_placeholder``; a form as a ``FormDialog`` (its error lines keep their room, it
grows up to the screen and scrolls beyond). tests/ui/test_layout_*.py check every page, tab
and dialog at the three sizes, on 1366×768 and on 1920×1080 at 125 %; a new dialog class
that they do not open fails test_layout_coverage.py."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

BASE_POINT_SIZE = 11
FONT_SCALES = {"normal": 1.0, "large": 1.25, "larger": 1.5}
SETTING = "ui/font_scale"
FACTOR_PROPERTY = "jifen_font_factor"
BOLD_PROPERTY = "jifen_font_bold"

_current = {"scale": 1.0}


class _Notifier(QObject):
    changed = Signal()


_notifier: _Notifier | None = None


def notifier() -> _Notifier:
    """The object whose ``changed`` signal says the type size was switched."""
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
    return _notifier


def scale() -> float:
    """The current size as a factor of 标准 (1.0, 1.25 or 1.5)."""
    return _current["scale"]


def point_size() -> float:
    """The application font's point size at the current type size."""
    return BASE_POINT_SIZE * scale()


def px(n: float) -> int:
    """``n`` pixels at 标准, scaled to the current type size."""
    return round(n * scale())


def saved_key() -> str:
    """The remembered size ("normal", "large" or "larger")."""
    key = str(QSettings().value(SETTING, "normal"))
    return key if key in FONT_SCALES else "normal"


def application_sheet() -> str:
    """What every widget shares: check box and radio button indicators, and the icons on
    buttons (保存, 取消 in dialogs), as big as the text."""
    box, icon = px(15), px(16)
    return (
        f"QCheckBox::indicator, QRadioButton::indicator, QGroupBox::indicator,"
        f" QTableView::indicator, QListView::indicator {{ width: {box}px; height: {box}px; }}"
        f" QAbstractButton {{ icon-size: {icon}px; }}"
    )


def apply(app: QApplication, key: str) -> None:
    """Switch every widget to the size ``key``; unknown keys mean 标准."""
    _current["scale"] = FONT_SCALES.get(key, 1.0)
    font = QFont(app.font())
    font.setPointSizeF(point_size())
    app.setFont(font)
    # The font change reaches the widgets as posted events; the new sheet re-polishes every
    # widget and must come after them. Only those: other posted work (a queued call) waits.
    app.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
    app.setStyleSheet(application_sheet())
    for widget in QApplication.allWidgets():
        _refresh(widget)
    notifier().changed.emit()


def _refresh(widget: QWidget) -> None:
    factor = widget.property(FACTOR_PROPERTY)
    if factor:
        widget.setFont(_font(float(factor), bool(widget.property(BOLD_PROPERTY))))
    sheet = widget.styleSheet()
    if sheet:  # set again so that Qt takes the new application font (see the docstring)
        widget.setStyleSheet("")
        widget.setStyleSheet(sheet)


def _font(factor: float, bold: bool) -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(point_size() * factor)
    font.setBold(bold)
    return font


def relative_font(widget: QWidget, factor: float, bold: bool = True) -> QWidget:
    """Give ``widget`` type ``factor`` times the application's, now and after each switch."""
    widget.setProperty(FACTOR_PROPERTY, factor)
    widget.setProperty(BOLD_PROPERTY, bold)
    widget.setFont(_font(factor, bold))
    return widget


class _Follower(QObject):
    """Calls ``action`` on each switch for as long as its widget (its parent) lives."""

    def __init__(self, widget: QWidget, action: Callable[[], None]) -> None:
        super().__init__(widget)
        self.action = action
        notifier().changed.connect(self.run)

    def run(self) -> None:
        self.action()


def follow(widget: QWidget, action: Callable[[], None]) -> None:
    """Run ``action`` now and again after each switch of the type size (sizes in ``px``)."""
    action()
    _Follower(widget, action)


def styled(widget: QWidget, make_sheet: Callable[[], str]) -> None:
    """A style sheet with sizes in ``px``, made again after each switch."""
    follow(widget, lambda: widget.setStyleSheet(make_sheet()))
