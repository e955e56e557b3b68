"""Putting a backup back in place of the ledger, all or nothing.

In this order (docs/backups.md says why):

1. the backup's bytes are checked against the checksum recorded when it was made (when the
   ``.sha256`` beside it is there);
2. it is copied (SQLite's backup API, reading it read-only) to a temporary file in the data
   folder — a compressed backup (``….sqlite3.xz``) is decompressed there instead, xz checking
   that the bytes are those compressed — and the copy is checked: ``PRAGMA integrity_check``, our schema at or below the
   program's (a newer one is refused), a replica row, and the same village as the ledger now
   there (another village only when asked for, ``other_village``);
3. the copy is upgraded to the program's schema when older, a village's gets a fresh replica id
   (``backup.replica``: it must not reuse sequence numbers already sent), and the restore is
   audited in it;
4. evidence photos beside the backup that the data folder lacks are copied in (only added);
5. the ledger now there is kept: a 恢复前 backup (a raw copy when SQLite cannot read it);
6. the swap: the program's own connections are closed (``release``); the current file is
   switched out of WAL mode, which folds its WAL into it and fails while any other program
   has it open (then nothing is swapped); leftover ``-wal``/``-shm``/``-journal`` files are
   removed *before* the rename, so that SQLite can never apply the old WAL to the new file;
   the checked copy is renamed over ``ledger.sqlite3`` and the folder synced.

The whole restore holds the data folder's lock (``instance_lock``), so a window open on the
folder in another process refuses it by name, and none starts meanwhile; and ``write_lock``
exclusive, so that no ``jifen`` command writes into the ledger after it was kept aside. A failure or a cancel
before the rename removes the temporary copy and leaves the ledger as it was (a copy left by a
restore that was killed is removed by the next one); the rename itself is atomic.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
import threading
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import db, instance_lock, paths, write_lock
from ..chain_scope import retirement
from ..errors import DomainError
from ..ids import new_id
from ..tx import Actor
from ..write_session import write_transaction
from .copying import (
    BackupError,
    Progress,
    Steps,
    copy_evidence,
    copy_into,
    integrity,
    recorded_checksum,
    remove_with_side_files,
    sha256_of,
    sync_folder,
)
from .files import (
    BackupInfo,
    Identity,
    backup_name,
    counts,
    describe,
    free_path,
    read_identity,
    revision_number,
    schema_revision,
)
from .making import backups_dir, make_backup
from .replica import Renewal, renew_replica
from .xz import Damaged, decompress, is_compressed

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sqlalchemy import Engine

RESTORE_PURPOSE = "从备份恢复台账（jifen restore 或 设置 › 备份与恢复）"
IN_USE = (
    "台账正被另一个积分台账窗口或 jifen 命令使用，没有恢复：请先关闭它们（任务栏里看看），再恢复。"
)


class RestoreRefused(DomainError):
    """The chosen file cannot be restored: not a ledger, damaged, too new, another village."""


class OtherVillageBackup(RestoreRefused):
    """The backup is another village's; restored only when asked for explicitly."""

    def __init__(self, backup: Identity, current: Identity) -> None:
        super().__init__(
            f"这个备份是{backup.label}的，现在的台账是{current.label}的，没有恢复。"
            f"如确实要用{backup.name or '这个备份'}替换{current.name or '现在的台账'}，"
            "请在确认时选“仍要恢复”（命令行加 --other-village）。"
        )
        self.backup, self.current = backup, current


class LedgerInUse(DomainError):
    """Another program has the ledger open; swapping it now would corrupt what it writes."""


@dataclass(frozen=True)
class RestoreResult:
    backup: BackupInfo  # the file restored from, as it was
    kept: BackupInfo | None  # the 恢复前 copy of the ledger it replaced (None: there was none)
    upgraded_from: str | None  # the backup's schema revision when it was upgraded
    households: int
    entries: int
    evidence_copied: int
    other_village: bool  # replaced another village's ledger, as asked
    other_replica: bool  # made on another computer of the village
    # The replica the restored ledger continues under, and the one it left behind (None: a
    # township database, which keeps its own)
    renewal: Renewal | None = None


@dataclass(frozen=True)
class _Candidate:
    identity: Identity
    revision: str
    counts: dict[str, int]


def restore(
    folder: Path,
    backup_file: Path,
    *,
    other_village: bool = False,
    actor: Actor | None = None,
    release: Callable[[], None] | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    now: dt.datetime | None = None,
) -> RestoreResult:
    """Restore ``backup_file`` as the ledger of ``folder`` (the order: the module's docstring),
    holding the folder's lock (``instance_lock``: a window open on the folder in another process
    refuses it, naming itself). ``actor`` is who is audited; ``release`` closes the caller's own
    connections."""
    backup_file = Path(backup_file)
    _refuse_obvious(backup_file, paths.db_path(folder))
    with (
        instance_lock.acquire(folder, RESTORE_PURPOSE),
        write_lock.exclusive(folder, RESTORE_PURPOSE),
    ):
        return _restore(
            folder, backup_file, other_village, actor, release, Steps(progress, cancel), now
        )


def _restore(
    folder: Path,
    backup_file: Path,
    other_village: bool,
    actor: Actor | None,
    release: Callable[[], None] | None,
    steps: Steps,
    now: dt.datetime | None,
) -> RestoreResult:
    target = paths.db_path(folder)
    _check_checksum(backup_file, steps.part(0.0, 0.1))
    current = _identity_of(target)
    temp = _fresh_temp(folder)
    try:
        with _nothing_changed_on_failure():
            candidate = _copy_and_check(backup_file, temp, steps.part(0.1, 0.6))
            is_other = _check_village(candidate.identity, current, other_village)
            upgraded_from, renewal = _upgrade_and_audit(temp, folder, candidate, backup_file, actor)
            evidence = _copy_evidence(backup_file, folder, steps.part(0.6, 0.7))
            kept = _keep_current(folder, now, steps.part(0.7, 0.95))
            steps(0.95, "正在换上备份…")
            if release is not None:
                release()
            _swap(temp, target)
    finally:
        remove_with_side_files(temp)
    # No progress call after the swap: a progress callback may raise for a cancel, and the
    # restore is done by now.
    return RestoreResult(
        describe(backup_file),
        kept,
        upgraded_from,
        candidate.counts["households"],
        candidate.counts["entries"],
        evidence,
        is_other,
        current is not None and current.replica_id != candidate.identity.replica_id,
        renewal,
    )


def _fresh_temp(folder: Path) -> Path:
    """A new private temporary file in ``folder`` for the backup's copy; the copies of restores
    that were killed are removed first (none runs beside this one: it holds the folder)."""
    _remove_killed_copies(folder)
    fd, name = tempfile.mkstemp(dir=folder, prefix=".restore-", suffix=".part")
    os.close(fd)
    return Path(name)


def _remove_killed_copies(folder: Path) -> None:
    """Remove what restores that were killed left in ``folder``: their copies of a backup."""
    for stale in folder.glob(".restore-*.part*"):
        stale.unlink(missing_ok=True)


@contextmanager
def _nothing_changed_on_failure() -> Iterator[None]:
    """SQLite's and the disk's failures before the swap said as a ``BackupError``: the ledger
    there is as it was."""
    try:
        yield
    except sqlite3.Error as exc:
        raise BackupError(f"恢复没有做成，现在的台账没有改动（{exc}）。") from exc
    except OSError as exc:
        raise BackupError(
            f"恢复没有做成，现在的台账没有改动（{exc.strerror or exc}）：请检查磁盘空间后再试。"
        ) from exc


def _refuse_obvious(backup_file: Path, target: Path) -> None:
    if not backup_file.is_file():
        raise RestoreRefused(f"找不到备份文件 {backup_file}，请检查文件名和位置。")
    if target.exists() and backup_file.resolve() == target.resolve():
        raise RestoreRefused("选中的就是正在使用的台账文件本身，请选择一个备份文件。")


def _check_checksum(backup_file: Path, steps: Steps) -> None:
    recorded = recorded_checksum(backup_file)
    if recorded is None:
        return
    steps(0.0, "正在核对备份文件的校验值…")
    if sha256_of(backup_file) != recorded:
        raise RestoreRefused(_changed_since_made(backup_file))


def _changed_since_made(backup_file: Path) -> str:
    """A backup whose checksum no longer matches, in words, and what to do."""
    return (
        f"备份文件“{backup_file.name}”和做备份时不一样了（校验值不符），可能U盘或硬盘已损坏，"
        "没有恢复：请换一个日期的备份。"
    )


def _copy_and_check(backup_file: Path, temp: Path, steps: Steps) -> _Candidate:
    name = backup_file.name
    not_ours = (
        f"“{name}”不是积分台账的备份文件，没有恢复：请选择 jifen_…sqlite3 备份文件"
        "（或以前数据目录里的 ledger.sqlite3）。"
    )
    damaged = "备份文件“{0}”已损坏（完整性检查：{1}），不能用来恢复：请换一个日期的备份。"
    try:
        verdict = _bring_in(backup_file, temp, steps)
    except Damaged as exc:
        raise RestoreRefused(
            f"备份文件“{name}”已损坏，解压不出来（{exc}），可能U盘或硬盘出了问题，没有恢复："
            "请换一个日期的备份。"
        ) from exc
    except sqlite3.DatabaseError as exc:
        if "malformed" in str(exc):
            raise RestoreRefused(damaged.format(name, exc)) from exc
        if "full" in str(exc):
            raise
        raise RestoreRefused(not_ours) from exc
    if verdict != "ok":
        raise RestoreRefused(damaged.format(name, verdict))
    with closing(sqlite3.connect(temp)) as conn:
        revision = schema_revision(conn)
        number = revision_number(revision)
        if revision is None or number is None:
            raise RestoreRefused(not_ours)
        if number > int(db.HEAD_REVISION):
            raise RestoreRefused(
                "这个备份来自更新版本的积分台账，请先升级程序，再恢复（备份的数据库结构是 "
                f"{revision}，本程序只认到 {db.HEAD_REVISION}）。"
            )
        identity = read_identity(conn)
        if identity is None:
            raise RestoreRefused(not_ours)
        return _Candidate(identity, revision, counts(conn))


def _bring_in(backup_file: Path, temp: Path, steps: Steps) -> str:
    """The backup's ledger at ``temp`` (decompressed, or copied through SQLite) and what the
    integrity check says of it."""
    if not is_compressed(backup_file):
        return copy_into(backup_file, temp, steps, read_only=True, check=False)
    decompress(backup_file, temp, steps.part(0.0, 0.75))
    with closing(sqlite3.connect(temp, isolation_level=None)) as conn:
        return integrity(conn, steps.part(0.75, 1.0))


def _check_village(backup: Identity, current: Identity | None, other_village: bool) -> bool:
    """Whether the backup is another village's (allowed only with ``other_village``)."""
    if current is None or not current.code:
        return False  # nothing here yet (a new computer) or unreadable: nothing to mix up
    if (backup.mode, backup.code) == (current.mode, current.code):
        return False
    if not other_village:
        raise OtherVillageBackup(backup, current)
    return True


def _upgrade_and_audit(
    temp: Path, folder: Path, candidate: _Candidate, backup_file: Path, actor: Actor | None
) -> tuple[str | None, Renewal | None]:
    """Upgrade the copy when its schema is older, give it a fresh replica id (a village's:
    ``backup.replica``), then record the restore in its audit log — the new replica's first
    record, naming the one left behind; leave it one file (out of WAL mode) for the rename."""
    older = candidate.revision != db.HEAD_REVISION
    engine = db.make_engine(temp)
    try:
        if older:
            db.upgrade(engine)
        marker = new_id()
        renewal = renew_replica(engine, marker)
        _audit_restore(engine, folder, candidate, backup_file, actor, marker, renewal)
    finally:
        engine.dispose()
    with closing(sqlite3.connect(temp, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    return (candidate.revision if older else None), renewal


def _audit_restore(
    engine: Engine,
    folder: Path,
    candidate: _Candidate,
    backup_file: Path,
    actor: Actor | None,
    marker: str,
    renewal: Renewal | None,
) -> None:
    village_id = _first_village_id(engine) if candidate.identity.mode != "township" else None
    renewed = f"（本机从此以新的副本编号 {renewal.new[-8:]} 记账）" if renewal else ""
    summary = f"从备份恢复台账{renewed}：{backup_file}"
    if candidate.revision != db.HEAD_REVISION:
        summary += f"（数据库结构从 {candidate.revision} 升级）"
    after: dict[str, object] = {
        "file": str(backup_file),
        "revision": candidate.revision,
        **candidate.counts,
    }
    if renewal is not None:
        after.update(retirement(renewal.old, renewal.last_seq))
    with write_transaction(db.writer(engine), actor or Actor.system(), paths.db_path(folder)) as tx:
        tx.audit("backup.restore", "backup", marker, summary, village_id=village_id, after=after)


def _first_village_id(engine: Engine) -> str | None:
    with engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT id FROM villages WHERE is_deleted = 0 ORDER BY code LIMIT 1"
        ).first()
    return str(row[0]) if row else None


def _copy_evidence(backup_file: Path, folder: Path, steps: Steps) -> int:
    """Photos kept beside a backup on a stick (``evidence/``) that this folder lacks."""
    if backup_file.parent.resolve() == backups_dir(folder).resolve():
        return 0
    return copy_evidence(
        backup_file.parent / paths.EVIDENCE_DIR_NAME, paths.evidence_dir(folder), steps
    )


def _keep_current(folder: Path, now: dt.datetime | None, steps: Steps) -> BackupInfo | None:
    """The 恢复前 backup of the ledger about to be replaced: through SQLite when it can read
    it (kept even when damaged), else the file's bytes as they are."""
    if not paths.db_path(folder).exists():
        return None
    try:
        made = make_backup(
            folder, "restore", now=now, check=False, progress=steps, cancel=steps.cancel
        )
        return made.backup
    except BackupError:
        pass
    source = paths.db_path(folder)
    where = backups_dir(folder)
    where.mkdir(parents=True, exist_ok=True)
    made_at = (now or dt.datetime.now()).replace(microsecond=0)
    target = free_path(where, backup_name("", made_at, "restore", plain=True))
    shutil.copyfile(source, target)
    wal = Path(f"{source}-wal")
    if wal.exists():
        shutil.copyfile(wal, f"{target}-wal")
    return describe(target)


def _identity_of(database: Path) -> Identity | None:
    if not database.exists():
        return None
    try:
        with closing(sqlite3.connect(database, timeout=10.0)) as conn:
            return read_identity(conn)
    except sqlite3.Error:
        return None


def _swap(temp: Path, target: Path) -> None:
    if target.exists():
        shutil.copymode(target, temp)  # the temporary file was made private (0600)
    _take_over(target)
    try:
        os.replace(temp, target)
    except PermissionError as exc:  # Windows: another program opened it meanwhile
        raise LedgerInUse(IN_USE) from exc
    sync_folder(target.parent)


def _take_over(target: Path) -> None:
    """Fold the current file's WAL into it and make sure no other program has it open (leaving
    WAL mode needs the only connection), then remove every file SQLite keeps beside it."""
    if target.exists():
        try:
            with closing(sqlite3.connect(target, timeout=2.0, isolation_level=None)) as conn:
                mode = str(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0])
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise LedgerInUse(IN_USE) from exc
            mode = "delete"  # unreadable: its raw copy (with its WAL) is kept already
        except sqlite3.DatabaseError:
            mode = "delete"
        if mode != "delete":
            raise LedgerInUse(IN_USE)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
