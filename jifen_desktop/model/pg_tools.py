"""PostgreSQL's own client programs (``pg_dump``, ``pg_restore``, ``psql``) for a ledger on a
server: finding them, checking that they are new enough for the server, and how to point them
at the ledger's database without the password showing in a process list.

Where they are looked for: on PATH, in Debian's ``/usr/lib/postgresql/<N>/bin`` and in the
Windows installer's ``C:\\Program Files\\PostgreSQL\\<N>\\bin``; of those found, the newest is
used (a newer ``pg_dump`` reads an older server; an older one refuses a newer server, and an
older ``pg_restore`` cannot read a newer one's dump). When none is there, or the newest is older
than the server, the refusal says so in Chinese and what to install.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import URL

from .errors import LedgerStateError

SEARCH_GLOBS = (
    "/usr/lib/postgresql/*/bin",
    "C:/Program Files/PostgreSQL/*/bin",
)
VERSION_RE = re.compile(r"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?")
INSTALL_HINT = (
    "请在这台电脑上安装 PostgreSQL 客户端（Debian/统信/麒麟：apt-get install postgresql-client-{major}；"
    "Windows：PostgreSQL 官方安装包，只选 Command Line Tools），或把它的 bin 文件夹加入 PATH"
)


@dataclass(frozen=True)
class Tool:
    """One client program and its major version (15, 16 …)."""

    path: Path
    major: int

    @property
    def folder(self) -> Path:
        return self.path.parent


@dataclass(frozen=True)
class Target:
    """How a client program reaches the ledger's database: a libpq address without the
    password, and the environment carrying it (``PGPASSWORD``)."""

    address: str
    env: dict[str, str]


def _candidates(name: str) -> list[Path]:
    found: list[Path] = []
    on_path = shutil.which(name)
    if on_path:
        found.append(Path(on_path))
    return found + list(_in_install_folders(name))


def _in_install_folders(name: str) -> Iterator[Path]:
    """The tool in the usual PostgreSQL install folders (``SEARCH_GLOBS``), any version."""
    for pattern in SEARCH_GLOBS:
        root = Path(pattern.split("*")[0])
        if root.is_dir():
            for folder in root.glob("*/bin"):
                for file in (folder / name, folder / f"{name}.exe"):
                    if file.is_file():
                        yield file


def tool_version(path: Path) -> int | None:
    """The major version ``path --version`` prints (None when it does not run)."""
    try:
        done = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    match = VERSION_RE.search(done.stdout)
    return int(match[1]) if match else None


def find_tool(name: str, server_major: int) -> Tool:
    """The newest ``name`` found; refused when there is none or it is older than the server."""
    tools = [Tool(p, v) for p in _candidates(name) if (v := tool_version(p)) is not None]
    if not tools:
        raise LedgerStateError(
            f"这台电脑上找不到 PostgreSQL 的 {name} 程序。"
            + INSTALL_HINT.format(major=server_major)
            + "，然后再运行。"
        )
    newest = max(tools, key=lambda t: t.major)
    if newest.major < server_major:
        raise LedgerStateError(
            f"数据库服务器是 PostgreSQL {server_major}，这台电脑上的 {name} 是 {newest.major}"
            f"（{newest.path}），旧版本的 {name} 不能用于新版本的服务器。"
            + INSTALL_HINT.format(major=server_major)
            + "。"
        )
    return newest


def sibling(tool: Tool, name: str) -> Tool:
    """``psql`` beside ``pg_restore`` (one installation, one version); else found as usual."""
    for file in (tool.folder / name, tool.folder / f"{name}.exe"):
        if file.is_file():
            return Tool(file, tool.major)
    return find_tool(name, tool.major)


def server_major(engine: Engine) -> int:
    """The server's major version (``SHOW server_version_num`` 150004 → 15)."""
    with engine.connect() as conn:
        number = conn.exec_driver_sql("SHOW server_version_num").scalar_one()
    return int(number) // 10000


def target(engine: Engine) -> Target:
    """The engine's database for libpq programs; the password goes in the environment only."""
    url: URL = engine.url
    plain = url.set(drivername="postgresql", password=None)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return Target(plain.render_as_string(hide_password=False), env)


def server_text(engine: Engine) -> str:
    """Where the database is, for messages: ``数据库 jifen_zhangji（10.0.0.5:5432）``."""
    url = engine.url
    host = url.host or url.query.get("host") or "本机"
    port = f":{url.port}" if url.port else ""
    return f"数据库 {url.database}（{host}{port}）"
