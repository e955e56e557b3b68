"""Who may write the ledger file right now: shared for the commands that use it, exclusive for
the one that replaces it (a restore). A lock on ``<data folder>/jifen-writes.lock``.

Every ``jifen`` command that opens the ledger holds it *shared* (``writing``) from before it
opens the file until it has closed it; any number of them run side by side, and beside the
window, as before. A restore holds it *exclusive* (``exclusive``) from its first check to the
swap: it waits for the commands already running to finish, and a command started meanwhile
waits for the restore (saying so) and then works on the restored ledger — or, after a while,
gives up with a message. So no command can commit into the old file after it was kept aside
and before the restored one replaced it, which would lose an entry the command had reported as
saved. (The window needs no part in this: it holds the folder's ``instance_lock``, which a
restore in another process must take first.)

The lock is ``flock`` (shared or exclusive) on POSIX and ``LockFileEx`` on Windows, on one
byte far past the holder's note; the operating system lets go when the holder ends in any way.
Within one process the lock is re-entrant, and an exclusive request of a process that holds it
shared (``jifen restore`` logged in to the ledger it replaces) turns it exclusive until released.
The exclusive holder writes a note (what it is doing, its process id) into the file for the
message a waiting command shows.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import LedgerStateError
from .instance_lock import WRITE_LOCK_FILE_NAME, LockHolder, holder_note, read_note, write_note

WRITE_WAIT_S = 60.0  # a restore of a large ledger (a check, a copy, an upgrade) takes seconds
EXCLUSIVE_WAIT_S = 15.0  # commands are short; one that holds on longer is named in the refusal
_POLL_S = 0.05
_LOCK_OFFSET = 1 << 20
_BUSY_ERRNOS = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, getattr(errno, "EDEADLOCK", -1)}

log = logging.getLogger("jifen.write_lock")


class RestoreInProgress(LedgerStateError):
    """A command gave up waiting for the restore (or upgrade) that holds the ledger."""

    def __init__(self, folder: Path, holder: LockHolder | None) -> None:
        who = holder.describe() if holder is not None else "从备份恢复台账"
        super().__init__(
            f"{who}正在进行，台账 {folder} 暂时不能使用，刚才的操作没有做：请等它完成后再试"
            "（恢复完成后，请先查看恢复后的台账，再重新录入）。"
        )
        self.holder = holder


class CommandsRunning(LedgerStateError):
    """A restore gave up waiting for the commands that use the ledger."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"有 jifen 命令正在使用台账 {folder}（例如正在录入、导入或打印），没有恢复，"
            "台账没有改动：请等它们做完（或关掉它们）再恢复。"
        )


@dataclass
class _Gate:
    """This process's hold on one folder: the open file and how many hold it which way."""

    fd: int | None  # None: the file system cannot lock (some network shares)
    shared: int = 0
    exclusive: int = 0


_gates: dict[Path, _Gate] = {}


class WriteHold:
    """One ``writing`` or ``exclusive`` hold; ``release`` (or the ``with`` block's end) lets go
    of it, and of the lock once it is the last."""

    def __init__(self, folder: Path, exclusive: bool) -> None:
        self.folder = folder
        self.exclusive = exclusive
        self._held = True

    def release(self) -> None:
        if not self._held:
            return
        self._held = False
        _release(_key(self.folder), self.exclusive)

    def __enter__(self) -> WriteHold:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def lock_path(folder: Path) -> Path:
    return folder / WRITE_LOCK_FILE_NAME


def writing(
    folder: Path,
    *,
    wait_s: float | None = None,
    on_wait: Callable[[LockHolder | None], None] | None = None,
) -> WriteHold:
    """Hold ``folder`` shared while a command uses its ledger; waits up to ``wait_s`` for a
    restore that holds it (``on_wait`` is told once, with who it is), then ``RestoreInProgress``.
    """
    wait_s = WRITE_WAIT_S if wait_s is None else wait_s
    key = _key(folder)
    gate = _gates.get(key)
    if gate is None:
        fd = _open(folder)
        if fd is not None and not _wait_for(fd, True, wait_s, folder, on_wait):
            holder = read_note(fd)
            os.close(fd)
            raise RestoreInProgress(folder, holder)
        gate = _gates[key] = _Gate(fd)
    gate.shared += 1
    return WriteHold(folder, False)


def exclusive(folder: Path, purpose: str, *, wait_s: float | None = None) -> WriteHold:
    """Hold ``folder`` alone (a restore): waits up to ``wait_s`` for the commands using it to
    finish, then ``CommandsRunning``. ``purpose`` words the message a waiting command shows."""
    wait_s = EXCLUSIVE_WAIT_S if wait_s is None else wait_s
    key = _key(folder)
    gate = _gates.get(key)
    if gate is None:
        fd = _open(folder)
        if fd is not None and not _wait_for(fd, False, wait_s, folder, None):
            os.close(fd)
            raise CommandsRunning(folder)
        gate = _gates[key] = _Gate(fd)
    elif gate.exclusive == 0 and gate.fd is not None:
        _unlock(gate.fd)  # shared -> exclusive; no other process can take it exclusive meanwhile
        if not _wait_for(gate.fd, False, wait_s, folder, None):
            _wait_for(gate.fd, True, float("inf"), folder, None)
            raise CommandsRunning(folder)
    if gate.exclusive == 0 and gate.fd is not None:
        write_note(gate.fd, holder_note(purpose))
    gate.exclusive += 1
    return WriteHold(folder, True)


def _release(key: Path, was_exclusive: bool) -> None:
    gate = _gates.get(key)
    if gate is None:
        return
    if was_exclusive:
        gate.exclusive -= 1
    else:
        gate.shared -= 1
    if gate.shared + gate.exclusive == 0:
        del _gates[key]
        if gate.fd is not None:
            with contextlib.suppress(OSError):  # closing lets go in any case
                _unlock(gate.fd)
            os.close(gate.fd)
    elif gate.exclusive == 0 and was_exclusive and gate.fd is not None:
        _unlock(gate.fd)  # back to shared for the holds still open in this process
        _wait_for(gate.fd, True, float("inf"), Path(), None)


def _wait_for(
    fd: int,
    shared: bool,
    wait_s: float,
    folder: Path,
    on_wait: Callable[[LockHolder | None], None] | None,
) -> bool:
    """Take the lock on ``fd``, trying until ``wait_s`` has passed; False when it did not."""
    deadline = time.monotonic() + wait_s
    told = False
    while True:
        try:
            _lock(fd, shared)
            return True
        except OSError as exc:
            if exc.errno not in _BUSY_ERRNOS:
                log.info(
                    "数据目录 %s 所在的磁盘不支持文件锁（%s），恢复与录入不能互相避让", folder, exc
                )
                return True
        if time.monotonic() >= deadline:
            return False
        if on_wait is not None and not told:
            told = True
            on_wait(read_note(fd))
        time.sleep(_POLL_S)


def _key(folder: Path) -> Path:
    return Path(os.path.normcase(folder.resolve()))


def _open(folder: Path) -> int | None:
    """The lock file, opened for writing and not inherited (None: it cannot be made, e.g. a
    read-only folder, where nothing can be restored either)."""
    try:
        return os.open(
            lock_path(folder), os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600
        )
    except OSError as exc:  # (info: a command on a write-protected stick should say nothing)
        log.info("无法打开 %s（%s），恢复与录入不能互相避让", lock_path(folder), exc)
        return None


if sys.platform == "win32":
    import ctypes
    import msvcrt
    from ctypes import wintypes

    class _Overlapped(ctypes.Structure):
        _fields_ = [
            ("internal", ctypes.c_size_t),
            ("internal_high", ctypes.c_size_t),
            ("offset", wintypes.DWORD),
            ("offset_high", wintypes.DWORD),
            ("event", wintypes.HANDLE),
        ]

    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    _FAIL_IMMEDIATELY, _EXCLUSIVE_LOCK, _ERROR_LOCK_VIOLATION = 0x1, 0x2, 33

    def _lock(fd: int, shared: bool) -> None:
        flags = _FAIL_IMMEDIATELY | (0 if shared else _EXCLUSIVE_LOCK)
        overlapped = _Overlapped(0, 0, _LOCK_OFFSET, 0, None)
        handle = wintypes.HANDLE(msvcrt.get_osfhandle(fd))
        if not _kernel32.LockFileEx(handle, flags, 0, 1, 0, ctypes.byref(overlapped)):
            code = ctypes.get_last_error()
            busy = code == _ERROR_LOCK_VIOLATION
            raise OSError(errno.EACCES if busy else errno.ENOLCK, ctypes.FormatError(code))

    def _unlock(fd: int) -> None:
        overlapped = _Overlapped(0, 0, _LOCK_OFFSET, 0, None)
        handle = wintypes.HANDLE(msvcrt.get_osfhandle(fd))
        _kernel32.UnlockFileEx(handle, 0, 1, 0, ctypes.byref(overlapped))

else:
    import fcntl

    def _lock(fd: int, shared: bool) -> None:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
