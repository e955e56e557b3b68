"""Backup files: their names, and what one holds, read from the file itself.

A backup is a single SQLite file (rollback-journal mode, no ``-wal`` beside it), xz-compressed
(``backup.xz``), named ``jifen_<村代码>_<YYYYMMDD-HHMMSS>_<kind>.sqlite3.xz``; backups made
before compression are the plain file, ``….sqlite3``, and are listed and restored alike. ``kind`` is ``kind`` is ``auto`` (自动: the first
start of a day), ``manual`` (手动), ``upgrade`` (升级前, with the schema revision it had:
``upgrade-r0005``) or ``restore`` (恢复前); ``_2``, ``_3`` follow when two are made in one
second. The name carries what the rotation needs (village, time, kind), so a folder is sorted
without opening its files; the rest (schema revision, village name, replica) is read from the
file. There is no sidecar file that could be lost on the way or disagree with the backup.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from . import xz as backup_xz

SUFFIX = ".sqlite3.xz"  # what a backup is written as
PLAIN_SUFFIX = ".sqlite3"  # backups made before compression (and a ledger file)
KIND_NAMES = {
    "auto": "自动",
    "manual": "手动",
    "upgrade": "升级前",
    "restore": "恢复前",
    "other": "其他",
}
NAME_RE = re.compile(
    r"jifen_(?P<code>[0-9A-Za-z]+)_(?P<stamp>\d{8}-\d{6})_(?P<kind>auto|manual|upgrade|restore)"
    r"(?:-r(?P<revision>\d{4}))?(?:_(?P<n>\d+))?\.sqlite3(?:\.xz)?"
)
STAMP = "%Y%m%d-%H%M%S"
NO_CODE = "none"  # in the name of a ledger whose village is not set up yet


@dataclass(frozen=True)
class Identity:
    """Whose ledger a database is: a village's (its code and name) or a township's (``mode``),
    and the copy (``replica_id``: a computer of the village) it was made on."""

    code: str
    name: str
    mode: str
    replica_id: str

    @property
    def label(self) -> str:
        what = "乡镇汇总库" if self.mode == "township" else ""
        return f"{self.name}{what}（{self.code}）" if self.code else "尚未建村的台账"


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as the lists show it. ``revision`` is None when the file cannot be read
    as a ledger (damaged, or not ours)."""

    path: Path
    kind: str
    made_at: dt.datetime
    size: int
    village_code: str
    village_name: str = ""
    revision: str | None = None
    replica_id: str = ""

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)

    @property
    def readable(self) -> bool:
        return self.revision is not None


def size_text(size: int) -> str:
    """A file size as people read it: ``7.2 MB``, ``350 KB``."""
    if size >= 1 << 30:
        return f"{size / (1 << 30):.1f} GB"
    if size >= 1 << 20:
        return f"{size / (1 << 20):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def backup_name(
    code: str,
    made_at: dt.datetime,
    kind: str,
    revision: str | None = None,
    *,
    plain: bool = False,
) -> str:
    """The name of a backup; ``plain``: of an uncompressed one (a raw copy of the file)."""
    token = re.sub(r"[^0-9A-Za-z]", "", code) or NO_CODE
    tail = f"-r{revision}" if kind == "upgrade" and revision else ""
    suffix = PLAIN_SUFFIX if plain else SUFFIX
    return f"jifen_{token}_{made_at.strftime(STAMP)}_{kind}{tail}{suffix}"


def free_path(folder: Path, name: str) -> Path:
    """``folder / name``, or with ``_2``, ``_3``… before the suffix when that is taken."""
    stem, dot, suffix = name.partition(PLAIN_SUFFIX)
    path = folder / name
    n = 2
    while path.exists():
        path = folder / f"{stem}_{n}{dot}{suffix}"
        n += 1
    return path


def parse_name(path: Path) -> tuple[str, dt.datetime, str] | None:
    """(village code, made at, kind) from a backup's name; None for any other file."""
    match = NAME_RE.fullmatch(path.name)
    if match is None:
        return None
    try:
        made_at = dt.datetime.strptime(match["stamp"], STAMP)
    except ValueError:
        return None
    code = "" if match["code"] == NO_CODE else match["code"]
    return code, made_at, match["kind"]


def revision_number(revision: str | None) -> int | None:
    """Our schema revisions are four digits (``0006``); anything else is not ours."""
    return int(revision) if revision is not None and re.fullmatch(r"\d{4}", revision) else None


def open_read_only(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """A read-only connection that never writes beside the file (``immutable``: no journal or
    lock files either, for a stick or a backup that nothing else writes)."""
    flags = "?mode=ro&immutable=1" if immutable else "?mode=ro"
    return sqlite3.connect(path.resolve().as_uri() + flags, uri=True, isolation_level=None)


def schema_revision(conn: sqlite3.Connection) -> str | None:
    """The one row of Alembic's ``alembic_version``; None when there is no such table."""
    if not _has_table(conn, "alembic_version"):
        return None
    rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    return str(rows[0][0]) if len(rows) == 1 else None


def read_identity(conn: sqlite3.Connection) -> Identity | None:
    """Whose ledger this is, with plain SQL that works on every schema revision (the replica's
    own name and code came with 0006). None without a replica row."""
    if not _has_table(conn, "replica"):
        return None
    columns = {row[1] for row in conn.execute("PRAGMA table_info(replica)")}
    wanted = "id, mode" + (", code, name" if {"code", "name"} <= columns else ", '', ''")
    replica = conn.execute(f"SELECT {wanted} FROM replica").fetchone()
    if replica is None:
        return None
    replica_id, mode, code, name = (str(v or "") for v in replica)
    if mode != "township":
        village = conn.execute(
            "SELECT code, name FROM villages WHERE is_deleted = 0 ORDER BY code LIMIT 1"
        ).fetchone()
        code, name = (str(village[0]), str(village[1])) if village else ("", "")
    return Identity(code, name, mode, replica_id)


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """What a person recognises a ledger by: its households and entries."""
    return {
        "households": conn.execute(
            "SELECT count(*) FROM households WHERE is_deleted = 0"
        ).fetchone()[0],
        "entries": conn.execute("SELECT count(*) FROM entries").fetchone()[0],
    }


def describe(path: Path) -> BackupInfo:
    """What the lists show of ``path``: from its name when it has ours (else kind ``other`` and
    the file's time), and the revision, village and replica from the file itself."""
    parsed = parse_name(path)
    stat = path.stat()
    code, made_at, kind = parsed or (
        "",
        dt.datetime.fromtimestamp(stat.st_mtime).replace(microsecond=0),
        "other",
    )
    try:
        if backup_xz.is_compressed(path):
            revision, identity = backup_xz.read_inside(path, _revision_and_identity)
        else:
            with closing(open_read_only(path, immutable=True)) as conn:
                revision, identity = _revision_and_identity(conn)
    except (sqlite3.Error, backup_xz.Damaged, OSError):
        revision, identity = None, None
    return BackupInfo(
        path,
        kind,
        made_at,
        stat.st_size,
        identity.code if identity else code,
        identity.name if identity else "",
        revision,
        identity.replica_id if identity else "",
    )


def backups_in(folder: Path) -> list[BackupInfo]:
    """The backups (by our names) in ``folder``, newest first, described from their names only
    (cheap: the rotation needs no more)."""
    if not folder.is_dir():
        return []
    paths = [*folder.glob(f"jifen_*{SUFFIX}"), *folder.glob(f"jifen_*{PLAIN_SUFFIX}")]
    found = [info for path in paths if (info := _described(path)) is not None]
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def _described(path: Path) -> BackupInfo | None:
    """A backup file described from its name; None for a file of any other name."""
    parsed = parse_name(path)
    if parsed is None or not path.is_file():
        return None
    code, made_at, kind = parsed
    return BackupInfo(path, kind, made_at, path.stat().st_size, code)


def _revision_and_identity(conn: sqlite3.Connection) -> tuple[str | None, Identity | None]:
    revision = schema_revision(conn)
    return revision, (read_identity(conn) if revision else None)


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return found is not None
