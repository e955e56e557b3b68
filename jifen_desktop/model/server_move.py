"""Moving a township's ledger file to a PostgreSQL server (``jifen township move-to-server``).

The file is read, never written: it must be a township's, at this program's schema revision
(an older one is upgraded by opening it once with this program, which backs it up first) and
verify clean. The server's database must be empty: Alembic makes the tables there, then every
row of every table is copied in **one transaction** (``COPY``, references checked at commit,
the write lock held, serial counters moved past the copied ids; the secondary indexes dropped
for the copy and made again once the references are checked, before the commit). Before that transaction commits, every table's
row count on the server must equal the file's, or nothing is kept. After it, ``jifen verify``
runs on the server, whose findings the caller shows: the server copy is the ledger only when
they are none. The file stays as it was, the record of the township's past.

The copy is the ledger itself, not a new one: the same replica id and signing key (the villages
enrolled that key), the same operators, audit rows and hash chain. So no audit row is added to
it; the file's last state and the server's first are the same rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, func, inspect, select, text

from . import authz, db, paths
from .engine_sql import copy_rows, defer_references
from .errors import LedgerStateError
from .ledger import Ledger
from .schema import Base

Progress = Callable[[float, str], None]
CHUNK = 5_000


@dataclass(frozen=True)
class MoveResult:
    """What was copied: rows per table (equal on both sides), and the server's verify."""

    counts: dict[str, int]
    findings: list[str]
    seconds: float

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def ok(self) -> bool:
        return not self.findings


def check_source(ledger: Ledger) -> None:
    """The file may move: a township's, verify clean (a damaged ledger is mended first), and
    the one moving it is its admin."""
    authz.require(ledger.actor, authz.ADMIN_ROLES, "把台账搬到数据库服务器")
    if ledger.mode != "township":
        raise LedgerStateError(
            "这是村台账：村台账留在村里的电脑上，只有乡镇（县）汇总库搬到数据库服务器。"
        )
    report = ledger.verify()
    if not report.ok:
        raise LedgerStateError(
            f"台账文件检查发现 {len(report.findings)} 处问题，不能搬到服务器："
            "请先运行 jifen verify 查看，并从问题出现前的备份恢复。"
        )


def move_to_server(folder: Path, database: str, progress: Progress | None = None) -> MoveResult:
    """Copy the ledger file of ``folder`` into the empty server ``database``; verify there."""
    say, started = progress or (lambda _f, _m: None), time.monotonic()
    source = _read_only_engine(paths.db_path(folder))
    target = db.make_server_engine(database)
    try:
        if db.current_revision(source) != db.HEAD_REVISION:
            raise LedgerStateError(
                "台账文件的数据库结构不是本程序的版本：请先用本程序打开它一次（会先备份再升级），再搬。"
            )
        say(0.02, "正在服务器上建表")
        db.upgrade(target)
        counts = _copy_all(source, target, say)
    finally:
        source.dispose()
        target.dispose()
    say(0.9, "正在检查服务器上的台账")
    with Ledger.open(folder, database) as moved:
        findings = [f.message for f in moved.verify().findings]
    say(1.0, "搬迁完成")
    return MoveResult(counts, findings, time.monotonic() - started)


def _read_only_engine(path: Path) -> Engine:
    if not path.exists():
        raise LedgerStateError(
            f"数据目录里没有台账文件 {path}：请用 --data-dir 指明乡镇台账所在的目录。"
        )
    engine = create_engine(f"sqlite:///file:{path.resolve()}?mode=ro&uri=true", future=True)
    event.listen(engine, "connect", _no_autobegin)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    return engine


def _no_autobegin(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # the "begin" hook begins: one snapshot


def _tables(source: Connection, target: Connection) -> list[Table]:
    """The tables to copy, parents first; a table of the file the program does not know stops
    the move (the file is of another version)."""
    in_file = set(inspect(source).get_table_names()) - {"alembic_version"}
    _refuse_unmatched(in_file, set(inspect(target).get_table_names()))
    return [t for t in Base.metadata.sorted_tables if t.name in in_file]


def _refuse_unmatched(in_file: set[str], on_server: set[str]) -> None:
    """Refuse a file with a table the program does not know or the server lacks."""
    unknown = in_file - set(Base.metadata.tables)
    if unknown:
        raise LedgerStateError(
            f"台账文件里有本程序不认识的表（{', '.join(sorted(unknown))}），不能搬。"
        )
    missing = in_file - on_server
    if missing:
        raise LedgerStateError(f"服务器上缺少这些表：{', '.join(sorted(missing))}。")


def _copy_all(source: Engine, target: Engine, say: Progress) -> dict[str, int]:
    with (
        source.connect() as reader,
        reader.begin(),
        target.connect() as writer,
        db.db_writer_begin(writer),
    ):
        tables = _tables(reader, writer)
        _refuse_occupied(writer, tables)
        defer_references(writer)
        counts = {t.name: _count(reader, t) for t in tables}
        total, done = max(1, sum(counts.values())), 0
        indexes = _drop_indexes(writer)
        for table in tables:
            say(0.05 + 0.7 * done / total, f"正在复制 {table.name}（{counts[table.name]} 行）")
            _copy_table(reader, writer, table)
            done += counts[table.name]
        say(0.75, "正在核对引用、建索引")
        writer.exec_driver_sql("SET CONSTRAINTS ALL IMMEDIATE")  # (no index with checks pending)
        for definition in indexes:
            writer.exec_driver_sql(definition)
        _check_counts(writer, tables, counts)
        _move_counters(writer, tables)
    return counts


_SECONDARY_INDEXES = """
SELECT i.indexname, i.indexdef FROM pg_indexes i
WHERE i.schemaname = current_schema()
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname
                  AND c.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = i.schemaname))
"""


def _drop_indexes(writer: Connection) -> list[str]:
    """The secondary indexes (not a key's) dropped in the transaction, to be made again after
    the rows are in (one sort per index instead of an insert per row); their definitions."""
    found = writer.exec_driver_sql(_SECONDARY_INDEXES).all()
    for name, _definition in found:
        writer.exec_driver_sql(f'DROP INDEX "{name}"')
    return [str(definition) for _name, definition in found]


def _refuse_occupied(writer: Connection, tables: list[Table]) -> None:
    for table in tables:
        if writer.execute(select(func.count()).select_from(table)).scalar_one():
            raise LedgerStateError(
                f"服务器上的这个数据库不是空的（{table.name} 表里已有数据）：请新建一个空数据库再搬，"
                "服务器上原有的内容不会被改动。"
            )


def _count(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _copy_table(reader: Connection, writer: Connection, table: Table) -> None:
    names = [c.name for c in table.columns]
    rows = reader.execution_options(yield_per=CHUNK).execute(select(*table.columns))
    for chunk in rows.partitions():
        copy_rows(writer, table.name, names, [tuple(r) for r in chunk])


def _check_counts(writer: Connection, tables: list[Table], counts: dict[str, int]) -> None:
    for table in tables:
        copied = _count(writer, table)
        if copied != counts[table.name]:
            raise LedgerStateError(_count_differs(table.name, copied, counts[table.name]))


def _count_differs(table: str, copied: int, in_file: int) -> str:
    """A table whose copy on the server has another row count, in words."""
    return (
        f"{table} 表复制后是 {copied} 行，台账文件里是 {in_file} 行："
        "没有搬，服务器上的数据库还是空的。"
    )


def _move_counters(writer: Connection, tables: list[Table]) -> None:
    """Serial ids (``sync_ranges.id`` …) continue after the copied ones."""
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and keys[0].type.python_type is int:  # (setval of no sequence: NULL)
            writer.execute(text(_SETVAL.format(table=table.name, column=keys[0].name)))


_SETVAL = (
    "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
    "COALESCE(max({column}), 1), max({column}) IS NOT NULL) FROM {table}"
)


def table_label(name: str) -> str:
    """A table's Chinese name where ``jifen verify`` has one."""
    from .verify.report import TABLE_NAMES

    return TABLE_NAMES.get(name, name)
