"""Migration 0015 drops the audit log's indexes on village_id and on at alone and makes the
indexes of mostly empty columns partial: the migrated indexes are the tables' (``schema``), the
queries that need them still use them (SQLite's query plans), a ledger made by an older release
reads every audit row the same afterwards and verifies clean, and a downgrade restores the
indexes as they were. After an upgrade through such a migration, opening the ledger rewrites
the file once (``compact``)."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pg
import pytest
from alembic import command
from demo_copies import copy_ledger_file, make_demo
from sqlalchemy import Engine, exists, inspect, select
from sqlalchemy.orm import aliased

from jifen_desktop.model import db, paths
from jifen_desktop.model.compact import shrinks
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.schema import AuditRow, Base, Entry, EntryDecision

DATA = Path(__file__).resolve().parent.parent / "data"
PARTIAL = {"ix_entries_corrects_entry_id", "ix_entries_batch_id", "ix_entry_decisions_session_id"}
DROPPED = {"ix_audit_log_village_id", "ix_audit_log_at"}


def _indexes(engine: Engine) -> dict[str, str]:
    """Every index of the database by name, as SQLite keeps its definition."""
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        )
        return {name: sql for name, sql in rows}


def _migrate(path: Path, revision: str, down: bool = False) -> None:
    """Up or down to ``revision``, foreign keys off as ``db.upgrade`` has them (an older
    migration rebuilds tables others refer to)."""
    engine = db.make_engine(path)
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")  # outside a transaction, or it is ignored
        with conn.begin():
            config = db.alembic_config()
            config.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(config, revision)
    engine.dispose()


def test_the_migrated_indexes_are_the_tables(tmp_path: Path) -> None:
    ledger = Ledger.create(tmp_path)
    found = inspect(ledger.engine)
    for table in Base.metadata.tables.values():
        made = {i["name"]: i for i in found.get_indexes(table.name)}
        declared = {i.name: i for i in table.indexes}
        assert set(made) == set(declared), table.name
        for name, index in declared.items():
            assert made[name]["column_names"] == [c.name for c in index.columns], name
            where = index.dialect_options["sqlite"].get("where")
            assert (where is not None) == (name in PARTIAL), name
    assert not DROPPED & set(_indexes(ledger.engine))
    ledger.close()


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo"), households=6)


def _plan(ledger: Ledger, stmt: object) -> str:
    with ledger.engine.connect() as conn:
        sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))  # type: ignore[attr-defined]
        return " | ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))


def test_the_queries_still_use_an_index(demo_folder: Path, tmp_path: Path) -> None:
    ledger = Ledger.open(copy_ledger_file(demo_folder, tmp_path / "ledger"))
    some = "0" * 36
    reversal = aliased(Entry)
    village = AuditRow.village_id == some
    plans = {
        "ix_audit_log_village_at": [
            select(AuditRow.id).where(village).order_by(AuditRow.at.desc(), AuditRow.seq.desc()),
            select(AuditRow.id).where(village, AuditRow.at >= "2026-01-01"),
            select(AuditRow.id).where(AuditRow.village_id.is_(None)).order_by(AuditRow.at),
        ],
        "ix_audit_log_action": [  # verify's enrolments and revocations
            select(AuditRow.object_id)
            .where(AuditRow.action.in_(["sync.enrol", "sync.revoke"]), AuditRow.replica_id == some)
            .order_by(AuditRow.at, AuditRow.seq)
        ],
        "ix_entries_batch_id": [
            select(Entry.id).where(Entry.batch_id == some, Entry.kind == "transfer"),
            select(Entry.id).where(Entry.batch_id.in_([some, some[:-1] + "1"])),
        ],
        "ix_entries_corrects_entry_id": [
            select(Entry.id).where(Entry.corrects_entry_id == some, Entry.kind == "reversal"),
            # the entry lists' "reversed?" for every row (entry_queries, entry_checks)
            select(Entry.id).where(
                Entry.village_id == some,
                ~exists().where(
                    reversal.corrects_entry_id == Entry.id, reversal.kind == "reversal"
                ),
            ),
        ],
        "ix_entry_decisions_session_id": [
            select(EntryDecision.entry_id).where(EntryDecision.session_id == some)
        ],
    }
    for index, statements in plans.items():
        for stmt in statements:
            assert index in _plan(ledger, stmt), (index, str(stmt))
    ledger.close()


def _audit_infos(folder: Path) -> dict[str, object]:
    with Ledger.open(folder) as ledger:
        ledger.login("admin", "jifen123")
        return {info.id: info for info in ledger.audit.list(limit=1_000_000)}


@pytest.mark.parametrize("name", ["ledger-rev0001.sqlite3", "ledger-rev0008-demo.sqlite3"])
def test_the_migration_keeps_every_audit_row_and_goes_back(name: str, tmp_path: Path) -> None:
    path = paths.db_path(tmp_path)
    shutil.copy(DATA / name, path)
    _migrate(path, "0014")
    engine = db.make_engine(path)
    before_indexes = _indexes(engine)
    engine.dispose()
    assert set(before_indexes) >= DROPPED
    infos = _audit_infos(tmp_path)  # opening migrates to the newest revision
    with Ledger.open(tmp_path) as ledger:
        ledger.login("admin", "jifen123")
        report = ledger.verify()
        assert report.ok, report.findings
        after_indexes = _indexes(ledger.engine)
    assert not DROPPED & set(after_indexes)
    assert all("IS NOT NULL" in after_indexes[name] for name in PARTIAL)
    engine = db.make_engine(path)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM audit_log").scalar() == len(infos)
    engine.dispose()
    _migrate(path, "0014", down=True)
    engine = db.make_engine(path)
    assert _indexes(engine) == before_indexes
    engine.dispose()
    assert _audit_infos(tmp_path) == infos  # and up again


def test_only_an_upgrade_through_a_shrinking_migration_rewrites_the_file() -> None:
    assert shrinks("0011", "0015") and shrinks("0014", "0015") and shrinks("0008", "0012")
    assert not shrinks(None, "0015")  # a new ledger
    assert not shrinks("0015", "0016") and not shrinks("0012", "0014")


def _file(path: Path) -> tuple[int, int]:
    """The file's bytes and its free pages."""
    with closing(sqlite3.connect(path)) as raw:
        return path.stat().st_size, raw.execute("PRAGMA freelist_count").fetchone()[0]


def test_opening_an_upgraded_ledger_rewrites_it_compactly(tmp_path: Path) -> None:
    migrated = paths.db_path(tmp_path / "migrated")
    opened = paths.db_path(tmp_path / "opened")
    for path in (migrated, opened):
        path.parent.mkdir()
        shutil.copy(DATA / "ledger-rev0008-demo.sqlite3", path)
    engine = db.make_engine(migrated)
    db.upgrade(engine)  # the migrations alone
    engine.dispose()
    with Ledger.open(opened.parent) as ledger:
        ledger.login("admin", "jifen123")
        assert ledger.verify().ok
        backups = list((opened.parent / "backups").iterdir())
    size, free = _file(opened)
    assert free == 0
    assert size < _file(migrated)[0]
    assert backups, "the ledger is backed up before it is migrated and rewritten"
    assert _audit_infos(opened.parent) == _audit_infos(migrated.parent)  # nothing else changed


@pytest.mark.skipif(pg.bin_dir() is None, reason="PostgreSQL is not installed")
def test_the_migration_on_postgresql_and_back() -> None:
    engine = db.make_server_engine(pg.new_database())
    try:
        declared = {
            i.name: [c.name for c in i.columns]
            for t in Base.metadata.tables.values()
            for i in t.indexes
        }

        def indexes() -> dict[str, tuple[list[str], str | None]]:
            found = inspect(engine)
            return {
                i["name"]: (i["column_names"], i.get("dialect_options", {}).get("postgresql_where"))
                for table in found.get_table_names()
                for i in found.get_indexes(table)
                if not i.get("duplicates_constraint")  # a unique constraint's own index
            }

        made = indexes()
        assert {name: columns for name, (columns, _where) in made.items()} == declared
        assert {name for name, (_columns, where) in made.items() if where} == PARTIAL
        with engine.begin() as conn:
            config = db.alembic_config()
            config.attributes["connection"] = conn
            command.downgrade(config, "0014")
        assert set(indexes()) >= DROPPED and not any(where for _c, where in indexes().values())
        db.upgrade(engine)
        assert indexes() == made
    finally:
        engine.dispose()
