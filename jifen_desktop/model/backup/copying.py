"""Copying a ledger that may be in use: SQLite's online backup API, a page range at a time
with progress and cancel, then ``PRAGMA integrity_check`` on the copy; and copying the evidence
photos that a backup on a stick needs beside it.

The source connection holds one read transaction for the whole copy. In WAL mode that does
not stop the program from recording meanwhile, and the copy is of one moment: without it, any
write by another connection makes the backup start over at its next step (and a busy ledger
would never finish). The copy is switched to rollback-journal mode, so that it is one file
that opens read-only anywhere.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

from .. import errors
from ..files import replace_atomically

Progress = Callable[[float, str], None]
PAGES_PER_STEP = 1024  # 4 MB at SQLite's default page size: progress a few times a second
BUSY_TIMEOUT_S = 10.0


class Cancelled(errors.Cancelled):
    def __init__(self) -> None:
        super().__init__("已取消，没有留下半个备份文件。")


class BackupError(errors.DomainError):
    """A backup (or a restore's copy) could not be written or read whole."""


class Steps:
    """Progress within ``[start, end]`` of the whole job, and the user's cancel."""

    def __init__(
        self,
        progress: Progress | None,
        cancel: threading.Event | None,
        start: float = 0.0,
        end: float = 1.0,
    ) -> None:
        self.progress, self.cancel, self.start, self.end = progress, cancel, start, end

    def part(self, start: float, end: float) -> Steps:
        """The steps of a part of this job, ``start`` and ``end`` as fractions of it."""
        width = self.end - self.start
        return Steps(
            self.progress, self.cancel, self.start + width * start, self.start + width * end
        )

    def stopped(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def __call__(self, fraction: float, message: str) -> None:
        if self.stopped():
            raise Cancelled()
        if self.progress is not None:
            share = max(0.0, min(1.0, fraction))
            self.progress(self.start + (self.end - self.start) * share, message)


def copy_into(
    source: Path, target: Path, steps: Steps, *, read_only: bool = False, check: bool = True
) -> str:
    """Copy the database at ``source`` into the new file ``target`` (three quarters of the
    steps), then check the copy (the last quarter). Returns what the integrity check said
    (``ok``); with ``check``, anything else raises ``BackupError``. ``read_only`` opens the
    source without writing beside it (a file chosen to restore from)."""
    src = _open_source(source, read_only)
    try:
        dst = sqlite3.connect(target, isolation_level=None)
        try:
            _copy_snapshot(src, dst, steps.part(0.0, 0.75))
            dst.execute("PRAGMA journal_mode = DELETE").fetchone()
            verdict = integrity(dst, steps.part(0.75, 1.0))
        finally:
            dst.close()
    finally:
        src.close()
    if check and verdict != "ok":
        raise BackupError(
            f"备份的副本没有通过完整性检查（{verdict}），没有保存。台账本身可能已损坏："
            "请尽快从以前的备份恢复（设置 › 备份与恢复，或 jifen restore）。"
        )
    return verdict


def _open_source(source: Path, read_only: bool) -> sqlite3.Connection:
    """The database to copy; ``read_only`` writes nothing beside it (no journal, no WAL)."""
    if read_only:
        return sqlite3.connect(
            source.resolve().as_uri() + "?mode=ro",
            uri=True,
            isolation_level=None,
            timeout=BUSY_TIMEOUT_S,
        )
    return sqlite3.connect(source, isolation_level=None, timeout=BUSY_TIMEOUT_S)


def _copy_snapshot(src: sqlite3.Connection, dst: sqlite3.Connection, steps: Steps) -> None:
    """Copy ``src`` into ``dst`` with SQLite's backup API inside one read transaction of
    ``src`` (one snapshot for the whole copy), reporting each step."""
    src.execute("BEGIN")
    src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts
    steps(0.0, "正在复制数据库…")
    src.backup(
        dst,
        pages=PAGES_PER_STEP,
        progress=lambda _status, left, total: steps(
            (total - left) / max(total, 1), "正在复制数据库…"
        ),
    )
    src.execute("ROLLBACK")


def integrity(conn: sqlite3.Connection, steps: Steps) -> str:
    """``PRAGMA integrity_check`` in one word (``ok``) or its first complaints; stops early
    when the user cancels (SQLite's progress handler interrupts it)."""
    steps(0.0, "正在检查副本是否完好…")
    conn.set_progress_handler(lambda: 1 if steps.stopped() else 0, 100_000)
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(20)")]
    except sqlite3.OperationalError:
        if steps.stopped():
            raise Cancelled() from None
        raise
    finally:
        conn.set_progress_handler(None, 0)
    steps(1.0, "副本完好")
    return "ok" if rows == ["ok"] else "；".join(rows[:3])


def copy_evidence(source: Path, target: Path, steps: Steps) -> int:
    """Copy the evidence photos under ``source`` that ``target`` lacks, each whole or not at
    all. Their names are their content's sha256, so a file already there is the same photo and
    is not copied again. Returns how many were copied."""
    if not source.is_dir():
        return 0
    files = [p for p in source.rglob("*") if p.is_file() and not p.name.endswith(".part")]
    copied = 0
    for i, path in enumerate(files):
        if i % 20 == 0:
            steps(i / len(files), f"正在复制证明材料照片（{i + 1}/{len(files)}）…")
        destination = target / path.relative_to(source)
        if destination.exists() and destination.stat().st_size == path.stat().st_size:
            continue
        replace_atomically(destination, partial(shutil.copyfile, path))
        copied += 1
    steps(1.0, "证明材料照片已复制")
    return copied


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_checksum(path: Path, digest: str) -> None:
    """``<backup>.sha256`` beside the backup, in ``sha256sum``'s format (``sha256sum -c`` checks
    it): a restore refuses a file whose bytes changed since it was made. Integrity checks miss a
    flipped bit inside a record; this does not."""
    text = f"{digest}  {path.name}\n"
    replace_atomically(checksum_path(path), lambda tmp: tmp.write_text(text, encoding="utf-8"))


def recorded_checksum(path: Path) -> str | None:
    """The sha256 recorded when ``path`` was made; None when there is no (readable) record."""
    try:
        text = checksum_path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    word = text.split(maxsplit=1)[0] if text.strip() else ""
    return word.lower() if len(word) == 64 else None


def checksum_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows cannot open a folder this way and
    commits the rename with the file system's own journal)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_with_side_files(path: Path) -> None:
    """A database file and the journal, WAL and shared-memory files SQLite keeps beside it."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
