"""Making one backup of the ledger: SQLite's online backup API into a private temporary copy,
checked, compressed under a temporary name in the target folder, flushed and renamed into
place; the automatic backups folder is rotated after. ``backup.service`` makes its backups here
(by hand, daily, before an upgrade) and so does ``backup.restore`` (the 恢复前 backup)."""

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

from .. import paths, privacy
from ..errors import LedgerStateError
from ..files import replace_atomically
from .copying import (
    BackupError,
    Progress,
    Steps,
    copy_into,
    remove_with_side_files,
    sync_folder,
    write_checksum,
)
from .files import BackupInfo, backup_name, describe, free_path, read_identity
from .rotation import rotate, writing
from .xz import compress

BACKUPS_DIR_NAME = "backups"


@dataclass(frozen=True)
class BackupResult:
    backup: BackupInfo
    seconds: float
    evidence_copied: int = 0  # photos copied beside a backup on a stick or in a folder
    content_sha256: str = ""  # of the checked copy that was compressed: what restores give back


def backups_dir(folder: Path) -> Path:
    return folder / BACKUPS_DIR_NAME


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
