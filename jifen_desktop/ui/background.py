"""Long work off the GUI thread: a worker runs a function with a progress callback and a cancel
flag, shows a progress dialog with a cancel button, and hands the result (or the error) back to
the GUI thread through a signal. The worker gets plain values (ids, form values), never widgets.
An unexpected error (anything but a ``DomainError``, the model's own refusals and a cancel) is
written to the crash log with its traceback on the worker, before it is handed back to be shown.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QProgressDialog, QWidget

from jifen_desktop import crash_log
from jifen_desktop.model import errors

Progress = Callable[[float, str], None]
Work = Callable[[Progress, threading.Event], Any]


def freeze_objects() -> None:
    """Move every object alive now (modules, classes, Qt wrappers, ORM mappings: what start-up
    made) out of the garbage collector's sight. A full collection walks every tracked object
    while holding the GIL, and a worker's full collection stops the GUI thread as well: on the
    demo village 80-120 ms each with start-up's objects, 15-40 ms without."""
    gc.freeze()


class Cancelled(errors.Cancelled):
    """Raised inside work that saw the cancel flag; nothing it wrote is kept."""


class _Signals(QObject):
    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Work, signals: _Signals, cancel: threading.Event, title: str) -> None:
        super().__init__()
        self.work, self.signals, self.cancel, self.title = work, signals, cancel, title

    def run(self) -> None:
        def progress(fraction: float, message: str) -> None:
            if self.cancel.is_set():
                raise Cancelled()
            self.signals.progress.emit(fraction, message)

        try:
            result = self.work(progress, self.cancel)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread to show
            if not isinstance(exc, errors.DomainError):
                log_unexpected(exc, self.title)
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


def log_unexpected(exc: BaseException, title: str) -> None:
    """Into the crash log, here on the worker: the task's end might never reach the GUI thread
    (the program closing), and the traceback is what support needs."""
    try:
        crash_log.record_once(exc, where=f"后台任务“{title}”")
    except Exception:  # noqa: BLE001 - a log that cannot be written must not lose the error
        crash_log.log.exception("后台任务的错误没能写入日志")


class BackgroundTask(QObject):
    """One run of ``work``; ``progressed`` (with or without the dialog), then ``done`` or
    ``failed``, fire on the GUI thread."""

    progressed = Signal(float, str)
    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        work: Work,
        *,
        show_dialog: bool = True,
        modal: bool = True,
    ):
        # No QObject parent: a task parented to a page it outlived (or that went first) was
        # deleted twice and corrupted memory; ``_running`` keeps it until it ends.
        super().__init__()
        self.cancel_flag = threading.Event()
        self._signals = _Signals()
        self._signals.finished.connect(self._finish)
        self._signals.failed.connect(self._fail)
        self._signals.progress.connect(self.progressed)
        self._dialog: QProgressDialog | None = None
        self._updating = False
        if show_dialog:
            dialog = QProgressDialog(title, self.tr("取消"), 0, 1000, parent)
            dialog.setWindowTitle(title)
            # Work the user may go on beside (a printout) gets a plain, not modal, dialog.
            dialog.setWindowModality(
                Qt.WindowModality.WindowModal if modal else Qt.WindowModality.NonModal
            )
            dialog.setMinimumDuration(300)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(self.cancel)
            self._signals.progress.connect(self._show_progress)
            self._dialog = dialog
        self._job: _Job | None = _Job(work, self._signals, self.cancel_flag, title)
        # The pool must not delete the job on the worker thread: its Python closures (and
        # whatever they hold) are let go here, on the GUI thread, when the task ends.
        self._job.setAutoDelete(False)

    def start(self, pool: QThreadPool | None = None) -> BackgroundTask:
        """Run on ``pool`` (default: Qt's global one, which the layout checks wait for)."""
        if not _running:
            _pause_collection()
        _running.add(self)  # until it ends, whatever the caller keeps
        assert self._job is not None
        (pool or QThreadPool.globalInstance()).start(self._job)
        return self

    def _ended(self) -> None:
        self._job = None
        _running.discard(self)
        if not _running:
            _resume_collection()

    def cancel(self) -> None:
        self.cancel_flag.set()

    def _show_progress(self, fraction: float, message: str) -> None:
        # setValue of a modal progress dialog runs the event loop; the task's end may arrive
        # inside it, and must not close (and free) the dialog under its own setValue.
        dialog = self._dialog
        if dialog is not None:
            self._updating = True
            try:
                dialog.setLabelText(message)
                dialog.setValue(int(fraction * 1000))
            finally:
                self._updating = False

    def _close(self) -> None:
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    def _finish(self, result: object) -> None:
        self._end(self.done, result)

    def _fail(self, error: object) -> None:
        self._end(self.failed, error)

    def _end(self, signal: SignalInstance, value: object) -> None:
        """Hand the result or the error on through ``signal``; the task then goes."""
        if self._updating:  # inside the dialog's setValue: end once it has returned
            QTimer.singleShot(0, lambda: self._end(signal, value))
            return
        self._close()
        self._ended()
        signal.emit(value)
        self.deleteLater()


# Every started task until its result is handed back: an unparented task that its caller did not
# keep was collected while its worker ran, and the result never arrived (a 15-minute hang).
_running: set[BackgroundTask] = set()


def _pause_collection() -> None:
    """No garbage collection while work runs on a worker: a collection there could free a
    widget that is garbage (a closed page's reference cycle) on the worker thread, and Qt
    widgets may only be destroyed on the GUI thread (it corrupted memory). What is garbage now
    is collected here first; what becomes garbage meanwhile, after the work."""
    global _collecting
    _collecting = gc.isenabled()
    gc.collect()
    gc.disable()


def _resume_collection() -> None:
    if _collecting:
        gc.enable()


_collecting = True


def running_tasks() -> int:
    """How many started tasks have not handed back their result yet."""
    return len(_running)


def run_in_background(
    parent: QWidget | None,
    title: str,
    work: Work,
    on_done: Callable[[Any], None],
    on_failed: Callable[[BaseException], None] | None = None,
    *,
    show_dialog: bool = True,
    modal: bool = True,
) -> BackgroundTask:
    """Start ``work(progress, cancel_event)`` on a worker thread; call back on the GUI thread."""
    from .messages import show_error

    task = BackgroundTask(parent, title, work, show_dialog=show_dialog, modal=modal)
    task.done.connect(on_done)
    task.failed.connect(
        on_failed
        or (lambda exc: None if isinstance(exc, errors.Cancelled) else show_error(parent, exc))
    )
    return task.start()
