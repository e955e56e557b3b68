"""Backups of a ledger on a PostgreSQL server: ``pg_dump`` custom-format files (``-Fc``,
compressed), their names and what one holds, read with ``pg_restore`` from the file itself.

Named like the file backups, ``jifen_<乡镇代码>_<YYYYMMDD-HHMMSS>_<kind>-r<revision>.dump``
(kind ``manual`` or ``restore``, 恢复前; the schema revision in the name so that a list needs
no program to run per file), in the data folder's ``backups/`` beside any file backups of the
township's SQLite days, or where ``--out`` says. A dump made by hand or by cron under another
name is restored alike: what it holds is read from it (``read_dump``).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .backup.files import STAMP, BackupInfo, backups_in
from .errors import LedgerStateError
from .pg_tools import Tool

DUMP_SUFFIX = ".dump"
DUMP_RE = re.compile(
    r"jifen_(?P<code>[0-9A-Za-z]+)_(?P<stamp>\d{8}-\d{6})_(?P<kind>manual|restore)"
    r"-r(?P<revision>\d{4})(?:_(?P<n>\d+))?\.dump"
)
COPY_RE = re.compile(r"^COPY \S+\.(?P<table>\w+) \((?P<columns>[^)]*)\) FROM stdin;$")


@dataclass(frozen=True)
class DumpContents:
    """What a dump holds: its schema revision, whose ledger (mode, code, name), its tables and
    how many items ``pg_restore`` will process (for the progress)."""

    revision: str
    mode: str
    code: str
    name: str
    tables: tuple[str, ...]
    items: int

    @property
    def label(self) -> str:
        what = "乡镇汇总库" if self.mode == "township" else "村台账"
        return f"{self.name}{what}（{self.code}）" if self.code else what


def dump_name(code: str, made_at: dt.datetime, kind: str, revision: str) -> str:
    token = re.sub(r"[^0-9A-Za-z]", "", code) or "none"
    return f"jifen_{token}_{made_at.strftime(STAMP)}_{kind}-r{revision}{DUMP_SUFFIX}"


def free_dump_path(folder: Path, name: str) -> Path:
    stem = name.removesuffix(DUMP_SUFFIX)
    path, n = folder / name, 2
    while path.exists():
        path, n = folder / f"{stem}_{n}{DUMP_SUFFIX}", n + 1
    return path


def describe_dump(path: Path) -> BackupInfo | None:
    """A dump of ours as the lists show it (from its name); None for any other file."""
    match = DUMP_RE.fullmatch(path.name)
    if match is None or not path.is_file():
        return None
    try:
        made_at = dt.datetime.strptime(match["stamp"], STAMP)
    except ValueError:
        return None
    code = "" if match["code"] == "none" else match["code"]
    return BackupInfo(
        path, match["kind"], made_at, path.stat().st_size, code, "", match["revision"]
    )


def backups_with_dumps(folder: Path) -> list[BackupInfo]:
    """The dumps and the file backups in ``folder``, newest first."""
    dumps = [d for p in folder.glob(f"jifen_*{DUMP_SUFFIX}") if (d := describe_dump(p))]
    found = [*dumps, *backups_in(folder)] if folder.is_dir() else []
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def read_dump(restore: Tool, path: Path) -> DumpContents:
    """What ``path`` holds, read with ``pg_restore`` (the table of contents, then the two small
    tables that say what it is); refused in Chinese when it is no dump of a ledger."""
    listing = _run(restore, ["-l", str(path)], path)
    tables = tuple(
        sorted(
            {
                f[5]
                for line in listing.splitlines()
                if (f := line.split())[3:5] == ["TABLE", "public"]
            }
        )
    )
    if not {"alembic_version", "replica"} <= set(tables):
        raise LedgerStateError(f"{path} 不是积分台账数据库的备份（里面没有台账的表）。")
    items = sum(1 for line in listing.splitlines() if line and not line.startswith(";"))
    version = _rows(restore, path, "alembic_version")
    replica = _rows(restore, path, "replica")
    if len(version) != 1 or len(replica) != 1:
        raise LedgerStateError(f"{path} 里的台账没有完成初始化，不能用来恢复。")
    mode = replica[0].get("mode", "")
    return DumpContents(
        version[0]["version_num"],
        mode,
        replica[0].get("code", ""),
        replica[0].get("name", ""),
        tables,
        items,
    )


def _rows(restore: Tool, path: Path, table: str) -> list[dict[str, str]]:
    """A small table's rows from the dump's ``COPY`` text (``\\N`` is NULL: left out)."""
    script = _run(restore, ["-a", "-t", table, "-f", "-", str(path)], path)
    rows: list[dict[str, str]] = []
    columns: list[str] = []
    for line in script.splitlines():
        match = COPY_RE.match(line)
        if match:
            columns = [c.strip().strip('"') for c in match["columns"].split(",")]
        elif columns and line == "\\.":
            columns = []
        elif columns:
            values = line.split("\t")
            rows.append({c: v for c, v in zip(columns, values, strict=False) if v != "\\N"})
    return rows


def _made_by_newer(path: Path, restore: Tool) -> str:
    """A dump made by a newer pg_dump than this computer's pg_restore reads, in words."""
    return (
        f"{path} 是用更新版本的 pg_dump 做的，这台电脑上的 pg_restore（PostgreSQL "
        f"{restore.major}）读不了：请安装更新版本的 PostgreSQL 客户端。"
    )


def _run(restore: Tool, args: list[str], path: Path) -> str:
    done = subprocess.run(
        [str(restore.path), *args], capture_output=True, text=True, timeout=600, check=False
    )
    if done.returncode == 0:
        return done.stdout
    said = done.stderr.strip()
    if "unsupported version" in said:
        raise LedgerStateError(_made_by_newer(path, restore))
    raise LedgerStateError(f"{path} 不是 pg_dump 做的备份（-Fc 格式），或者已经损坏：{said[-300:]}")
