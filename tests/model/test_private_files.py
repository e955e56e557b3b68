"""The data folder is private to its user (issue 16, item 7): 0700, and the ledger, its
``-wal``/``-shm``, backups, logs and evidence 0600, whether the folder is new or one an earlier
version left 0755/0644; a file saved elsewhere (a backup on a stick) keeps the usual mode."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from jifen_desktop.model import instance_lock, paths
from jifen_desktop.model.backup import service as backups
from jifen_desktop.model.ledger import Ledger

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def everything(folder: Path) -> list[Path]:
    return [folder, *sorted(folder.rglob("*"))]


def test_a_new_ledger_is_private_to_its_user(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "data"
    with Ledger.create(folder) as ledger:
        assert ledger.verify().ok  # a connection is open: the -wal and -shm are there
        wal = folder / (paths.DB_FILE_NAME + "-wal")
        shm = folder / (paths.DB_FILE_NAME + "-shm")
        assert wal.exists() and shm.exists()
        assert mode(wal) == 0o600 and mode(shm) == 0o600
    assert mode(folder) == 0o700
    assert mode(paths.db_path(folder)) == 0o600
    made = backups.make_backup(folder).backup.path
    assert mode(made) == 0o600 and mode(made.parent) == 0o700


def test_an_old_open_folder_is_tightened_when_opened(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    Ledger.create(folder).close()
    backups.make_backup(folder)
    photo = paths.evidence_dir(folder) / "ab" / "ab12.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8\xff")
    (folder / "logs").mkdir()
    (folder / "logs" / "jifen.log").write_text("old log")
    for path in everything(folder):  # as an earlier version left it
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    Ledger.open(folder).close()
    loose = [p for p in everything(folder) if mode(p) & 0o077]
    assert loose == []
    assert mode(folder) == 0o700 and mode(paths.db_path(folder)) == 0o600
    assert mode(photo) == 0o600 and mode(photo.parent) == 0o700


def test_a_backup_saved_outside_the_data_folder_keeps_the_usual_mode(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    Ledger.create(folder).close()
    stick = tmp_path / "stick"
    stick.mkdir()
    made = backups.make_backup(folder, target_dir=stick).backup.path
    assert made.parent == stick
    assert mode(made) == 0o644


def test_the_lock_files_are_made_private(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Ledger.create(folder):
        pass
    lock = instance_lock.try_acquire(folder)
    assert lock is not None
    try:
        assert mode(instance_lock.lock_path(folder)) == 0o600
    finally:
        lock.release()
