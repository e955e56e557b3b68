"""Which backups in ``<data folder>/backups/`` are kept, and removing the rest.

Automatic backups are kept grandfather-father-son: the newest backup of each of the last 7
days, of each of the last 4 ISO weeks and of each of the last 12 months *that have a backup*
(a laptop started twice a week still keeps 7 daily ones, reaching back a few weeks), which
always includes the newest. Backups made by hand, before an upgrade and before a restore are
never touched by that rule: each kind keeps its own last few (``KEEP_LAST``). Each village's
backups are counted apart, and a file whose name is not ours is never removed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import time
from collections.abc import Callable, Hashable, Iterable, Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: a file being written cannot be removed anyway
    fcntl = None  # type: ignore[assignment]

from .backup_files import BackupInfo, backups_in

DAILY, WEEKLY, MONTHLY = 7, 4, 12
KEEP_LAST = {"manual": 10, "upgrade": 5, "restore": 5}
STALE_PART_S = 24 * 3600  # a half-written copy this old belongs to a backup that was killed
# On a stick: copies not written to for this long and held by no backup (see remove_stale_parts)
STALE_PART_ELSEWHERE_S = 10 * 60
# A backup's temporary copy (``files.replace_atomically``: ``.<name>-<random>.part``), of the
# backup or its checksum, and the journal SQLite may leave beside it
PART_RE = re.compile(
    r"\.jifen_[0-9A-Za-z]+_\d{8}-\d{6}_(?:auto|manual|upgrade|restore)(?:-r\d{4})?(?:_\d+)?"
    r"(?:\.sqlite3(?:\.sha256)?)?-[0-9A-Za-z_]+\.part(?:-journal|-wal|-shm)?"
)

Period = Callable[[dt.datetime], Hashable]
RULES: tuple[tuple[Period, int], ...] = (
    (lambda t: t.date(), DAILY),
    (lambda t: t.isocalendar()[:2], WEEKLY),
    (lambda t: (t.year, t.month), MONTHLY),
)


def kept_automatic(made: Iterable[dt.datetime]) -> set[dt.datetime]:
    """The times of the automatic backups to keep, out of ``made``."""
    newest_first = sorted(set(made), reverse=True)
    keep: set[dt.datetime] = set()
    for period, count in RULES:
        seen: set[Hashable] = set()
        for made_at in newest_first:
            key = period(made_at)
            if key not in seen:
                if len(seen) == count:
                    break
                seen.add(key)
                keep.add(made_at)
    return keep


def to_remove(backups: list[BackupInfo]) -> list[BackupInfo]:
    """The backups the rotation removes (``backups`` as ``backups_in`` lists them)."""
    groups: dict[tuple[str, str], list[BackupInfo]] = {}
    for backup in backups:
        groups.setdefault((backup.village_code, backup.kind), []).append(backup)
    removed: list[BackupInfo] = []
    for (_code, kind), group in groups.items():
        group.sort(key=lambda b: (b.made_at, b.path.name), reverse=True)
        if kind == "auto":
            chosen = kept_automatic(b.made_at for b in group)
            removed += [b for b in group if b.made_at not in chosen]
        elif kind in KEEP_LAST:
            removed += group[KEEP_LAST[kind] :]
    return removed


def rotate(folder: Path) -> list[Path]:
    """Remove what the rotation does not keep from the backups folder ``folder``, and
    half-written copies left by a backup that was killed. Returns the removed files."""
    removed = [b.path for b in to_remove(backups_in(folder))]
    for path in removed:
        # its checksum, and the WAL kept beside the raw copy of a ledger SQLite could not read
        for suffix in ("", ".sha256", "-wal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    remove_stale_parts(folder, STALE_PART_S)
    return removed


def remove_stale_parts(folder: Path, older_than_s: float) -> list[Path]:
    """Remove the half-written copies a killed backup left in ``folder`` (the backups folder, or
    a stick: hidden, and as large as the ledger): only files named as ours (``PART_RE``), not
    written to for ``older_than_s``, and that no backup is writing (``writing`` holds a lock on
    its copy; on Windows a file open elsewhere cannot be removed). Returns what was removed."""
    cutoff = time.time() - older_than_s
    removed = []
    for part in folder.glob(".jifen_*.part*"):
        try:
            if not PART_RE.fullmatch(part.name) or part.stat().st_mtime >= cutoff:
                continue
            if _being_written(part):
                continue
            part.unlink()
        except OSError:
            continue
        removed.append(part)
    return removed


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """Mark the temporary copy at ``path`` as being written while the block runs."""
    fd = os.open(path, os.O_RDONLY)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _being_written(path: Path) -> bool:
    if fcntl is None:
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False
