"""A first load into an empty PostgreSQL township with worker processes: they check and format,
the writer streams.

A first load into PostgreSQL (``first_load_pg``, ``merge_pg``) spends most of its client's CPU
on each bundle's own work: reading, inflating and parsing its rows, hashing every line for the
chain, the signer's rights, the links packed, the audit members made, the rows formatted for
``COPY``. So, as on SQLite (``first_load_parallel``: read it first), the bundles are split into
groups, and two worker processes (``first_load_pg_worker``) each merge a group by the import's
own code into a scratch SQLite copy of the township (``sqlite_template``: the server's rows
of every table, a few hundred at a first load), the rows a first load sends straight into the
server's tables written as ``COPY`` data to files instead. The writer (``PgWriter``), in the
one transaction of the first load, for each group in order: the checks before each bundle's
rows again (place, key, signatures with the worker's digest), each bundle's ``COPY`` data
streamed to the server as it is (the server inserts it on its own core while the workers make
the next groups), then the scratch file's new rows (audit members, chain links, operators …),
then each import kept as the usual path does; at the end the records referred to from
outside each bundle looked for, the indexes and keys made again and the summaries made by the
server (``first_load.build_indexes``).

Whatever the workers cannot decide alone is the usual way's (``Sequential``, nothing written):
the cases of ``first_load_parallel``, and also a row the server refuses while it is streamed
(a record held twice: the key refuses it), or a record one bundle refers to that any other
bundle brought (the worker's scratch file does not hold the rows sent as ``COPY`` data, so it
could not check whose it is). ``JIFEN_FIRST_LOAD_IN_PROCESS=1`` turns this path off too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, create_engine, select, text
from sqlalchemy.exc import IntegrityError

from jifen_desktop.model import db
from jifen_desktop.model.bulk_pg import is_unique_violation, quoted
from jifen_desktop.model.engine_sql import copy_rows
from jifen_desktop.model.schema import Base

from . import first_load_parallel
from .first_load import BIG_TABLES
from .first_load_parallel import Sequential, Way, Writer
from .first_load_pg import build_pg, set_keys_aside_pg
from .first_load_pg_worker import CopyFile, PgGroupDone, prepare_group_pg
from .first_load_worker import GroupDone, scratch_template

if TYPE_CHECKING:
    from jifen_desktop.model.ledger import Ledger
    from jifen_desktop.model.tx import Op

    from .importer import ImportResult

Progress = Callable[[float, str], None]
BLOCK = 1 << 20  # bytes of ``COPY`` data sent at a time
CHUNK = 5000  # scratch rows copied at a time
IN_CHUNK = 5000


def usable(ledger: Ledger, paths: Sequence[Path]) -> bool:
    """Whether a first load of ``paths`` into PostgreSQL may go through workers (as
    ``first_load_parallel.usable`` for SQLite)."""
    return first_load_parallel.usable(ledger, paths, "postgresql")


def load(
    ledger: Ledger, paths: Sequence[Path], say: Progress, cancelled: Callable[[], bool] | None
) -> Op[list[ImportResult]]:
    """The first load of ``paths`` (``usable``), or ``Sequential``: nothing was written."""
    return first_load_parallel.load(ledger, paths, say, cancelled, PG_WAY)


def sqlite_template(ledger: Ledger, template: Path) -> None:
    """The township as a SQLite file at ``template``: this program's schema, the rows of every
    table read from the server (a township before its first load holds few)."""
    built = template.with_name("township.sqlite")
    engine = db.make_engine(built)
    try:
        db.upgrade(engine)
        with ledger.engine.connect() as source, engine.begin() as target:
            target.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            tables = Base.metadata.sorted_tables
            for table in reversed(tables):
                target.execute(table.delete())
            for table in tables:
                rows = [dict(row) for row in source.execute(select(table)).mappings()]
                if rows:
                    target.execute(table.insert(), rows)
    finally:
        engine.dispose()
    scratch_template(built, template)
    built.unlink()


class PgWriter(Writer):
    """``first_load_parallel``'s writer, streaming each group to the server; the big tables'
    keys set aside before the first group and made again after the last (``first_load_pg.
    set_keys_aside_pg``: a record held twice is then refused there, and loads the usual way);
    the server makes the summaries after the indexes."""

    summaries = True
    keys: list[str] | None = None

    def copy(self, conn: Any, number: int, group: GroupDone) -> None:
        assert isinstance(group, PgGroupDone)
        if self.keys is None:  # (the first group: the indexes and foreign keys went before)
            self.keys = set_keys_aside_pg(conn, BIG_TABLES)
        for files in group.copies:
            for found in files:
                self._stop_if_cancelled()
                _stream(conn, found)
                Path(found.path).unlink()  # (some 800 MB at 1,000,000 entries: gone as sent)
        _copy_scratch(conn, group)

    def check_outside(self, conn: Any, outside: list[dict[str, list[str]]]) -> None:
        """After the last group: the keys made again (a record held twice: the usual way
        names it); then a record a bundle referred to, not in its worker's scratch file, that
        some bundle brought: the usual way checks whose it is."""
        try:  # (the checks still pending first: a table with some cannot be altered)
            conn.exec_driver_sql("SET CONSTRAINTS ALL IMMEDIATE")
            build_pg(conn, self.keys or [])
        except IntegrityError as exc:
            if not is_unique_violation(exc.orig or exc):
                raise  # (a reference to nothing: refused as the usual way refuses it)
            raise Sequential(f"a record held twice: {exc}") from exc
        for found in outside:
            for table, ids in found.items():
                for start in range(0, len(ids), IN_CHUNK):
                    sql = f"SELECT 1 FROM {quoted(table)} WHERE id = ANY(%s) LIMIT 1"
                    part = list(ids[start : start + IN_CHUNK])
                    if conn.exec_driver_sql(sql, (part,)).first() is not None:
                        raise Sequential(f"{table}: a record of another bundle")


PG_WAY = Way(sqlite_template, prepare_group_pg, PgWriter)


def _stream(conn: Any, found: CopyFile) -> None:
    """A bundle's ``COPY`` data of one table, sent as the worker wrote it; a row the server
    refuses (a key taken, a value of the wrong kind) is the usual way's to name."""
    names = ", ".join(quoted(name) for name in found.columns)
    sql = f"COPY {quoted(found.table)} ({names}) FROM STDIN"
    raw = conn.connection.dbapi_connection
    try:
        with raw.cursor() as cursor, cursor.copy(sql) as copy, open(found.path, "rb") as data:
            while block := data.read(BLOCK):
                copy.write(block)
    except Exception as exc:  # (psycopg's errors: the transaction is given up)
        raise Sequential(f"{found.table}: {exc}") from exc


def _copy_scratch(conn: Any, group: GroupDone) -> None:
    """The scratch file's new rows of every table (after the template's ``marks``), parents
    first; a lone integer key is the server's to give."""
    engine = create_engine(f"sqlite:///{group.target}")
    try:
        with engine.connect() as source:
            for table in Base.metadata.sorted_tables:
                _copy_table(source, conn, table, group.marks.get(table.name, 0))
    finally:
        engine.dispose()


def _copy_table(source: Connection, conn: Any, table: Any, mark: int) -> None:
    keys = list(table.primary_key.columns)
    serial = keys[0].name if len(keys) == 1 and keys[0].type.python_type is int else None
    columns = [c for c in table.columns if c.name != serial]
    rows = source.execution_options(yield_per=CHUNK).execute(
        select(*columns).where(text("rowid > :mark")).order_by(text("rowid")), {"mark": mark}
    )
    names = [quoted(c.name) for c in columns]
    try:
        for chunk in rows.partitions():
            copy_rows(conn, quoted(table.name), names, [tuple(row) for row in chunk])
    except Exception as exc:  # (a key taken: a record held twice)
        raise Sequential(f"{table.name}: {exc}") from exc
