"""Filling the benchmark county (``bench_county``) on the server: the one village share written
with ``COPY`` (copy number ``FIRST_COPY``) is kept in temporary seed tables, and every other
copy is made from them with ``INSERT … SELECT`` per table, ten copies a statement, rewriting in
SQL what ``bench_county.Renamer`` rewrites in Python: an id's first 28 characters (the copy's
stem, the time-ordered head of a UUIDv7 kept) with the copy's number as the last eight hex
digits — canonical UUID text, unique per copy — and the village's code and name.

The big tables' secondary indexes and foreign keys are set aside first and built again after
(``first_load_pg``: as a first load does, the township's index set only), then the summaries
are made and the tables analysed. The filled county is kept in a cluster folder under the
benchmark cache (``cached_cluster``), so later runs only start it."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text

from jifen_desktop.model import summaries
from jifen_desktop.model.bulk_pg import quoted
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.sync.first_load import BIG_TABLES, NOT_IN_TOWNSHIP
from jifen_desktop.sync.first_load_pg import LOAD_SETTINGS, build_pg, set_aside_pg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import pg  # noqa: E402 - tests/pg.py: the throwaway cluster's tools

DATABASE = "county"
PER_STATEMENT = 10  # copies made by one INSERT … SELECT
# more shared buffers than the tests' 64 MB: a county server holds some GB of tables
# (and the statements over half a second named in the cluster's server.log)
OPTIONS = pg.SERVER_OPTIONS.replace("shared_buffers=64MB", "shared_buffers=512MB") + (
    " -c log_min_duration_statement=500"
)
FILLED = "filled"  # the marker file of a complete fill


def cached_cluster(folder: Path) -> tuple[pg.Cluster, bool]:
    """The county's cluster in ``folder``, started; whether it holds a complete fill (else
    it is made anew, empty but for the ``county`` database)."""
    found = pg.bin_dir()
    if found is None:
        raise SystemExit("县级测试需要 PostgreSQL：apt-get install -y postgresql")
    server = pg.Cluster(folder, found, pg._owner())
    filled = (folder / FILLED).exists()
    if not filled:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        if server.run_as:
            shutil.chown(folder, "postgres")
        server.socket_dir.mkdir()
        if server.run_as:
            shutil.chown(server.socket_dir, "postgres")
        server.run("initdb", "-D", str(folder / "data"), "-U", pg.USER, "--auth=trust",
                   "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip
    options = f"-p {pg.PORT} -k {server.socket_dir} {OPTIONS}"
    log = str(folder / "server.log")
    server.run("pg_ctl", "-D", str(folder / "data"), "-o", options, "-l", log, "-w", "start")
    if not filled:
        server.execute(f"CREATE DATABASE {DATABASE}")
    return server, filled


def stop(server: pg.Cluster) -> None:
    """Stop the cluster, keeping its folder (the cache)."""
    server.run("pg_ctl", "-D", str(server.folder / "data"), "-m", "fast", "-w", "stop")


def mark_filled(folder: Path) -> None:
    (folder / FILLED).write_text("300 villages\n")


def _id_columns(conn: Any, table: str, renamed: Callable[[str], bool]) -> set[str]:
    """The columns of ``table`` that ``renamed`` names and that hold text."""
    rows = conn.exec_driver_sql(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s",
        (table,),
    ).all()
    return {name for name, kind in rows if renamed(name) and kind in ("text", "character varying")}


def _expressions(table: str, columns: list[str], ids: set[str]) -> list[str]:
    """Each column of copy ``n`` (a column of ``generate_series``) from the seed's."""
    tail = "lpad(to_hex(n), 8, '0')"
    out = []
    for name in columns:
        column = quoted(name)
        if name in ids:
            out.append(f"CASE WHEN length({column}) = 36 THEN left({column}, 28) || {tail} "
                       f"ELSE {column} END")  # fmt: skip
        elif table == "villages" and name == "code":
            out.append("'4208811' || lpad(CAST(n AS text), 5, '0')")
        elif table == "villages" and name == "name":
            out.append("'第' || CAST(n AS text) || '村'")
        else:
            out.append(column)
    return out


def replicate(
    town: Ledger,
    tables: list[tuple[str, list[str]]],
    first: int,
    villages: int,
    renamed: Callable[[str], bool],
    say: Callable[[str], None],
) -> None:
    """Copies ``first + 1`` … ``first + villages - 1`` of the seed copy ``first`` (rows whose
    id ends with its number) of ``tables`` ((name, columns), parents first), made on the
    server; indexes set aside and built again after."""
    tail = f"{first:08x}"
    with town.engine.connect() as conn:
        with conn.begin():
            again = set_aside_pg(conn, BIG_TABLES, NOT_IN_TOWNSHIP)
        statements = []
        for table, columns in tables:
            seed = quoted(f"seed_{table}")
            conn.exec_driver_sql(
                f"CREATE TEMPORARY TABLE {seed} AS SELECT * FROM {quoted(table)} "
                f"WHERE right(id, 8) = '{tail}'"
            )
            exprs = ", ".join(_expressions(table, columns, _id_columns(conn, table, renamed)))
            names = ", ".join(quoted(c) for c in columns)
            statements.append(
                f"INSERT INTO {quoted(table)} ({names}) SELECT {exprs} FROM {seed} "
                "CROSS JOIN generate_series(CAST(%s AS integer), CAST(%s AS integer)) AS n"
            )
        conn.commit()
        _insert_copies(conn, statements, first + 1, first + villages - 1, say)
        _build(conn, again, say)


def _insert_copies(
    conn: Any, statements: list[str], low: int, high: int, say: Callable[[str], None]
) -> None:
    started = time.perf_counter()
    for start in range(low, high + 1, PER_STATEMENT):
        end = min(high, start + PER_STATEMENT - 1)
        with conn.begin():
            for sql in statements:
                conn.exec_driver_sql(sql, (start, end))
        say(f"  … copies up to {end - low + 2} made ({time.perf_counter() - started:.0f} s)")


def _build(conn: Any, again: list[str], say: Callable[[str], None]) -> None:
    """The indexes and keys again, then every summary row, then fresh statistics."""
    for step, work in (
        ("indexes and keys built again", lambda: build_pg(conn, again)),
        ("summaries made", lambda: summaries.rebuild(conn)),
    ):
        started = time.perf_counter()
        with conn.begin():
            for setting in LOAD_SETTINGS[:2]:
                conn.exec_driver_sql(f"SET LOCAL {setting}")
            work()
        say(f"  {step} ({time.perf_counter() - started:.0f} s)")
    conn.execute(text("ANALYZE"))
    conn.commit()
