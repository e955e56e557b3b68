"""What a user at 标准, 大 or 特大 on a 1366×768 laptop (or the screen ``screen_size`` names)
would find cut, for the layout check (test_layout_sizes.py): single-line text wider than its label, button, group box title, combo
box, placeholder or tab; wrapped text taller than its label; a key table column (户号, 户主,
日期, 分值, 结果, 状态, 月份, 等级) whose header or cells are wider than the column; a widget
outside the screen; a font smaller than the type size asks for. Each problem is one line that
says where (the page or dialog and the widget) and what."""

from __future__ import annotations

import os
from collections.abc import Iterator

from PySide6.QtCore import QPoint, QRect, QSize, QThreadPool
from PySide6.QtGui import QFontMetrics, QGuiApplication, Qt  # QtGui's Qt has mightBeRichText
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QTableView,
    QTabWidget,
    QWidget,
)

from jifen_desktop.ui import type_size

# The screen the check expects: tests/conftest.py gives Qt's offscreen platform a 1366×768 one;
# test_layout_scaled.py runs the check again on 1920×1080 at 125 % and says so here.
EXPECTED_SCREEN = "JIFEN_LAYOUT_SCREEN"
LAPTOP = "1366x768@1"
TASKBAR = 40  # what a window leaves of the screen's height
KEY_HEADERS = frozenset(
    ("户号", "户", "户主", "户主/单位", "户主/单位名称", "日期", "分值", "结果", "状态", "月份")
    + ("等级",)
)
CELL_ROWS = 40  # the rows measured in each key column
BUTTON_ROOM = 8  # a push button's frame and margins around its text
CELL_ROOM = 6  # a cell's margins around its text
SLACK = 1  # rounding


def screen_size() -> QSize:
    """The screen the check runs on, in logical pixels: 1366×768, or 1536×864 for 1920×1080 at
    125 % (test_layout_scaled.py)."""
    return QGuiApplication.primaryScreen().geometry().size()


def screen_problem_of_run() -> str | None:
    """Whether Qt's screen is the one the check is meant for (``EXPECTED_SCREEN``,
    "<width>x<height>@<device pixel ratio>" in logical pixels)."""
    screen = QGuiApplication.primaryScreen()
    size = screen.geometry().size()
    found = f"{size.width()}x{size.height()}@{screen.devicePixelRatio():g}"
    expected = os.environ.get(EXPECTED_SCREEN, LAPTOP)
    return None if found == expected else f"the screen is {found}, the check expects {expected}"


def window_size() -> QSize:
    """A main window maximised on that screen, less a taskbar."""
    size = screen_size()
    return QSize(size.width(), size.height() - TASKBAR)


def shown_at_laptop_size(qtbot, window: QWidget) -> QWidget:
    """``window`` (the main window) on screen at the top left at the laptop's size, as a clerk
    sees it; closed after the test (qtbot)."""
    qtbot.addWidget(window)
    window.move(0, 0)
    window.resize(window_size())
    window.show()
    qtbot.waitExposed(window)
    return window


def settle() -> None:
    """Let background loads finish and their results reach the widgets."""
    for _ in range(3):
        QThreadPool.globalInstance().waitForDone(5000)
        QApplication.processEvents()


def describe(widget: QWidget) -> str:
    text = ""
    for getter in ("text", "title", "currentText", "placeholderText"):
        value = getattr(widget, getter, None)
        if callable(value):
            found = value()
            if isinstance(found, str) and found:
                text = found
                break
    name = f"#{widget.objectName()}" if widget.objectName() else ""
    return f"{type(widget).__name__}{name} “{text[:24]}”"


def plain(text: str) -> str:
    """A button's text as shown: "&&" is an ampersand, a lone "&" marks the shortcut."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def widest_line(metrics: QFontMetrics, text: str) -> int:
    return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)


def in_scroll_area(widget: QWidget) -> bool:
    """Inside the viewport of a scroll area: allowed to lie beyond what is shown."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return True
        parent = parent.parentWidget()
    return False


def label_problem(label: QLabel) -> str | None:
    text = label.text()
    if not text or not label.pixmap().isNull() or Qt.mightBeRichText(text):
        return None
    if label.textFormat() == Qt.TextFormat.RichText:
        return None
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + SLACK:
            return f"wrapped text needs {needed}px height, has {label.height()}"
        return None
    room = label.contentsRect().width() - 2 * label.margin() - max(label.indent(), 0)
    needed = widest_line(label.fontMetrics(), plain(text) if label.buddy() else text)
    return f"text needs {needed}px, has {room}" if needed > room + SLACK else None


def button_problem(button: QAbstractButton) -> str | None:
    text = plain(button.text())
    if not text:
        return None
    if isinstance(button, QCheckBox | QRadioButton):
        needed, room = button.sizeHint().width(), button.width()
    else:
        needed = widest_line(button.fontMetrics(), text) + BUTTON_ROOM
        if not button.icon().isNull():
            needed += button.iconSize().width() + 4
        room = button.width()
    return f"text needs {needed}px, has {room}" if needed > room + SLACK else None


def combo_problem(combo: QComboBox) -> str | None:
    text = combo.currentText()
    if not text:
        return None
    option = QStyleOptionComboBox()
    option.initFrom(combo)
    option.editable = combo.isEditable()
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox,
        option,
        QStyle.SubControl.SC_ComboBoxEditField,
        combo,
    )
    needed = combo.fontMetrics().horizontalAdvance(text)
    # Qt sizes a combo box a few pixels short of its field and clips, not elides: the last
    # glyph's side bearing (a full-width ）) is what is lost, so half a character is allowed.
    slack = combo.fontMetrics().averageCharWidth() // 2
    return (
        f"choice needs {needed}px, has {field.width()}" if needed > field.width() + slack else None
    )


def line_edit_problem(edit: QLineEdit) -> str | None:
    hint = edit.placeholderText()
    if edit.text() or not hint:
        return None
    margins = edit.textMargins()
    room = edit.contentsRect().width() - margins.left() - margins.right() - 4
    needed = edit.fontMetrics().horizontalAdvance(hint)
    return f"placeholder needs {needed}px, has {room}" if needed > room + SLACK else None


def group_problem(box: QGroupBox) -> str | None:
    if not box.title():
        return None
    needed = box.fontMetrics().horizontalAdvance(plain(box.title())) + 16
    return f"title needs {needed}px, has {box.width()}" if needed > box.width() + SLACK else None


def tab_problem(bar: QTabBar) -> str | None:
    for i in range(bar.count()):
        needed = bar.fontMetrics().horizontalAdvance(plain(bar.tabText(i)))
        if needed > bar.tabRect(i).width():
            return f"tab “{bar.tabText(i)}” needs {needed}px, has {bar.tabRect(i).width()}"
    return None


TEXT_CHECKS = (
    (QLabel, label_problem),
    (QAbstractButton, button_problem),
    (QComboBox, combo_problem),
    (QLineEdit, line_edit_problem),
    (QGroupBox, group_problem),
    (QTabBar, tab_problem),
)


def text_problem(widget: QWidget) -> str | None:
    for kind, check in TEXT_CHECKS:
        if isinstance(widget, kind):
            return check(widget)  # type: ignore[arg-type]
    return None


def table_problems(view: QTableView) -> Iterator[str]:
    """Key columns whose title or first rows' text is wider than the column."""
    model, header = view.model(), view.horizontalHeader()
    if model is None:
        return
    room_for_title = 2 * view.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin)
    for column in range(model.columnCount()):
        title = model.headerData(column, Qt.Orientation.Horizontal)
        if title not in KEY_HEADERS or view.isColumnHidden(column):
            continue
        width = header.sectionSize(column)
        needed = header.fontMetrics().horizontalAdvance(str(title)) + room_for_title
        if view.isSortingEnabled() and header.sortIndicatorSection() == column:
            needed += view.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize)
        if needed > width + SLACK:
            yield f"column {title}: title needs {needed}px, has {width}"
        for row in range(min(model.rowCount(), CELL_ROWS)):
            text = model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
            needed = view.fontMetrics().horizontalAdvance(str(text or "")) + CELL_ROOM
            if needed > width + SLACK:
                yield f"column {title}: “{text}” needs {needed}px, has {width}"
                break


def screen_problem(widget: QWidget, screen: QRect) -> str | None:
    rect = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
    if screen.contains(rect) or in_scroll_area(widget):
        return None
    return f"lies outside the screen at {rect.x()},{rect.y()} {rect.width()}×{rect.height()}"


def scroll_problem(area: QScrollArea) -> str | None:
    """A page may scroll down, but one wider than the window hides its right side."""
    wider = area.horizontalScrollBar().maximum()
    if area.widgetResizable() and wider > 0:
        return f"{area.objectName()} is {wider}px wider than the window: something will not wrap"
    return None


def factor_of(widget: QWidget) -> float:
    """The ``relative_font`` factor of the widget or the nearest parent that has one."""
    here: QWidget | None = widget
    while here is not None:
        factor = here.property(type_size.FACTOR_PROPERTY)
        if factor:
            return float(factor)
        here = here.parentWidget()
    return 1.0


def font_problem(widget: QWidget, point_size: float, exact: bool = False) -> str | None:
    """A font smaller than the type size asks for; with ``exact`` (after a switch), any other
    size than it asks for (times the widget's ``relative_font`` factor): one left behind."""
    font = widget.font()
    size = font.pointSizeF()
    if size < 0:
        return f"font set in pixels ({font.pixelSize()}px), not following the type size"
    asked = point_size * factor_of(widget)
    if size < asked - 0.05 or (exact and abs(size - asked) > 0.05):
        return f"font {size:g}pt, the type size asks for {asked:g}pt"
    return None


def problems(root: QWidget, point_size: float, exact: bool = False) -> list[str]:
    """Everything wrong on ``root`` and its visible widgets, one line each; ``root``'s top left
    corner is taken as the screen's (offscreen windows get no frame and are placed anywhere)."""
    screen = QRect(root.mapToGlobal(QPoint(0, 0)), screen_size())
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.width() <= 0:
            continue
        checks = [
            font_problem(widget, point_size, exact),
            text_problem(widget),
            screen_problem(widget, screen),
            scroll_problem(widget) if isinstance(widget, QScrollArea) else None,
        ]
        found += [f"{describe(widget)}: {p}" for p in checks if p]
        if isinstance(widget, QTableView):
            found += [f"{describe(widget)}: {p}" for p in table_problems(widget)]
    return found


def reveal(widget: QWidget) -> None:
    """Make the tabs that hold ``widget`` the current ones, outermost first."""
    chain: list[tuple[QTabWidget, QWidget]] = []
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QStackedWidget) and isinstance(parent.parentWidget(), QTabWidget):
            chain.append((parent.parentWidget(), child))  # type: ignore[arg-type]
        child, parent = parent, parent.parentWidget()
    for tabs, page in reversed(chain):
        tabs.setCurrentWidget(page)


def tab_views(root: QWidget) -> Iterator[str]:
    """Show each tab of each tab widget under ``root`` in turn; yield the tab's name each time
    (the caller checks what is on screen then)."""
    for tabs in root.findChildren(QTabWidget):
        for i in range(tabs.count()):
            reveal(tabs)
            tabs.setCurrentIndex(i)
            settle()
            if tabs.isVisible():
                yield tabs.tabText(i)
