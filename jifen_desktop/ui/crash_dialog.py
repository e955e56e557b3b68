"""Unexpected errors in the desktop program: written to the log (``crash_log``) and shown in a
friendly Chinese dialog that says the last action was not saved and where the details are, with
复制详情, and lets the clerk go on working (or quit).

``CrashReporter`` installs the hooks: ``sys.excepthook`` (which PySide6 also calls for an
exception escaping a slot or a virtual method on the GUI thread) and ``threading.excepthook``
(threads of our own; shown on the GUI thread through a queued signal). One dialog at a time:
errors while it is open are counted in it, and for a second after it closes they are only
logged, so that a failing timer cannot stack a dozen dialogs. A ``DomainError`` that escaped a
slot is a refusal the page forgot to show: its own message is shown, not a crash.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop import crash_log
from jifen_desktop.crash_log import CrashReport
from jifen_desktop.model.errors import DomainError
from jifen_desktop.ui.type_size import px

QUIET_AFTER_S = 1.0
QUIT = 70  # the dialog's result for 退出程序, and the program's exit status then


class CrashDialog(QDialog):
    """What went wrong, in words for the clerk; the details one click away."""

    def __init__(self, report: CrashReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crash_dialog")
        self.setWindowTitle(self.tr("程序出错"))
        self.setMinimumWidth(px(560))
        self.reports = [report]
        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(px(48))
        )
        self.message = QLabel("\n".join(report.sentences()))
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.repeats = QLabel()
        self.repeats.setWordWrap(True)
        self.repeats.hide()
        self.details = QPlainTextEdit(report.details)
        self.details.setReadOnly(True)
        self.details.setMinimumHeight(px(220))
        self.details.hide()
        self.copy_button = QPushButton(self.tr("复制详情"))
        self.copy_button.clicked.connect(self.copy_details)
        self.details_button = QPushButton(self.tr("显示详情"))
        self.details_button.clicked.connect(self.toggle_details)
        self.quit_button = QPushButton(self.tr("退出程序"))
        self.quit_button.clicked.connect(lambda: self.done(QUIT))
        self.keep_button = QPushButton(self.tr("继续使用"))
        self.keep_button.setDefault(True)
        self.keep_button.clicked.connect(self.accept)
        self._layout(icon)

    def _layout(self, icon: QLabel) -> None:
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.addWidget(self.message)
        words.addWidget(self.repeats)
        top.addLayout(words, 1)
        buttons = QHBoxLayout()
        for button in (self.copy_button, self.details_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.quit_button, self.keep_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)
        layout.addLayout(buttons)

    def all_details(self) -> str:
        return "\n\n".join(r.details for r in self.reports)

    def add_repeat(self, report: CrashReport) -> None:
        """Another error while this dialog is open: counted here, not a dialog of its own."""
        self.reports.append(report)
        self.repeats.setText(
            self.tr("之后又出错 {0} 次，详情也都写进了日志。").format(len(self.reports) - 1)
        )
        self.repeats.show()
        self.details.setPlainText(self.all_details())

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.all_details())
        self.copy_button.setText(self.tr("已复制"))
        QTimer.singleShot(
            2000, self.copy_button, lambda: self.copy_button.setText(self.tr("复制详情"))
        )

    def toggle_details(self) -> None:
        shown = not self.details.isVisible()
        self.details.setVisible(shown)
        self.details_button.setText(self.tr("隐藏详情") if shown else self.tr("显示详情"))
        self.adjustSize()


class CrashReporter(QObject):
    """The program's exception hooks, for the data folder ``folder``, while installed."""

    crashed = Signal(object)  # a CrashReport, emitted on any thread, shown on the GUI thread
    refused = Signal(str)  # the message of a DomainError nobody caught

    def __init__(self, folder: Path | None) -> None:
        super().__init__()
        self.folder = folder
        self.dialog: CrashDialog | None = None
        self.refusal: QMessageBox | None = None
        self._quiet_until = 0.0
        self._previous = (sys.excepthook, threading.excepthook)
        self.crashed.connect(self.show_report)
        self.refused.connect(self._show_refusal)

    def install(self) -> CrashReporter:
        """Take over the hooks (the log file is opened at the first error)."""
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self._thread_excepthook
        return self

    def uninstall(self) -> None:
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous[0]
        if threading.excepthook == self._thread_excepthook:
            threading.excepthook = self._previous[1]

    def excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, (KeyboardInterrupt, SystemExit)):
            self._previous[0](kind, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        self.report(exc)

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        self.report(args.exc_value, where=f"线程 {name}")

    def report(self, exc: BaseException, where: str = "") -> None:
        """Log ``exc`` and show it (from any thread)."""
        try:
            if isinstance(exc, DomainError):
                self._report_refusal(exc)
                return
            self.crashed.emit(crash_log.record(exc, folder=self.folder, where=where))
        except Exception:  # noqa: BLE001 - the hook itself must never fail in a loop
            sys.__excepthook__(type(exc), exc, exc.__traceback__)

    def _report_refusal(self, exc: DomainError) -> None:
        """A refusal no screen caught: logged as a warning, then said in a box."""
        crash_log.open_log(self.folder)
        crash_log.log.warning("没有被界面接住的提示：%s", exc.message, exc_info=exc)
        self.refused.emit(exc.message)

    def show_report(self, report: CrashReport) -> None:
        if self.dialog is not None:
            self.dialog.add_repeat(report)
            return
        if time.monotonic() < self._quiet_until:
            return  # just after a dialog: logged only
        self._open_dialog(report)

    def _open_dialog(self, report: CrashReport) -> None:
        dialog = CrashDialog(report, QApplication.activeWindow())
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _closed(self, result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
        self._quiet_until = time.monotonic() + QUIET_AFTER_S
        if result == QUIT:
            QApplication.exit(QUIT)

    def _show_refusal(self, message: str) -> None:
        if self.refusal is not None:
            self.refusal.close()
        self.refusal = self._refusal_box(message)  # kept: a box without a parent would go at once
        self.refusal.open()

    def _refusal_box(self, message: str) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("无法完成"),
            message,
            parent=QApplication.activeWindow(),
        )
        box.finished.connect(self._refusal_closed)
        return box

    def _refusal_closed(self) -> None:
        if self.refusal is not None:
            self.refusal.deleteLater()
        self.refusal = None

    def fatal(self, exc: BaseException) -> None:
        """Start-up failed (nothing to keep working in): log, then wait for the clerk to
        close the dialog (退出程序 just closes it: there is no event loop to end yet)."""
        report = crash_log.record(exc, folder=self.folder, where="启动时")
        dialog = CrashDialog(report)
        dialog.keep_button.hide()
        dialog.quit_button.setDefault(True)
        dialog.exec()
