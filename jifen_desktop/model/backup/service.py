"""Backups of the ledger: made with SQLite's online backup API while the program runs, checked,
and renamed into place whole; automatic ones in ``<data folder>/backups/`` at the first start
of a day and before every upgrade of the schema or restore, kept by rotation; one by hand into
that folder or onto a stick (with the evidence photos); listing them; and ``BackupService``,
the admin's door to all this, which audits what it did.

The file format, names and checksums: ``backup.files`` and ``backup.copying``; which backups are
kept: ``backup.rotation``; putting one back: ``backup.restore`` (``restore`` is re-exported
here); making one: ``backup.making`` (``make_backup``, ``backups_dir`` and ``BackupResult`` are
re-exported here too). How it all fits: docs/backups.md.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from .. import authz, db, errors, paths
from ..ids import new_id
from ..schema import Village
from ..tx import Change, Op
from .copying import (
    BackupError,
    Progress,
    Steps,
    copy_evidence,
)
from .files import (
    BackupInfo,
    backups_in,
    describe,
    parse_name,
    revision_number,
)
from .making import BackupResult, backups_dir, make_backup
from .restore import RestoreResult, restore
from .rotation import STALE_PART_ELSEWHERE_S, remove_stale_parts

if TYPE_CHECKING:
    from ..ledger import Ledger

__all__ = [
    "BackupError",
    "BackupInfo",
    "BackupResult",
    "BackupService",
    "RestoreResult",
    "backup_to",
    "backups_dir",
    "before_migration",
    "daily",
    "daily_due",
    "list_backups",
    "make_backup",
    "restore",
]


def list_backups(folder: Path, where: Path | None = None) -> list[BackupInfo]:
    """The backups in ``where`` (default: the automatic backups folder), newest first, each
    opened read-only for its schema revision and village."""
    return [describe(b.path) for b in backups_in(where or backups_dir(folder))]


def daily_due(folder: Path, *, now: dt.datetime | None = None) -> bool:
    """Whether the first start of today still has to back the ledger up: there is a ledger and
    no automatic backup of today yet (one directory listing)."""
    now = now or dt.datetime.now()
    if not paths.db_path(folder).exists():
        return False
    return not _made_on(folder, now.date())


def _made_on(folder: Path, day: dt.date) -> bool:
    """Whether the folder's backups hold an automatic backup made on ``day``."""
    pattern = f"jifen_*_{day:%Y%m%d}-??????_auto*"
    made = (b for b in backups_dir(folder).glob(pattern) if parse_name(b) is not None)
    return next(made, None) is not None


def daily(
    folder: Path,
    *,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> BackupResult | None:
    """The automatic backup at the first start of a day (the program runs it on a worker, the
    window already open): None when it is not ``daily_due``. The copy is one moment of the
    ledger, taken while the program goes on recording (``backup.copying``)."""
    now = now or dt.datetime.now()
    if not daily_due(folder, now=now):
        return None
    return make_backup(folder, "auto", now=now, progress=progress, cancel=cancel)


def before_migration(
    folder: Path, old_revision: str, *, now: dt.datetime | None = None
) -> BackupResult | None:
    """The backup before the schema is upgraded from ``old_revision`` (in its name), or None
    when that revision is not an older one of ours (there is nothing to upgrade from)."""
    number = revision_number(old_revision)
    if number is None or number >= int(db.HEAD_REVISION):
        return None
    try:
        return make_backup(folder, "upgrade", revision=old_revision, now=now)
    except BackupError as exc:
        raise BackupError(
            f"升级台账之前要先备份，但备份没有做成，所以没有升级：{exc.message}"
        ) from exc


def backup_to(
    folder: Path,
    target_dir: Path,
    *,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> BackupResult:
    """A backup by hand into ``target_dir`` (a stick, another folder), with the evidence photos
    it lacks copied into ``target_dir/evidence`` (a restore from there brings them back)."""
    if target_dir.resolve() == backups_dir(folder).resolve():
        return make_backup(folder, "manual", now=now, progress=progress, cancel=cancel)
    if target_dir.is_dir():  # a copy left on the stick by a backup that was killed
        remove_stale_parts(target_dir, STALE_PART_ELSEWHERE_S)
    steps = Steps(progress, cancel)
    database = steps.part(0.0, 0.8)
    made = make_backup(
        folder, "manual", target_dir=target_dir, now=now, progress=database, cancel=cancel
    )
    try:
        copied = copy_evidence(
            paths.evidence_dir(folder), target_dir / paths.EVIDENCE_DIR_NAME, steps.part(0.8, 1.0)
        )
    except OSError as exc:
        raise BackupError(
            f"数据库已备份到 {made.backup.path}，但证明材料照片没有复制完（{exc.strerror or exc}）。"
            "请检查U盘空间后再备份一次（已复制的照片不会重复复制）。"
        ) from exc
    except errors.Cancelled as exc:
        raise errors.Cancelled(
            f"已取消：数据库已备份到 {made.backup.path}，证明材料照片没有复制完"
            "（再备份一次时只复制缺的照片）。"
        ) from exc
    return BackupResult(made.backup, made.seconds, copied, made.content_sha256)


class BackupService:
    """Backups as the admin's work: only admins, and each backup by hand or restore audited."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def list(self) -> list[BackupInfo]:
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "查看备份")
        return list_backups(self.ledger.folder)

    def backup(
        self,
        target_dir: Path | None = None,
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> Op[BackupResult]:
        """立即备份 (into the backups folder) or 备份到U盘或文件夹 (``target_dir``)."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "备份台账")
        folder = self.ledger.folder
        target_dir = target_dir or backups_dir(folder)
        result = backup_to(folder, target_dir, progress=progress, cancel=cancel)
        path = result.backup.path
        village_id = self._village_id()
        self.ledger.run(
            lambda tx: tx.audit(
                "backup.create",
                "backup",
                new_id(),
                f"备份台账：{path}",
                village_id=village_id,
                after={
                    "file": str(path),
                    "size": result.backup.size,
                    "evidence_copied": result.evidence_copied,
                },
            )
        )
        return Op(result, Change.NONE)

    def restore(
        self,
        backup_file: Path,
        *,
        other_village: bool = False,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> RestoreResult:
        """Put ``backup_file`` in place of this ledger (see ``backup.restore.restore``). The
        ledger's connections are closed just before the swap; afterwards the program must open
        the ledger again (this object still reads the file, now the restored one)."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "从备份恢复台账")
        return restore(
            self.ledger.folder,
            backup_file,
            other_village=other_village,
            actor=self.ledger.actor,
            release=self.ledger.close,
            progress=progress,
            cancel=cancel,
        )

    def _village_id(self) -> str | None:
        if self.ledger.mode == "township":
            return None
        with self.ledger.read() as s:
            return s.scalars(select(Village.id).order_by(Village.code).limit(1)).first()
