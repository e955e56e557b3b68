"""Toolbars that wrap: a row of fields and buttons that goes on in a second line when the
window is too narrow for it (large type on a 1366×768 screen) instead of squeezing the text of
its buttons into each other. ``tool_bar`` keeps a label with its field."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLayout, QLayoutItem, QSpacerItem, QWidget

from .type_size import px


class FlowLayout(QLayout):
    """Items left to right at their preferred widths, wrapping to a new line when the next one
    does not fit; spacer items are gaps (in pixels at 标准) between items of one line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """One line of everything."""
        shown = self._shown()
        width = sum(
            px(i.sizeHint().width()) if isinstance(i, QSpacerItem) else i.sizeHint().width()
            for i in shown
        )
        width += self._gap() * max(len(shown) - 1, 0)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width, height) + self._margin_size()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        """As narrow as the widest item (the rest goes on other lines)."""
        size = QSize()
        for item in self._shown():
            if not isinstance(item, QSpacerItem):
                size = size.expandedTo(item.sizeHint())
        return size + self._margin_size()

    def _gap(self) -> int:
        return self.spacing() if self.spacing() >= 0 else px(6)

    def _margin_size(self) -> QSize:
        m = self.contentsMargins()
        return QSize(m.left() + m.right(), m.top() + m.bottom())

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not _hidden(i)]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items in ``rect`` (when ``move``); the height that takes."""
        area = rect.marginsRemoved(self.contentsMargins())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._shown():
            hint = item.sizeHint()
            if isinstance(item, QSpacerItem):
                if x > area.x():  # a gap within a line, never at its start
                    x += px(hint.width())
                continue
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, line_height = area.x(), y + line_height + self._gap(), 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap()
            line_height = max(line_height, hint.height())
        margins = self.contentsMargins()
        return y + line_height - rect.y() + margins.bottom()


def _hidden(item: QLayoutItem) -> bool:
    widget = item.widget()
    return widget is not None and widget.isHidden()


def tool_bar(*parts: QWidget | tuple[QWidget, ...] | int) -> FlowLayout:
    """A wrapping toolbar: widgets, (label, field) groups that stay on one line, and ints for
    gaps in pixels at 标准."""
    bar = FlowLayout()
    for part in parts:
        if isinstance(part, int):
            bar.addItem(QSpacerItem(part, 0))  # scaled when placed
        elif isinstance(part, tuple):
            group = QWidget()
            row = QHBoxLayout(group)
            row.setContentsMargins(0, 0, 0, 0)
            for widget in part:
                row.addWidget(widget)
            bar.addWidget(group)
        else:
            bar.addWidget(part)
    return bar
