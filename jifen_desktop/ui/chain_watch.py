"""台账检查 in the status bar: once a day, at the day's first start, the program checks on its own
the part of the hash chain written since the last check on this computer (``model.chain_watch``)
and says how it stands: 台账检查：最近 N 条记录完好（时间）, or a warning that points to 检查台账
(a box as well, which does not stop the work).

It waits for a quiet moment: until the day's backup has ended (``daily_backup``), then a few
seconds more, and runs on a worker thread of its own at a lower priority, reading in one read
transaction (the clerk goes on recording meanwhile; nothing waits for it). At the end of the
program a check still running is waited for; it reads little (what is new since yesterday).
"""

from __future__ import annotations

import datetime as dt
import threading

from PySide6.QtCore import QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from jifen_desktop import crash_log
from jifen_desktop.model import chain_watch
from jifen_desktop.model.chain_watch import WatchResult
from jifen_desktop.model.ledger import Ledger

from .background import BackgroundTask, Progress
from .daily_backup import DailyBackup, open_warning, own_thread, status_label, yield_the_core
from .forms import DONE_STYLE
from .messages import ERROR_STYLE

QUIET_MS = 5_000  # after the window is up and the backup has ended
SHOWN_MS = 60_000  # a clean result stays this long in the status bar
WHERE = "请到“审计日志”页点“检查台账…”查看详情"


def tr(text: str) -> str:
    return QApplication.translate("ChainWatch", text)


def status_text(result: WatchResult) -> str:
    """What the status bar says of a finished check."""
    at = f"{result.at:%H:%M}"
    if not result.ok:
        # Short: the status bar is full at 特大; the tooltip and the box say where to go.
        return tr("台账检查：{0} 处对不上，请用“检查台账”核对").format(result.found)
    if result.rows == 0:
        return tr("台账检查：上次检查以来没有新记录（{0}）").format(at)
    return tr("台账检查：最近 {0} 条记录完好（{1}）").format(result.rows, at)


def details(result: WatchResult) -> str:
    """The tooltip: what was checked, and the problems in words."""
    return _sound_details(result) if result.ok else _trouble_details(result)


def _sound_details(result: WatchResult) -> str:
    what = "本机第一次检查，从最近的记录查起" if result.first else "本机上次检查以来新增的记录"
    return tr(
        "{0}：{1} 段哈希链、{2} 条记录，都与写入时一致。更早的记录由“检查台账”全部核对。"
    ).format(tr(what), result.links, result.rows)


def _trouble_details(result: WatchResult) -> str:
    """The problems found, and what to do: stop recording, check, restore, tell the township."""
    lines = [tr("台账里有记录在程序之外被改动过："), *result.problems]
    if result.found > len(result.problems):
        lines.append(tr("……另有 {0} 处").format(result.found - len(result.problems)))
    lines.append(
        tr("请不要继续录入。") + tr(WHERE) + tr("，再找问题出现前的备份恢复，并告诉乡镇。")
    )
    return "\n".join(lines)


class ChainWatch(QObject):
    """The day's background check of one ledger, shown in one window's status bar."""

    def __init__(self, ledger: Ledger, *, quiet_ms: int = QUIET_MS) -> None:
        super().__init__()
        self.ledger = ledger
        self.quiet_ms = quiet_ms
        self.label: QLabel | None = None
        self.task: BackgroundTask | None = None
        self.result: WatchResult | None = None
        self.pool: QThreadPool | None = None
        self.stopped = False

    def start(
        self, window: QMainWindow, backup: DailyBackup | None = None, today: dt.date | None = None
    ) -> ChainWatch:
        """Check after ``backup`` (if running) and a quiet moment, unless today's check ran."""
        if not chain_watch.due(self.ledger.folder, today or dt.date.today()):
            return self
        # Owned by the window: Python's reference alone ends with the caller's frame, and a
        # timer or a backup's signal calling a method of a freed object corrupts memory.
        self.setParent(window)
        label = self.label = status_label(window, "chain_watch")
        label.hide()
        label.destroyed.connect(self._label_gone)
        if backup is not None and backup.running:
            backup.ended.connect(self._soon)
        else:
            self._soon()
        return self

    def _label_gone(self) -> None:
        self.label = None

    def _soon(self) -> None:
        if self.label is not None and not self.stopped:
            QTimer.singleShot(self.quiet_ms, self, self._run)

    def _run(self) -> None:
        if self.stopped or self.label is None:
            return  # the program is ending, or the window went first
        ledger = self.ledger

        def work(_progress: Progress, _cancel: threading.Event) -> object:
            yield_the_core()
            return chain_watch.check(ledger)

        task = BackgroundTask(None, tr("台账检查"), work, show_dialog=False)
        task.done.connect(self._done)
        task.failed.connect(self._failed)
        self.pool = own_thread()
        self.task = task.start(self.pool)

    def _done(self, result: object) -> None:
        self.task = None
        if not isinstance(result, WatchResult) or self.label is None:
            return
        self.result = result
        label = self.label
        _show_result(label, result)
        if result.ok:
            QTimer.singleShot(SHOWN_MS, label, label.hide)
        else:
            crash_log.log.warning("台账检查发现 %d 处对不上：%s", result.found, result.problems)
            self._tell(result)

    def _tell(self, result: WatchResult) -> None:
        """The warning in a box that does not stop the work (the status bar keeps it)."""
        assert self.label is not None
        open_warning(self.label.window(), tr("台账检查"), details(result))

    def _failed(self, error: BaseException) -> None:
        self.task = None
        crash_log.log.warning("台账检查没有做成：%s", error)
        if self.label is not None:
            self.label.setText(tr("台账检查没有做成，请用“检查台账”核对"))
            self.label.setToolTip(str(error) + "\n" + tr(WHERE))
            self.label.setStyleSheet(ERROR_STYLE)
            self.label.show()

    def finish(self) -> None:
        """At the end of the program: no check starts any more, and one still running is
        waited for (it reads little)."""
        self.stopped = True
        if self.pool is not None:
            self.pool.waitForDone()


def _show_result(label: QLabel, result: WatchResult) -> None:
    """The check's result in the status bar, green or red, the details on hover."""
    label.setText(status_text(result))
    label.setToolTip(details(result))
    label.setStyleSheet(DONE_STYLE if result.ok else ERROR_STYLE)
    label.show()
