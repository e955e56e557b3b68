"""``FormDialog``: the dialog every form in the program is built on. Each field has a red
error line under it; a ``DomainError`` from the service appears under the field it names (or
in the dialog's message line) and the dialog stays open with everything typed; on success the
``Op`` goes to ``ctx.apply`` and the dialog closes."""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.tx import Op

from .context import AppContext
from .forms import fit_placeholders, with_error_line
from .messages import ERROR_STYLE, error_label, show_error
from .type_size import px

W = TypeVar("W", bound=QWidget)


class FormDialog(QDialog):
    """A form whose fields each have an error line under them, a red message line for errors
    that name no field, and 保存 / 取消. Subclasses build fields and implement ``submit``."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.value: Any = None
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self.message = QLabel()
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
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(px(480))

    def add_field(self, key: str, label: str, widget: W, *aliases: str) -> W:
        """A labelled field; errors whose ``field`` is ``key`` or an alias appear under it."""
        error = error_label(key)
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
        width, which Qt does not ask of a window), up to the screen; never shrinks, so buttons
        do not jump about while typing."""
        self._layout.activate()
        screen = self.screen().availableGeometry()
        width = min(max(self.width(), self._layout.minimumSize().width()), screen.width())
        needed = self.heightForWidth(width) if self.hasHeightForWidth() else -1
        needed = max(needed, self.sizeHint().height())
        self.resize(width, min(max(self.height(), needed), screen.height()))

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
