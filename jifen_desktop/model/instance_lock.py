"""One program per data folder: an exclusive lock on ``<data folder>/jifen.lock``, held by the
operating system for as long as the process that took it lives.

The lock is ``flock`` on Linux and ``msvcrt.locking`` on Windows. The system lets go of it when
the process ends in any way, so a pulled plug, a crash or ``kill -9`` never leaves a stale lock
that keeps the clerk out; the file itself stays (removing it would race the next taker). The
holder writes its process id, start time and purpose into the file, only for the message that
names it; whether the folder is taken is decided by the lock alone.

The desktop program holds the lock while it runs (``try_acquire``). ``jifen`` commands run beside
it (SQLite keeps their transactions apart); a command that must have the folder to itself (a
restore, making a ledger with ``jifen init`` or ``jifen demo``) asks ``held_by_other`` or takes
the lock with ``acquire`` (``setting_up`` for a new ledger). Between the commands and a restore
stands a second lock, shared and exclusive: ``write_lock``. Within one process the lock is
re-entrant: a second ``acquire`` of a folder this process holds succeeds and is released with it.

A start that made no ledger after all (the wizard cancelled, ``jifen demo`` failed) leaves the
folder as it found it: ``leave`` removes the lock file it made, and the folder when it made that.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import logging
import os
import socket
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import LedgerStateError
from .paths import db_path

LOCK_FILE_NAME = "jifen.lock"
WRITE_LOCK_FILE_NAME = "jifen-writes.lock"  # ``write_lock``'s; ``leave`` tidies it too
GUI_PURPOSE = "积分台账窗口"
# Windows locks are mandatory (a locked byte cannot be read by others): the lock is taken on one
# byte far past the holder's note, so that the note stays readable to the one refused.
_LOCK_OFFSET = 1 << 20
_NOTE_MAX = 4096
# A probe by ``held_by_other`` holds the lock for a moment; a start-up that meets it tries again.
_ATTEMPTS = 4
_ATTEMPT_PAUSE_S = 0.05
_BUSY_ERRNOS = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, getattr(errno, "EDEADLOCK", -1)}

log = logging.getLogger("jifen.instance_lock")


@dataclass(frozen=True)
class LockHolder:
    """Who holds a data folder, as the holder wrote it down (None where the note is unreadable:
    a holder still writing it, or a file from another program)."""

    pid: int | None
    started_at: dt.datetime | None
    purpose: str
    host: str

    def describe(self) -> str:
        """E.g. ``积分台账窗口（进程号 4242，11月21日 09:30 起）``."""
        facts = self._facts()
        who = self.purpose or "另一个积分台账程序"
        return f"{who}（{'，'.join(facts)}）" if facts else who

    def _facts(self) -> list[str]:
        """What the holder wrote of itself: its process, since when, on which computer."""
        facts = []
        if self.pid is not None:
            facts.append(f"进程号 {self.pid}")
        if self.started_at is not None:
            facts.append(f"{self.started_at:%m月%d日 %H:%M} 起")
        if self.host and self.host != socket.gethostname():
            facts.append(f"在电脑 {self.host} 上")
        return facts


class FolderInUse(LedgerStateError):
    """Another program holds the data folder; the message names it and says what to do."""

    def __init__(self, folder: Path, holder: LockHolder | None) -> None:
        who = holder.describe() if holder is not None else "另一个积分台账程序"
        super().__init__(
            f"数据目录 {folder} 正被{who}使用。请先关掉它（或等它做完）再试；"
            "如果找不到它，重新启动电脑后再试。"
        )
        self.folder = folder
        self.holder = holder


class InstanceLock:
    """The lock on one data folder, held by this process until ``release`` (or its end)."""

    def __init__(self, folder: Path, fd: int | None, holder: LockHolder) -> None:
        self.folder = folder
        self.holder = holder
        self._fd = fd
        self._depth = 1

    @property
    def path(self) -> Path:
        return lock_path(self.folder)

    @property
    def enforced(self) -> bool:
        """False where the file system cannot lock (some network shares): the program runs, but
        nothing keeps a second one out."""
        return self._fd is not None

    @property
    def held(self) -> bool:
        return self._depth > 0

    def release(self) -> None:
        """Let go (the last of nested ``acquire``\\ s does); releasing twice does nothing."""
        if self._depth == 0:
            return
        self._depth -= 1
        if self._depth > 0:
            return
        _held.pop(_key(self.folder), None)
        if self._fd is not None:
            fd, self._fd = self._fd, None
            with contextlib.suppress(OSError):  # closing lets go in any case
                _unlock(fd)
            os.close(fd)

    def discard(self) -> None:
        """Release and remove the lock file (a folder given up: a first start cancelled before
        a ledger was made leaves the folder as it found it). Removed while still held, so that
        no one can have taken it in between."""
        if self._depth == 1 and self._fd is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()
        self.release()

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


_held: dict[Path, InstanceLock] = {}


def lock_path(folder: Path) -> Path:
    return folder / LOCK_FILE_NAME


def try_acquire(folder: Path, purpose: str = GUI_PURPOSE) -> InstanceLock | None:
    """Take the folder's lock (making the folder if need be), or None while another process
    holds it. Raises ``LedgerStateError`` when the folder cannot be written at all."""
    key = _key(folder)
    mine = _held.get(key)
    if mine is not None:
        mine._depth += 1
        return mine
    fd = _open_for_lock(folder)
    for attempt in range(_ATTEMPTS):
        try:
            _lock(fd)
            break
        except OSError as exc:
            if exc.errno not in _BUSY_ERRNOS:
                log.warning(
                    "数据目录 %s 所在的磁盘不支持文件锁（%s），不能防止重复打开", folder, exc
                )
                os.close(fd)
                return _remember(key, InstanceLock(folder, None, holder_note(purpose)))
            if attempt == _ATTEMPTS - 1:
                os.close(fd)
                return None
            time.sleep(_ATTEMPT_PAUSE_S)
    note = holder_note(purpose)
    write_note(fd, note)
    return _remember(key, InstanceLock(folder, fd, note))


def acquire(folder: Path, purpose: str) -> InstanceLock:
    """``try_acquire``, or ``FolderInUse`` naming the holder. ``purpose`` is what the holder is
    doing, for the message another program shows, e.g. ``恢复备份（jifen restore）``."""
    lock = try_acquire(folder, purpose)
    if lock is None:
        raise FolderInUse(folder, read_holder(folder))
    return lock


def held_by_other(folder: Path) -> LockHolder | None:
    """Who holds the data folder, when it is another process; None when no one or this process
    does. Makes no file and takes no lock that outlives the call."""
    if _key(folder) in _held:
        return None
    path = lock_path(folder)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None  # no lock file (or none we may read): no program has the folder
    try:
        _lock(fd)
    except OSError as exc:
        if exc.errno in _BUSY_ERRNOS:
            return read_note(fd) or LockHolder(None, None, "", "")
        return None  # a file system without locks: nothing can be known
    else:
        _unlock(fd)
        return None
    finally:
        os.close(fd)


def read_holder(folder: Path) -> LockHolder | None:
    """What the holder wrote in the lock file (held or not: for messages only)."""
    try:
        fd = os.open(lock_path(folder), os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        return read_note(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class FoundAs:
    """What was there before a start took a folder's lock (both made by the taking)."""

    folder: bool
    lock_file: bool


def found_as(folder: Path) -> FoundAs:
    return FoundAs(folder.exists(), lock_path(folder).exists())


def leave(lock: InstanceLock, found: FoundAs) -> None:
    """Release ``lock``; when its folder holds no ledger (nothing was made), leave the folder as
    it was ``found``: the lock file removed when it was not there, the folder when it was made
    for this (and is still empty)."""
    folder = lock.folder
    if db_path(folder).exists() or found.lock_file:
        lock.release()
        return
    # A restore that made nothing (refused) leaves the write lock's file: no command holds a
    # folder without a ledger, and no restore can while this lock is held.
    with contextlib.suppress(OSError):
        (folder / WRITE_LOCK_FILE_NAME).unlink(missing_ok=True)
    lock.discard()
    if not found.folder:
        with contextlib.suppress(OSError):  # not empty: something else was put there meanwhile
            folder.rmdir()


@contextlib.contextmanager
def setting_up(folder: Path, purpose: str) -> Iterator[InstanceLock]:
    """The folder's lock while a new ledger is made in it (``FolderInUse`` while another
    program holds it); released at the end, and the folder left as found when none was made."""
    found = found_as(folder)
    lock = acquire(folder, purpose)
    try:
        yield lock
    finally:
        leave(lock, found)


# -- the note ------------------------------------------------------------------------------


def holder_note(purpose: str) -> LockHolder:
    """This process as the holder of a lock (also ``write_lock``'s)."""
    return LockHolder(os.getpid(), dt.datetime.now().replace(microsecond=0), purpose, _host())


def _host() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""


def write_note(fd: int, holder: LockHolder) -> None:
    data = json.dumps(
        {
            "pid": holder.pid,
            "started_at": holder.started_at.isoformat() if holder.started_at else None,
            "purpose": holder.purpose,
            "host": holder.host,
        },
        ensure_ascii=False,
    ).encode("utf-8")
    try:
        # Overwritten in place, then cut: a reader meanwhile sees the old note or the new one
        # followed by the old one's tail, which ``raw_decode`` ignores.
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, data)
        os.ftruncate(fd, len(data))
    except OSError as exc:  # the note only words a message; the lock is what counts
        log.warning("写不进锁文件的说明：%s", exc)


def read_note(fd: int) -> LockHolder | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, _NOTE_MAX).decode("utf-8", errors="replace")
        data, _end = json.JSONDecoder().raw_decode(text)
        started = data.get("started_at")
        return LockHolder(
            int(data["pid"]) if data.get("pid") is not None else None,
            dt.datetime.fromisoformat(started) if started else None,
            str(data.get("purpose") or ""),
            str(data.get("host") or ""),
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


# -- the operating system's lock ----------------------------------------------------------


def _key(folder: Path) -> Path:
    return Path(os.path.normcase(folder.resolve()))


def _remember(key: Path, lock: InstanceLock) -> InstanceLock:
    _held[key] = lock
    return lock


def _open_for_lock(folder: Path) -> int:
    """The lock file opened for writing (not inherited by programs this one starts)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return os.open(
            lock_path(folder), os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600
        )
    except OSError as exc:
        raise LedgerStateError(
            f"数据目录 {folder} 不能写入（{exc.strerror or exc}）。请检查这个文件夹是否存在、"
            "是否有权限写入，或用 --data-dir 换一个数据目录。"
        ) from exc


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
