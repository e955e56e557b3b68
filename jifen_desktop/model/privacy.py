"""The data folder is private to its user: full ID numbers, phones, password hashes and the
replica's signing key are in it.

On Linux and macOS the folder is 0700 and what is in it 0600 (folders 0700): the ledger and its
``-wal``/``-shm``, backups, logs, lock files, evidence and any file the program writes there.
Set when the folder is made (``make_private``, called for every ledger opened), tightened on
every open of an older folder (one made 0755 by an earlier version): the folder itself, its own
files, ``backups`` and ``logs`` each time; ``evidence`` (it may hold thousands of photos) the
first time, when the folder was still open to others; afterwards nobody else can reach in.
Files the program writes into the folder later are made 0600 as they are written
(``files.replace_atomically``, ``db.make_engine``).

On Windows nothing here changes permissions: the default data folder under ``%LOCALAPPDATA%``
is per-user (other accounts of the laptop cannot read it), while anybody who uses the same
account can (docs/tamper-evidence.md says what that exposes).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from . import paths

POSIX = os.name != "nt"
FOLDER_MODE = 0o700
FILE_MODE = 0o600
ALWAYS = ("backups", "logs")  # small folders: tightened on every open
FIRST_TIME = (paths.EVIDENCE_DIR_NAME,)  # large: tightened while the folder was loose
DEPTH = 3  # a file this many folders below a data folder is still in it (evidence/ab/x.jpg)


def make_private(folder: Path) -> None:
    """Make the data folder, or tighten an existing one, so that only its user can read it.
    Best effort: a folder on a stick or a share that keeps no modes is left as it is."""
    if not POSIX:
        folder.mkdir(parents=True, exist_ok=True)
        return
    loose = folder.is_dir() and _is_loose(folder)
    make_private_dir(folder)
    tighten(folder)
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_symlink():
                continue
            if entry.is_file():
                tighten(Path(entry.path))
            elif entry.is_dir() and (entry.name in ALWAYS or (loose and entry.name in FIRST_TIME)):
                _tighten_tree(Path(entry.path))


def make_private_dir(folder: Path) -> None:
    """``mkdir -p`` with 0700 for each folder made."""
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    for candidate in reversed(missing):
        with contextlib.suppress(FileExistsError):
            candidate.mkdir(mode=FOLDER_MODE)
    folder.mkdir(parents=True, exist_ok=True)


def create_private_file(path: Path) -> None:
    """Make ``path`` an empty 0600 file if it is not there (SQLite then gives its ``-wal`` and
    ``-shm`` the same mode), and tighten it and its side files if they are."""
    if not POSIX:
        return
    with contextlib.suppress(FileExistsError, OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    for side in ("", "-wal", "-shm", "-journal"):
        tighten(path.with_name(path.name + side))


def in_data_folder(path: Path) -> bool:
    """Whether ``path`` lies in a data folder (a folder holding a ledger), up to ``DEPTH`` down."""
    parent = path.parent
    for candidate in (parent, *parent.parents)[:DEPTH]:
        if paths.db_path(candidate).is_file():
            return True
    return False


def file_mode_for(target: Path) -> int:
    """The mode a file the program writes at ``target`` gets: 0600 in a data folder; elsewhere
    (a report or bundle saved to a stick) the mode it had, or the user's usual one."""
    if in_data_folder(target):
        return FILE_MODE
    with contextlib.suppress(OSError):
        return stat.S_IMODE(target.stat().st_mode)
    return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, read without changing it (which would race other threads)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return 0o022


def _is_loose(folder: Path) -> bool:
    return bool(stat.S_IMODE(folder.stat().st_mode) & 0o077)


def tighten(path: Path) -> None:
    """Take group's and others' permissions away (the owner's stay as they are)."""
    with contextlib.suppress(OSError):
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode & 0o077 and not stat.S_ISLNK(path.lstat().st_mode):
            os.chmod(path, mode & ~0o077)


def _tighten_tree(folder: Path) -> None:
    tighten(folder)
    for root, dirs, files in os.walk(folder):
        for name in (*dirs, *files):
            tighten(Path(root) / name)
