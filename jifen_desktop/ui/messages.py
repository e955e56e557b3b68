"""Showing errors and asking before destructive actions. A ``DomainError`` already carries a
Chinese message that says what to do; anything else is a bug: it is written to the crash log
(once: a background task's worker has logged it already) and the message says where."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from jifen_desktop import crash_log
from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.tx import Op

ERROR_STYLE = "color: #b00020;"
T = TypeVar("T")


def error_label(name: str) -> QLabel:
    """A hidden red line under a field that shows the model's refusal for field ``name``."""
    label = QLabel()
    label.setObjectName(f"error_{name}")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def tr(text: str) -> str:
    return QCoreApplication.translate("messages", text)


def show_error(parent: QWidget | None, error: BaseException) -> None:
    if isinstance(error, DomainError):
        QMessageBox.warning(parent, tr("无法完成"), error.message)
        return
    report = crash_log.record_once(error)
    QMessageBox.critical(
        parent, tr("程序出错"), "\n".join([*report.sentences(), "", report.summary])
    )


def applied(
    parent: QWidget | None, apply: Callable[[Op[T]], T], call: Callable[[], Op[T]]
) -> T | None:
    """``call`` a service and ``apply`` what it did (the context broadcasts the changes); a
    refusal is shown in a box, and gives None."""
    try:
        op = call()
    except DomainError as error:
        show_error(parent, error)
        return None
    return apply(op)


def confirm(parent: QWidget | None, title: str, question: str) -> bool:
    """Ask before anything that cannot be taken back; the safe answer is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
    yes = box.addButton(tr("确定"), QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(tr("取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.exec()
    return box.clickedButton() is yes


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user something finished (where a file was saved)."""
    QMessageBox.information(parent, title, text)
