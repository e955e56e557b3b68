"""Importing the chosen files one after another: each is looked at on a worker (its key, its
hashes, then a dry run); a file from a computer whose key is not enrolled yet offers 登记密钥
with the fingerprint check, then goes on to its dry run. Once every file has been looked at,
``checked`` fires and the user confirms; then the ready files are imported together on a worker
(``import_bundles``: the next files' hashes checked in worker processes while one writer
applies the current one, one transaction each), with progress and 取消. A refusal is written on
its file's line and the others go on; after 取消 the files already imported stay imported and
the rest are marked 已取消."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtWidgets import QWidget

from jifen_desktop.model import errors
from jifen_desktop.model.tx import Change, Op
from jifen_desktop.model.villages import VillageInfo
from jifen_desktop.sync import SyncService
from jifen_desktop.sync.errors import BundleRefused
from jifen_desktop.sync.importer import ImportResult
from jifen_desktop.sync.service import BundleInfo, refused_file
from jifen_desktop.ui import messages
from jifen_desktop.ui.background import Progress, run_in_background
from jifen_desktop.ui.context import AppContext

from .fingerprint import FingerprintDialog, enrol_shown
from .import_rows import BundleRow


def first_look(service: SyncService, path: Path, progress: Progress) -> BundleInfo | ImportResult:
    """The bundle's own description when its source must be enrolled first, else its dry run
    (which refuses a damaged, foreign or revoked bundle with the reason)."""
    info = service.inspect(path, verify=True)
    me = service.identity()
    source = str(info.source.get("replica_id", ""))
    known = {p.replica_id for p in service.peers()} | {me.replica_id}
    if not info.enrolled and source not in known:
        refusal = elsewhere(info, me.mode, service.ledger.villages.list())
        if refusal:
            raise BundleRefused(refusal)
        return info
    return service.dry_run(path, progress)


def elsewhere(info: BundleInfo, mode: str, villages: list[VillageInfo]) -> str:
    """Why a bundle from a computer not enrolled here does not belong here at all ("" when it
    may): the dry run would only say to enrol its key, which is no use for the wrong stick."""
    name, kind = info.path.name, info.source.get("mode")
    who = info.source.get("name", "")
    if mode == "township" and kind == "township":
        return (
            f"同步包 {name} 来自另一个乡镇库（{who}），乡镇库之间不交换同步包。本库没有任何改动。"
        )
    theirs = {v.get("id") for v in info.source.get("villages") or [] if isinstance(v, dict)}
    if (
        mode == "village"
        and kind == "village"
        and villages
        and not theirs & {v.id for v in villages}
    ):
        here = "、".join(v.name for v in villages)
        return (
            f"同步包 {name} 是{who}的数据，本库是{here}的台账，不能导入。"
            "请检查是不是拿错了U盘，或在乡镇办的电脑上导入。本库没有任何改动。"
        )
    return ""


class ImportRun(QObject):
    updated = Signal()  # a line changed
    checked = Signal()  # every file looked at: the ready ones wait for the user's yes
    finished = Signal()  # every ready file imported (or refused)

    def __init__(self, ctx: AppContext, paths: list[Path], widget: QWidget) -> None:
        super().__init__()
        self.ctx, self.widget = ctx, widget
        self.rows = [BundleRow(p) for p in paths]
        self.dialog: FingerprintDialog | None = None
        self.service = SyncService(ctx.ledger)

    def _next(self, state: str) -> BundleRow | None:
        return next((r for r in self.rows if r.state == state), None)

    def count(self, state: str) -> int:
        return sum(r.state == state for r in self.rows)

    # -- looking -----------------------------------------------------------------------------

    def start(self) -> None:
        self._look_next()

    def _look_next(self) -> None:
        service = self.service
        self._on_next(
            "waiting",
            self.widget.tr("正在核对 {0}"),
            lambda row, progress, _cancel: first_look(service, row.path, progress),
            self._looked,
            self.checked,
        )

    def _looked(self, row: BundleRow, result: BundleInfo | ImportResult) -> None:
        if isinstance(result, BundleInfo):
            self._ask_enrol(row, result)
            return
        row.looked(result)
        self.updated.emit()
        self._look_next()

    def _ask_enrol(self, row: BundleRow, info: BundleInfo) -> None:
        dialog = self.dialog = FingerprintDialog(info, self.widget)
        name = str(info.source.get("name", ""))
        dialog.accepted.connect(lambda: self._answered(row, dialog, None))
        dialog.rejected.connect(lambda: self._answered(row, dialog, name))
        dialog.open()

    def _answered(self, row: BundleRow, dialog: FingerprintDialog, declined: str | None) -> None:
        self.dialog = None
        dialog.deleteLater()
        if declined is not None:
            row.declined(declined)
        else:
            self._enrol(row)
        self.updated.emit()
        self._look_next()  # an enrolled file is still waiting: now its dry run

    def _enrol(self, row: BundleRow) -> None:
        """Enrol the source whose fingerprint the user checked; a refusal stays on its row."""
        try:
            enrol_shown(self.ctx, row.path)
        except errors.DomainError as error:
            row.refused(error.message)

    # -- importing ---------------------------------------------------------------------------

    def confirm(self) -> None:
        self._import_next()

    def _import_next(self) -> None:
        """Every ready file in one ``import_bundles`` run on a worker (the next files' hashes
        checked in worker processes meanwhile; one transaction each), with progress and 取消."""
        ready = [r for r in self.rows if r.state == "ready"]
        if not ready:
            self.finished.emit()
            return
        service, paths = self.service, [r.path for r in ready]
        committed: list[ImportResult] = []  # filled on the worker, read once it has ended
        run_in_background(
            self.widget,
            self._import_title(ready),
            lambda progress, cancel: service.import_bundles(
                paths, progress, cancel.is_set, committed.append
            ),
            lambda op: self._imported(ready, op),
            lambda error: self._stopped(ready, committed, error),
        )

    def _import_title(self, ready: list[BundleRow]) -> str:
        if len(ready) > 1:
            return self.widget.tr("正在导入 {0} 个同步包").format(len(ready))
        return self.widget.tr("正在导入 {0}").format(ready[0].path.name)

    def _imported(self, rows: list[BundleRow], op: Op[list[ImportResult]]) -> None:
        results: list[ImportResult] = self.ctx.apply(op)
        for row, result in zip(rows, results, strict=True):
            row.imported(result)
        self.updated.emit()
        self._import_next()

    def _stopped(
        self, rows: list[BundleRow], committed: list[ImportResult], error: BaseException
    ) -> None:
        """The files committed before a refusal or 取消 are in; the refused one says why, and
        the rest go on (after 取消: they stay out)."""
        self._take_committed(rows, committed)
        message = error.message if isinstance(error, errors.DomainError) else ""
        bad = refused_file([r.path for r in rows], len(committed), message)
        row = next(r for r in rows if r.path == bad)
        self._failed(row, error, self._import_next)

    def _take_committed(self, rows: list[BundleRow], committed: list[ImportResult]) -> None:
        """The files committed before the run stopped: imported, and the program told."""
        if committed:
            self.ctx.apply(Op(None, ~Change.NONE))
        for row, result in zip(rows, committed, strict=False):  # (the first ones)
            row.imported(result)

    def _on_next(
        self,
        state: str,
        title: str,
        work: Callable[[BundleRow, Progress, threading.Event], Any],
        done: Callable[[BundleRow, Any], None],
        at_end: SignalInstance,
    ) -> None:
        """Run ``work`` on a worker for the next file in ``state``, then the one after it;
        ``at_end`` when none is left."""
        row = self._next(state)
        if row is None:
            at_end.emit()
            return
        again = self._look_next
        run_in_background(
            self.widget,
            title.format(row.path.name),
            lambda progress, cancel: work(row, progress, cancel),
            lambda result: done(row, result),
            lambda error: self._failed(row, error, again),
        )

    def _failed(self, row: BundleRow, error: BaseException, then: Callable[[], None]) -> None:
        if isinstance(error, errors.Cancelled):
            self._cancel_waiting()
        elif isinstance(error, errors.DomainError):
            row.refused(error.message)
        else:
            row.refused(self.widget.tr("程序出错，这个包没有导入。"))
            messages.show_error(self.widget, error)
        self.updated.emit()
        then()

    def _cancel_waiting(self) -> None:
        """取消: the files still waiting or ready stay out."""
        for row in self.rows:
            if row.state in ("waiting", "ready"):
                row.cancelled()
