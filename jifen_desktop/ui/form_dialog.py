"""``FormDialog``: the dialog every form in the program is built on. Each field has a red
error line under it; a ``DomainError`` from the service appears under the field it names (or
in the dialog's message line) and the dialog stays open with everything typed; on success the
``Op`` goes to ``ctx.apply`` and the dialog closes.

Click targets stay put (issue 18): each error line's room is kept while it is hidden, so a
one-line refusal moves nothing, and a longer one grows the dialog upwards, so that 保存 and 取消
stay under the mouse. The dialog grows with its content up to the screen; a form taller than
the screen scrolls between its title and the buttons."""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.tx import Op

from .context import AppContext
from .forms import fit_placeholders, with_error_line
from .messages import ERROR_STYLE, error_label, show_error
from .type_size import follow, px

W = TypeVar("W", bound=QWidget)
TITLE_BAR = 32  # a window's title bar on the common desktops, when Qt cannot yet tell


class FormDialog(QDialog):
    """A form whose fields each have an error line under them, a red message line for errors
    that name no field, and 保存 / 取消. Subclasses build fields and implement ``submit``."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.value: Any = None
        self.setWindowTitle(title)
        self.body = QWidget()
        self.form = QFormLayout(self.body)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form_area = scroll_area(self.body)
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self.message = keep_room(QLabel())
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = self._layout = QVBoxLayout(self)
        layout.addWidget(self.form_area)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(px(480))

    def add_field(self, key: str, label: str, widget: W, *aliases: str) -> W:
        """A labelled field; errors whose ``field`` is ``key`` or an alias appear under it."""
        error = keep_room(error_label(key))
        self.form.addRow(label, with_error_line(widget, error))
        for name in (key, *aliases):
            self._fields[name] = (widget, error)
        return widget

    def error_text(self, key: str | None = None) -> str:
        """The error shown under field ``key`` (or in the message line when None)."""
        label = self.message if key is None else self._fields[key][1]
        return label.text() if label.isVisibleTo(self) else ""

    def clear_errors(self) -> None:
        for _widget, error in self._fields.values():
            error.clear()
            error.hide()
        self.message.clear()
        self.message.hide()

    def show_error(self, error: DomainError) -> None:
        widget, label = self._fields.get(error.field or "", (None, self.message))
        label.setText(error.message)
        label.show()
        if widget is not None:
            widget.setFocus()
        self.grow()

    def grow(self) -> None:
        """As wide and as tall as the content needs (a wrapped label's height depends on the
        width, which Qt does not ask of a window), up to the screen, the form scrolling beyond
        it; never shrinks, and grows upwards, so the buttons do not move while typing."""
        screen = screen_room(self)
        before = QRect(self.pos(), self.size())  # (activating the layout may grow it downwards)
        self._layout.activate()
        width = min(max(self.width(), self._layout.minimumSize().width()), screen.width())
        self._fit_form(width, screen)
        grow_upwards(self, self._layout, before, width)

    def _fit_form(self, width: int, screen: QRect) -> None:
        """The form's area exactly as tall as the form at ``width``, or what the screen
        leaves of its height when less (the form scrolls then)."""
        margins = self._layout.contentsMargins()
        body_width = width - margins.left() - margins.right()
        needed = max(self.form.heightForWidth(body_width), self.form.minimumSize().height())
        room = screen.height() - self._height_besides_form(body_width)
        bar = self.form_area.verticalScrollBar().sizeHint().width() if needed > room else 0
        self.form_area.setMinimumWidth(self.form.minimumSize().width() + bar)
        self.form_area.setFixedHeight(max(min(needed, room), 0))

    def _height_besides_form(self, width: int) -> int:
        """The margins, the message line (its room when hidden) and the buttons."""
        margins = self._layout.contentsMargins()
        message = self.message.minimumHeight()
        if self.message.isVisibleTo(self):
            message = max(message, self.message.heightForWidth(width))
        return (
            margins.top()
            + margins.bottom()
            + 2 * self._layout.spacing()
            + message
            + self.buttons.sizeHint().height()
        )

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        fit_placeholders(self)
        super().showEvent(event)
        self.grow()

    def submit(self) -> Op[Any] | None:
        """Call the service; None means the user thought better of it (nothing done).
        Each dialog overrides this; the base dialog has nothing to save."""
        return None

    def accept(self) -> None:
        self.clear_errors()
        try:
            op = self.submit()
        except DomainError as error:
            self.show_error(error)
            return
        except Exception as error:  # noqa: BLE001 - a bug: say so, keep what was typed
            show_error(self, error)
            return
        if op is None:
            return
        self.value = self.ctx.apply(op)
        super().accept()


def screen_room(window: QWidget) -> QRect:
    """The screen less its task bar (Qt's available geometry) and less the window's title
    bar (not yet known before it is first shown): the most a window's own area may take."""
    screen = window.screen().availableGeometry()
    title_bar = max(window.frameGeometry().height() - window.height(), TITLE_BAR)
    return screen.adjusted(0, 0, 0, -title_bar)


def grow_upwards(window: QWidget, layout: QLayout, before: QRect, width: int) -> None:
    """``window`` (at ``before``, its frame's place and size, before its content changed) as
    tall as its content at ``width``, up to the screen; never shorter; taller by moving its top
    up, so that what is at its bottom (the buttons) stays under the mouse."""
    screen = screen_room(window)
    layout.activate()
    needed = window.heightForWidth(width) if window.hasHeightForWidth() else -1
    needed = max(needed, window.sizeHint().height())
    height = min(max(before.height(), needed), screen.height())
    if window.isVisible() and height > before.height():
        window.move(before.x(), max(screen.top(), before.y() - (height - before.height())))
    window.resize(width, height)


def scroll_area(body: QWidget) -> QScrollArea:
    """A frameless area that scrolls ``body`` up and down, on the dialog's own background."""
    area = QScrollArea()
    area.setObjectName("form_scroll")
    area.setWidget(body)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.viewport().setAutoFillBackground(False)
    body.setAutoFillBackground(False)
    return area


def keep_room(label: QLabel) -> QLabel:
    """A red line that keeps its room, one line of the type size, while hidden or empty."""
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    label.setSizePolicy(policy)
    follow(label, lambda: label.setMinimumHeight(one_line(label)))
    return label


def one_line(label: QLabel) -> int:
    """The height of one line of ``label``'s wrapped text, as QLabel measures it."""
    line = label.fontMetrics().boundingRect(QRect(0, 0, 1000, 1000), Qt.TextFlag.TextWordWrap, "字")
    return line.height() + 2 * label.margin()
