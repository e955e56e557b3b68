"""Which backups in ``<data folder>/backups/`` are kept, and removing the rest.

Automatic backups are kept grandfather-father-son: the newest backup of each of the last 7
days, of each of the last 4 ISO weeks and of each of the last 12 months *that have a backup*
(a laptop started twice a week still keeps 7 daily ones, reaching back a few weeks), which
always includes the newest. Backups made by hand, before an upgrade and before a restore are
never touched by that rule: each kind keeps its own last few (``KEEP_LAST``). Each village's
backups are counted apart, and a file whose name is not ours is never removed.

Then a cap on the total: what is kept must stay under ``CAP_TIMES_LEDGER`` times the ledger's
size. Beyond it the oldest go first, but never the newest backup of a kind (of a village), nor
a 升级前 or 恢复前 backup of the last ``PROTECTED_DAYS`` days (counted back from the newest
backup in the folder). Compressed, the 7/4/12 rotation of a ledger keeps about two ledgers'
worth, so the cap mostly takes the old uncompressed backups and a pile of ones made by hand.
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

from .files import BackupInfo, backups_in

DAILY, WEEKLY, MONTHLY = 7, 4, 12
KEEP_LAST = {"manual": 10, "upgrade": 5, "restore": 5}
CAP_TIMES_LEDGER = 2.5  # the target is "all backups < 3× the ledger"; this leaves room for growth
PROTECTED_DAYS = 30
PROTECTED_KINDS = ("upgrade", "restore")
STALE_PART_S = 24 * 3600  # a half-written copy this old belongs to a backup that was killed
# On a stick: copies not written to for this long and held by no backup (see remove_stale_parts)
STALE_PART_ELSEWHERE_S = 10 * 60
# A backup's temporary copy (``files.replace_atomically``: ``.<name>-<random>.part``), of the
# backup or its checksum, and the journal SQLite may leave beside it
PART_RE = re.compile(
    r"\.jifen_[0-9A-Za-z]+_\d{8}-\d{6}_(?:auto|manual|upgrade|restore)(?:-r\d{4})?(?:_\d+)?"
    r"(?:\.sqlite3(?:\.xz)?(?:\.sha256)?)?-[0-9A-Za-z_]+\.part(?:-journal|-wal|-shm)?"
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


def to_remove(backups: list[BackupInfo], cap: int | None = None) -> list[BackupInfo]:
    """The backups the rotation removes (``backups`` as ``backups_in`` lists them), with the
    total of the rest kept under ``cap`` bytes when given (``over_cap``)."""
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
    if cap is not None:
        gone = {b.path for b in removed}
        removed += over_cap([b for b in backups if b.path not in gone], cap)
    return removed


def over_cap(kept: list[BackupInfo], cap: int) -> list[BackupInfo]:
    """The oldest of ``kept`` that must go for the rest to total at most ``cap`` bytes, sparing
    the newest of each kind of each village and recent 升级前 / 恢复前 backups."""
    total = sum(b.size for b in kept)
    if total <= cap or not kept:
        return []
    oldest_first = sorted(kept, key=lambda b: (b.made_at, b.path.name))
    newest = {(b.village_code, b.kind): b.path for b in oldest_first}
    recent = oldest_first[-1].made_at - dt.timedelta(days=PROTECTED_DAYS)
    removed = []
    for backup in oldest_first:
        if total <= cap:
            break
        if backup.path == newest[(backup.village_code, backup.kind)]:
            continue
        if backup.kind in PROTECTED_KINDS and backup.made_at >= recent:
            continue
        removed.append(backup)
        total -= backup.size
    return removed


def rotate(folder: Path, ledger_size: int | None = None) -> list[Path]:
    """Remove what the rotation does not keep from the backups folder ``folder`` (with the cap
    on the total when ``ledger_size`` is given), and half-written copies left by a backup that
    was killed. Returns the removed files."""
    cap = None if ledger_size is None else int(ledger_size * CAP_TIMES_LEDGER)
    removed = [b.path for b in to_remove(backups_in(folder), cap)]
    for path in removed:
        _remove_backup(path)
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


def _remove_backup(path: Path) -> None:
    """Remove a backup, its checksum, and the WAL kept beside the raw copy of a ledger SQLite
    could not read."""
    for suffix in ("", ".sha256", "-wal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


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
