"""今天的自动备份 at the first start of a day, on a worker, so that the login and the main window
open at once (on a 2,000-household ledger the backup takes seconds: it used to run first, before
any window, and the clerk looked at a black screen). Its progress is in the main window's status
bar (备份中… 40%, then 今日备份完成, or that it failed and what to do).

The copy is one moment of the ledger (SQLite's online backup API inside one read transaction,
``model.backup.copying``): the program goes on recording meanwhile, and a transaction still being
written is not in the copy. At the end of the program a backup still running is waited for, with
取消 offered; a cancelled one leaves no file behind (it is written under a temporary name) and
the next start backs up again.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from jifen_desktop import crash_log
from jifen_desktop.model import errors
from jifen_desktop.model.backup import service as backups

from .background import BackgroundTask, Progress
from .forms import DONE_STYLE
from .messages import ERROR_STYLE

DONE_SHOWN_MS = 60_000  # 今日备份完成 stays this long in the status bar
WAIT_DIALOG_AFTER_MS = 300  # a backup about to end at the quit shows no dialog
BACKUP_NICENESS = 10


def tr(text: str) -> str:
    return QApplication.translate("DailyBackup", text)


class DailyBackup(QObject):
    """The day's automatic backup of one data folder: ``start`` it, ``attach`` the main window
    when it is up, ``finish`` when the program ends."""

    ended = Signal()

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.task: BackgroundTask | None = None
        self.result: backups.BackupResult | None = None
        self.error: BaseException | None = None
        self.fraction = 0.0
        self.label: QLabel | None = None
        self.pool: QThreadPool | None = None

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(self) -> DailyBackup:
        """Back up on a worker when today has no automatic backup yet; else nothing."""
        if not backups.daily_due(self.folder):
            return self
        folder = self.folder

        def work(progress: Progress, cancel: threading.Event) -> object:
            yield_the_core()
            return backups.daily(folder, progress=progress, cancel=cancel)

        task = BackgroundTask(None, tr("今天的自动备份"), work, show_dialog=False)
        task.progressed.connect(self._progressed)
        task.done.connect(self._done)
        task.failed.connect(self._failed)
        self.pool = own_thread()
        self.task = task.start(self.pool)
        return self

    # -- the status bar --------------------------------------------------------------------

    def attach(self, window: QMainWindow) -> None:
        """Show the backup's state in ``window``'s status bar (left, before the permanent
        fields), from now until it has said how it ended."""
        if self.task is None and self.result is None and self.error is None:
            return
        self.label = self._status_label(window)
        self._show()
        if self.error is not None:  # it failed at once, before the window was up
            QTimer.singleShot(0, window, lambda: self._tell(window))

    def _status_label(self, window: QMainWindow) -> QLabel:
        label = status_label(window, "daily_backup")
        label.destroyed.connect(self._label_gone)  # the window closed before the backup ended
        return label

    def _label_gone(self) -> None:
        self.label = None

    def status_text(self) -> str:
        if self.task is not None:
            return tr("备份中… {0}%").format(int(self.fraction * 100))
        if self.error is not None:  # short: the status bar is full at 特大; the box says more
            return tr("今日备份没做成，请手动备份")
        return tr("今日备份完成") if self.result is not None else ""

    def _show(self) -> None:
        label = self.label
        if label is None:
            return
        label.setText(self.status_text())
        failed = self.error is not None
        label.setStyleSheet(ERROR_STYLE if failed else DONE_STYLE if self.result else "")
        label.setToolTip(self._details())
        if self.task is None and not failed:
            QTimer.singleShot(DONE_SHOWN_MS, label, label.hide)

    def _details(self) -> str:
        if self.error is not None:
            return _message(self.error) + tr(
                "\n请在“设置 › 备份与恢复”里点“立即备份”，或备份到U盘。"
            )
        if self.result is not None:
            return tr("已备份到 {0}").format(self.result.backup.path)
        return tr("正在把台账备份到数据目录的 backups 文件夹；备份时可以照常录入。")

    # -- the worker's end ------------------------------------------------------------------

    def _progressed(self, fraction: float, _message: str) -> None:
        self.fraction = fraction
        self._show()

    def _done(self, result: object) -> None:
        self.task = None
        self.result = result if isinstance(result, backups.BackupResult) else None
        self._show()
        self.ended.emit()

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self._keep_error(error)
        self._show()
        if self.error is not None and self.label is not None:
            self._tell(self.label.window())
        self.ended.emit()

    def _keep_error(self, error: BaseException) -> None:
        """A failure, kept to be said and written to the log; a cancel is no failure."""
        if not isinstance(error, errors.Cancelled):
            self.error = error
            crash_log.log.warning("今天的自动备份没有做成：%s", _message(error))

    def _failure_text(self) -> str:
        return tr("今天的自动备份没有做成：") + self._details()

    def _tell(self, window: QWidget) -> None:
        """The failure and what to do, once, in a box that does not stop the work."""
        open_warning(window, tr("自动备份没有做成"), self._failure_text())

    # -- the end of the program ------------------------------------------------------------

    def finish(self) -> None:
        """Wait for a backup still running, with a progress dialog whose 取消 stops it (no
        file is left; the next start backs up again). A failure that no window showed is said
        here."""
        if self.task is not None:
            self._wait(self.task)
        if self.error is not None and self.label is None:
            QMessageBox.warning(None, tr("自动备份没有做成"), self._failure_text())
            self.error = None  # said once

    def _wait(self, task: BackgroundTask) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        dialog = QProgressDialog(tr("正在完成今天的自动备份…"), tr("取消"), 0, 100)
        dialog.setWindowTitle(tr("自动备份"))
        dialog.setMinimumDuration(WAIT_DIALOG_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(int(self.fraction * 100))
        dialog.canceled.connect(task.cancel)
        task.progressed.connect(lambda fraction, _m: dialog.setValue(int(fraction * 100)))
        tick = QTimer()  # wakes the wait below now and then, whatever else happens
        tick.start(100)
        quits = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)  # the dialog closing must not end the program
        try:
            # Not a QEventLoop: after the application's quit every new loop returns at once.
            while self.task is not None:
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        finally:
            tick.stop()
            app.setQuitOnLastWindowClosed(quits)
            dialog.close()


def yield_the_core() -> None:
    """Lower this thread's priority: on a one-core laptop the window being built comes first
    (Linux: the thread's nice value, 10; elsewhere Qt's low thread priority)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKUP_NICENESS)
        return
    thread = QThread.currentThread()
    if thread is not None:
        thread.setPriority(QThread.Priority.LowPriority)


def status_label(window: QMainWindow, name: str) -> QLabel:
    """A plain-text field in ``window``'s status bar (left, before the permanent fields)."""
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    window.statusBar().addWidget(label)
    return label


def open_warning(window: QWidget, title: str, text: str) -> None:
    """A warning box that does not stop the work; it goes when closed."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, window)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def own_thread() -> QThreadPool:
    """A thread of its own for background work, which ends with the work: a lower priority
    (``yield_the_core``) goes with it."""
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    pool.setExpiryTimeout(0)
    return pool


def _message(error: BaseException) -> str:
    return error.message if isinstance(error, errors.DomainError) else str(error)
