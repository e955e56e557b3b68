"""Backups of the ledger: made with SQLite's online backup API while the program runs, checked,
and renamed into place whole; automatic ones in ``<data folder>/backups/`` at the first start
of a day and before every upgrade of the schema or restore, kept by rotation; one by hand into
that folder or onto a stick (with the evidence photos); listing them; and ``BackupService``,
the admin's door to all this, which audits what it did.

The file format, names and checksums: ``backup.files`` and ``backup.copying``; which backups are
kept: ``backup.rotation``; putting one back: ``backup.restore`` (``restore`` is re-exported
here). How it all fits: docs/backups.md.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
import threading
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from .. import authz, db, errors, paths, privacy
from ..errors import LedgerStateError
from ..files import replace_atomically
from ..ids import new_id
from ..schema import Village
from ..tx import Change, Op
from .copying import (
    BackupError,
    Progress,
    Steps,
    copy_evidence,
    copy_into,
    remove_with_side_files,
    sync_folder,
    write_checksum,
)
from .files import (
    BackupInfo,
    backup_name,
    backups_in,
    describe,
    free_path,
    parse_name,
    read_identity,
    revision_number,
)
from .restore import RestoreResult, restore
from .rotation import STALE_PART_ELSEWHERE_S, remove_stale_parts, rotate, writing
from .xz import compress

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

BACKUPS_DIR_NAME = "backups"


@dataclass(frozen=True)
class BackupResult:
    backup: BackupInfo
    seconds: float
    evidence_copied: int = 0  # photos copied beside a backup on a stick or in a folder
    content_sha256: str = ""  # of the checked copy that was compressed: what restores give back


def backups_dir(folder: Path) -> Path:
    return folder / BACKUPS_DIR_NAME


def list_backups(folder: Path, where: Path | None = None) -> list[BackupInfo]:
    """The backups in ``where`` (default: the automatic backups folder), newest first, each
    opened read-only for its schema revision and village."""
    return [describe(b.path) for b in backups_in(where or backups_dir(folder))]


def make_backup(
    folder: Path,
    kind: str = "manual",
    *,
    target_dir: Path | None = None,
    revision: str | None = None,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    check: bool = True,
) -> BackupResult:
    """Back the ledger in ``folder`` up into ``target_dir`` (default: its backups folder, which
    is then rotated). The copy is made under a temporary name in the backups folder, checked
    (unless ``check`` is off: the copy of a damaged ledger kept before a restore), compressed
    under a temporary name in ``target_dir``, flushed and renamed."""
    source = paths.db_path(folder)
    if not source.exists():
        raise LedgerStateError(f"数据目录 {folder} 里没有台账数据库，没有可以备份的内容。")
    where = target_dir or backups_dir(folder)
    made_at = (now or dt.datetime.now()).replace(microsecond=0)
    started = time.monotonic()
    try:
        where.mkdir(parents=True, exist_ok=True)
        target = free_path(where, backup_name(_code_of(source), made_at, kind, revision))
        steps = Steps(progress, cancel)
        raw = _raw_copy_path(backups_dir(folder), target)
        digest, content = replace_atomically(
            target, lambda tmp: _copy(source, raw, tmp, steps, check)
        )
        write_checksum(target, digest)
        sync_folder(where)
    except sqlite3.Error as exc:
        raise _failed(where, exc) from exc
    except OSError as exc:
        raise _failed(where, exc) from exc
    if where == backups_dir(folder):
        rotate(where, source.stat().st_size)
    return BackupResult(describe(target), time.monotonic() - started, content_sha256=content)


def _raw_copy_path(where: Path, target: Path) -> Path:
    """A new private file in the backups folder (on the computer's own disk, also for a backup
    onto a stick), named as a temporary copy of ``target`` (``backup.rotation.PART_RE``: what a
    killed backup leaves is removed later)."""
    privacy.make_private_dir(where)
    fd, name = tempfile.mkstemp(dir=where, prefix=f".{target.stem}-", suffix=".part")
    os.close(fd)
    return Path(name)


def _copy(source: Path, raw: Path, tmp: Path, steps: Steps, check: bool) -> tuple[str, str]:
    """The checked copy at ``raw``, compressed into ``tmp`` (both marked as being written; the
    copy removed afterwards): the SHA-256 of the compressed file and of the copy."""
    try:
        with writing(raw), writing(tmp):
            copy_into(source, raw, steps.part(0.0, 0.6), check=check)
            return compress(raw, tmp, steps.part(0.6, 1.0))
    finally:
        remove_with_side_files(raw)


def daily_due(folder: Path, *, now: dt.datetime | None = None) -> bool:
    """Whether the first start of today still has to back the ledger up: there is a ledger and
    no automatic backup of today yet (one directory listing)."""
    now = now or dt.datetime.now()
    if not paths.db_path(folder).exists():
        return False
    pattern = f"jifen_*_{now:%Y%m%d}-??????_auto*"
    made = (b for b in backups_dir(folder).glob(pattern) if parse_name(b) is not None)
    return next(made, None) is None


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


def _code_of(database: Path) -> str:
    """The village (or township) code for the backup's name; empty when it cannot be read."""
    try:
        with closing(sqlite3.connect(database, timeout=10.0)) as conn:
            identity = read_identity(conn)
    except sqlite3.Error:
        return ""
    return identity.code if identity else ""


def _failed(where: Path, exc: BaseException) -> BackupError:
    reason = getattr(exc, "strerror", None) or str(exc)
    if "malformed" in reason or "not a database" in reason:
        return BackupError(
            f"台账数据库读不出来（{reason}），没有做成备份。台账可能已损坏："
            "请从以前的备份恢复（设置 › 备份与恢复，或 jifen restore）。"
        )
    if "full" in reason or getattr(exc, "errno", None) == 28:
        return BackupError(f"{where} 所在的磁盘或U盘空间不够，备份没有做成：请腾出空间后再备份。")
    return BackupError(
        f"无法把备份写到 {where}（{reason}），备份没有做成：请检查U盘是否插好、"
        "文件夹能否写入、空间是否足够，然后再备份一次。"
    )
