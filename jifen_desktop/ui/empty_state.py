"""An empty table that says why it is empty and what to do (issue 18: a bare grid of headers
left the clerk guessing whether something was broken). The text lies over the table's empty
area, under its headers, shown while the model has no rows and hidden as soon as it has some;
it follows the type size (its height is its wrapped text's)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel

from .forms import GREY
from .type_size import px

MARGIN = 12  # between the text and the table's edges, at 标准


class EmptyState(QObject):
    """``text`` over ``view`` while its model has no rows; ``label`` is the text's widget."""

    def __init__(self, view: QAbstractItemView, text: str) -> None:
        super().__init__(view)
        self.view = view
        self.label = QLabel(text, view.viewport())
        self.label.setObjectName("empty_state")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.label.setStyleSheet(f"color: {GREY};")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        view.viewport().installEventFilter(self)
        self.label.installEventFilter(self)
        model = view.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self.update)
        model.layoutChanged.connect(self.update)
        self._alive = True
        view.destroyed.connect(self._view_gone)  # its model still says "rows removed" after
        self.update()

    def _view_gone(self) -> None:
        self._alive = False

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.update()

    def update(self) -> None:
        """Shown when there is nothing to list (and something to say), over the empty area."""
        if not self._alive:
            return
        empty = self.view.model().rowCount() == 0 and bool(self.label.text())
        self.label.setVisible(empty)
        if empty:
            self._place()

    def _place(self) -> None:
        area = self.view.viewport().rect()
        margin = px(MARGIN)
        width = max(area.width() - 2 * margin, px(120))
        height = self.label.heightForWidth(width)
        self.label.setGeometry(margin, margin, width, max(height, self.label.sizeHint().height()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kinds = (QEvent.Type.Resize, QEvent.Type.FontChange, QEvent.Type.Show)
        if event.type() in kinds and not self.label.isHidden():
            self.update()
        return False


def empty_state(view: QAbstractItemView, text: str) -> EmptyState:
    """Give ``view`` an empty state saying ``text`` (kept alive by the view)."""
    return EmptyState(view, text)
