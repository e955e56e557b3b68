"""Helpers for the kill tests: a child process running one of this folder's ``child_*.py``
scripts, killed with SIGKILL at a moment the test picks, and the checks every database must pass
afterwards (SQLite's own integrity and foreign-key checks, evidence files whole).

The moments are random; the seed is in every failure message and ``JIFEN_KILL_SEED=<n>``
repeats a run's choices."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from jifen_desktop.model import paths
from jifen_desktop.model.evidence import evidence_path

HERE = Path(__file__).resolve().parent


def kill_rng() -> tuple[random.Random, int]:
    """A random source for kill moments and its seed (from ``JIFEN_KILL_SEED`` when set)."""
    seed = int(os.environ.get("JIFEN_KILL_SEED") or random.randrange(2**32))
    return random.Random(seed), seed


class Child:
    """``child_<name>.py`` of this folder running with ``args``; its stdout read line by line."""

    def __init__(self, script: str, *args: object) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / script), *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.stderr = ""

    def readline(self) -> str:
        """The next whole line it printed ("" once it ended: see ``stderr`` for why)."""
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        return line if line.endswith("\n") else ""

    def kill(self) -> list[str]:
        """SIGKILL it (no cleanup of any kind runs) and return the whole lines it had printed
        but not yet been read; a line cut off by the kill is left out."""
        os.kill(self.process.pid, signal.SIGKILL)
        out, self.stderr = self.process.communicate()
        lines = out.split("\n")
        return lines[:-1]  # the last piece is "" or a line cut off


def connect(folder: Path) -> closing[sqlite3.Connection]:
    """A plain sqlite3 connection to the folder's ledger (no program code in between)."""
    return closing(sqlite3.connect(paths.db_path(folder)))


def assert_intact(folder: Path) -> None:
    """SQLite finds nothing wrong: ``integrity_check`` says ok, no foreign key dangles."""
    with connect(folder) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def assert_evidence_whole(folder: Path) -> int:
    """Every evidence row has its file, with the content its sha256 says; returns how many."""
    with connect(folder) as db:
        rows = db.execute("SELECT sha256, file_name FROM evidence_files").fetchall()
    for sha, name in rows:
        stored = evidence_path(paths.evidence_dir(folder), sha, name)
        assert stored.is_file(), f"证明材料文件缺失：{stored}"
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == sha, stored
    return len(rows)
