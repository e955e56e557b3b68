"""``jifen backup`` and ``jifen restore`` of a ledger on a PostgreSQL server, through the
server's own tools (``pg_tools`` finds them).

Backing up runs ``pg_dump -Fc`` (one consistent snapshot: clerks keep working meanwhile) into a
hidden ``.part`` file, flushed and then renamed, so a dump cut short never looks complete; the
progress follows ``pg_dump --verbose`` table by table.

Restoring feeds ``pg_restore``'s script to ``psql`` as **one transaction** that first takes the
program's write lock (``db.WRITE_LOCK_KEY``) and drops the ledger's tables: every clerk's save
waits until the restore has committed (then works on the restored ledger), their screens keep
reading the old ledger until the tables are dropped and then wait for the restored ones; if
anything fails, nothing has changed. A database that holds a ledger is replaced only when the
caller says so (``replace``); the restored ledger is then opened (an older schema is upgraded),
and the restore is recorded in its audit log.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy import Engine, func, inspect, select

from . import authz, db
from .backup.files import BackupInfo
from .errors import LedgerStateError
from .ids import new_id
from .ledger import Ledger
from .pg_dump_file import (
    DumpContents,
    describe_dump,
    dump_name,
    free_dump_path,
    read_dump,
)
from .pg_tools import Target, Tool, find_tool, server_major, sibling, target
from .schema import Base, Entry, Household, Replica
from .tx import Actor

Progress = Callable[[float, str], None]
BACKUPS_DIR_NAME = "backups"
CLERKS_MEANWHILE = (
    "恢复在一个事务里完成：恢复期间其他办事员的保存会排队等候，恢复完成后接着保存到恢复的台账里；"
    "他们的查询在恢复的最后一段会停顿几秒。恢复失败时服务器上的台账不变。"
)  # what a restore means for the clerks working at the time (the CLI and 设置 say it)


@dataclass(frozen=True)
class DumpResult:
    backup: BackupInfo
    seconds: float


@dataclass(frozen=True)
class RestoreResult:
    contents: DumpContents
    kept: BackupInfo | None  # the ledger replaced, dumped first (恢复前)
    upgraded_from: str | None
    households: int
    entries: int
    seconds: float


def backups_dir(folder: Path) -> Path:
    return folder / BACKUPS_DIR_NAME


def _say(progress: Progress | None) -> Progress:
    return progress or (lambda _f, _m: None)


# -- backing up ------------------------------------------------------------------------------


def dump(ledger: Ledger, out: Path | None = None, progress: Progress | None = None) -> DumpResult:
    """A ``pg_dump`` of the ledger's database into ``out`` (default: the data folder's backups)."""
    authz.require(ledger.actor, authz.ADMIN_ROLES, "备份台账")
    return dump_database(ledger.engine, out or backups_dir(ledger.folder), "manual", progress)


def dump_database(
    engine: Engine, folder: Path, kind: str, progress: Progress | None = None
) -> DumpResult:
    """``pg_dump -Fc`` of ``engine``'s database into ``folder`` (``kind``: manual, restore)."""
    say, started = _say(progress), time.monotonic()
    tool = find_tool("pg_dump", server_major(engine))
    folder.mkdir(parents=True, exist_ok=True)
    code, revision = _code_and_revision(engine)
    path = free_dump_path(folder, dump_name(code, dt.datetime.now(), kind, revision))
    part = path.with_name(f".{path.name}.part")
    tables = len(inspect(engine).get_table_names())
    where = target(engine)
    args = ["-Fc", "-Z", "6", "--verbose", "-f", str(part), "-d", where.address]
    say(0.0, "正在备份服务器上的台账")
    try:
        _run_with_progress(tool, args, where, _table_steps(say, tables))
        _flush(part)
        part.replace(path)
    finally:
        part.unlink(missing_ok=True)
    say(1.0, "备份完成")
    info = describe_dump(path)
    assert info is not None
    return DumpResult(info, time.monotonic() - started)


def _code_and_revision(engine: Engine) -> tuple[str, str]:
    with engine.connect() as conn:
        code = conn.execute(select(Replica.code)).scalar_one_or_none() or ""
    return code, db.current_revision(engine) or "0000"


def _table_steps(say: Progress, tables: int) -> Callable[[str], None]:
    done = [0]

    def line(text: str) -> None:
        if "dumping contents of table" in text:
            done[0] += 1
            name = text.rsplit(".", 1)[-1].strip('"')
            say(min(0.99, done[0] / max(tables, 1)), f"正在备份 {name}")

    return line


def _flush(path: Path) -> None:
    with open(path, "rb+") as file:
        os.fsync(file.fileno())


# -- running a tool --------------------------------------------------------------------------


def _run_with_progress(
    tool: Tool, args: list[str], where: Target, line: Callable[[str], None]
) -> None:
    done = subprocess.Popen(
        [str(tool.path), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=where.env,
        text=True,
    )
    try:
        said = _follow(done.stderr, line)
    except BaseException:  # the progress said stop (取消 in the window): the tool stops too
        done.kill()
        done.wait()
        raise
    if done.wait() != 0:
        raise LedgerStateError(_failure(tool, said))


def _follow(stream: IO[str] | None, line: Callable[[str], None]) -> list[str]:
    """Every line of ``stream`` to ``line``; the last lines kept for a failure's message."""
    kept: list[str] = []
    for text in stream or ():
        line(text.strip())
        kept = [*kept[-20:], text.strip()]
    return kept


def _failure(tool: Tool, said: list[str]) -> str:
    text = "\n".join(s for s in said if "error" in s.lower() or "错误" in s) or "\n".join(said)
    if "password authentication failed" in text or "no password supplied" in text:
        return "数据库服务器拒绝了登录：用户名或密码不对。请检查 ~/.pgpass 或数据库地址里的用户名。"
    if "server version mismatch" in text:
        return f"服务器的 PostgreSQL 比这台电脑上的 {tool.path.name}（{tool.major}）新：请安装新版本的客户端。"
    return f"{tool.path.name} 没有完成：{text[-400:]}"


# -- restoring -------------------------------------------------------------------------------


def holds_ledger(engine: Engine) -> bool:
    """Whether the database already holds a ledger (its replica row)."""
    if not inspect(engine).has_table("replica"):
        return False
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Replica)).scalar_one() > 0


def _newer_than_program(revision: str) -> str:
    """A dump of a newer database structure than this program's, in words, and what to do."""
    return (
        f"这个备份的数据库结构（{revision}）比本程序（{db.HEAD_REVISION}）新："
        "请先把积分台账程序升级到最新版本，再恢复。"
    )


def inspect_dump(engine: Engine, file: Path) -> DumpContents:
    """What ``file`` holds (refused when it is no ledger dump, or newer than this program)."""
    contents = read_dump(find_tool("pg_restore", server_major(engine)), file)
    if contents.revision > db.HEAD_REVISION:
        raise LedgerStateError(_newer_than_program(contents.revision))
    if contents.mode != "township":
        raise LedgerStateError("这个备份是村台账的：服务器上只放乡镇（县）汇总库。")
    return contents


def restore(
    folder: Path,
    database: str,
    file: Path,
    *,
    replace: bool = False,
    actor: Actor | None = None,
    progress: Progress | None = None,
) -> RestoreResult:
    """Put ``file`` (a ``pg_dump -Fc``) into ``database``, replacing the ledger there only when
    ``replace`` and ``actor`` is one of its admins; then open it (upgrading an older schema)
    and record the restore, as ``actor`` (else as the program: an empty database has no
    operator to log in as)."""
    say, started = _say(progress), time.monotonic()
    engine = db.make_server_engine(database)
    try:
        contents = inspect_dump(engine, file)
        kept = None
        if holds_ledger(engine):
            authz.require(actor or Actor.system(), authz.ADMIN_ROLES, "从备份恢复台账")
            if actor is None or not replace:
                raise LedgerStateError(
                    "服务器上的这个数据库里已经有台账：确认要用备份替换它时才能恢复（命令行加 --yes）。"
                )
            say(0.0, "正在另存现在的台账")
            kept = dump_database(engine, backups_dir(folder), "restore").backup
        say(0.02, "正在恢复")
        _restore_script(engine, file, contents, say)
    finally:
        engine.dispose()
    say(0.97, "正在打开恢复的台账")
    with Ledger.open(folder, database) as opened:
        ledger = opened.as_actor(actor) if actor is not None else opened
        counts = _counts(ledger)
        _audit(ledger, file, contents)
    upgraded = contents.revision if contents.revision != db.HEAD_REVISION else None
    say(1.0, "恢复完成")
    return RestoreResult(contents, kept, upgraded, *counts, time.monotonic() - started)


def _restore_script(engine: Engine, file: Path, contents: DumpContents, say: Progress) -> None:
    """``pg_restore`` → ``psql --single-transaction``: lock, drop, recreate, all or nothing."""
    restore_tool = find_tool("pg_restore", server_major(engine))
    psql = sibling(restore_tool, "psql")
    where = target(engine)
    prelude = _prelude(engine, contents)
    script = subprocess.Popen(
        [
            str(restore_tool.path),
            "--no-owner",
            "--no-privileges",
            "--verbose",
            "-f",
            "-",
            str(file),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    runner = subprocess.Popen(
        [str(psql.path), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction",
         "-d", where.address],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=where.env,
        text=True,
    )  # fmt: skip
    _pipe(script, runner, prelude, contents.items, say, psql)


def _pipe(
    script: subprocess.Popen[str],
    runner: subprocess.Popen[str],
    prelude: str,
    items: int,
    say: Progress,
    psql: Tool,
) -> None:
    """Copy the script into ``psql``; when ``pg_restore`` fails, ``psql`` is stopped before its
    input ends, so its transaction never commits."""
    said = _Said(script, runner, items, say)
    assert runner.stdin is not None and script.stdout is not None
    broken = False
    try:
        runner.stdin.write(prelude)
        for chunk in iter(lambda: script.stdout.read(1 << 16), ""):  # type: ignore[union-attr]
            runner.stdin.write(chunk)
    except BrokenPipeError:  # psql stopped on an error (said below)
        broken = True
        script.kill()
    if script.wait() != 0:
        runner.kill()  # before its input ends: it must not commit
    else:
        _close(runner.stdin)
    runner.wait()
    said.join()
    if script.returncode != 0 and not broken:
        raise LedgerStateError(_failure(Tool(Path("pg_restore"), psql.major), said.restore))
    if runner.returncode != 0:
        raise LedgerStateError("恢复没有完成，服务器上的台账没有改动。" + _failure(psql, said.psql))


class _Said:
    """What ``pg_restore`` and ``psql`` write to stderr, read on threads of their own (a full
    pipe would stop them): ``pg_restore --verbose`` names each item, which moves the progress."""

    def __init__(
        self,
        script: subprocess.Popen[str],
        runner: subprocess.Popen[str],
        items: int,
        say: Progress,
    ) -> None:
        self.restore: list[str] = []
        self.psql: list[str] = []
        self.steps, self.items, self.say = 0, max(items, 1), say
        self.readers = [
            threading.Thread(target=lambda: self.psql.extend(_follow(runner.stderr, _quiet))),
            threading.Thread(target=lambda: self.restore.extend(_follow(script.stderr, self.item))),
        ]
        for reader in self.readers:
            reader.start()

    def item(self, _text: str) -> None:
        self.steps += 1
        self.say(0.02 + 0.93 * min(1.0, self.steps / self.items), "正在恢复台账的表和数据")

    def join(self) -> None:
        for reader in self.readers:
            reader.join()


def _quiet(_text: str) -> None:
    pass


def _close(stream: IO[str]) -> None:
    with contextlib.suppress(BrokenPipeError):
        stream.close()


def _prelude(engine: Engine, contents: DumpContents) -> str:
    """The transaction's first statements: the write lock, then the ledger's tables dropped."""
    ours = set(Base.metadata.tables) | {"alembic_version"} | set(contents.tables)
    present = [t for t in inspect(engine).get_table_names() if t in ours]
    lines = [f"SELECT pg_advisory_xact_lock({db.WRITE_LOCK_KEY});"]
    if present:
        lines.append("DROP TABLE IF EXISTS " + ", ".join(f'"{t}"' for t in present) + " CASCADE;")
    return "\n".join(lines) + "\n"


def _counts(ledger: Ledger) -> tuple[int, int]:
    with ledger.read() as session:
        households = session.scalar(select(func.count()).select_from(Household)) or 0
        entries = session.scalar(select(func.count()).select_from(Entry)) or 0
    return households, entries


def _audit(ledger: Ledger, file: Path, contents: DumpContents) -> None:
    summary = f"从备份恢复台账：{file}"
    if contents.revision != db.HEAD_REVISION:
        summary += f"（数据库结构从 {contents.revision} 升级）"
    after = {"file": str(file), "revision": contents.revision}
    ledger.run(
        lambda tx: tx.audit(
            "backup.restore", "backup", new_id(), summary, village_id=None, after=after
        )
    )
