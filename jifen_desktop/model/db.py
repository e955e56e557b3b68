"""Opening the SQLite ledger the same way everywhere, and running its Alembic migrations.

Every connection gets WAL, foreign keys on, ``synchronous=FULL`` (a recorded entry survives a
power cut) and a busy timeout. The file is private to its user (0600 in a 0700 folder:
``privacy``), made so before SQLite first opens it, so that its ``-wal`` and ``-shm`` are too. Transactions are begun explicitly: ``BEGIN IMMEDIATE`` for writes,
so that a service's check-then-insert (a monthly cap, a unique household number) cannot race
another process, and a plain ``BEGIN`` for reads.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text

from . import privacy

if TYPE_CHECKING:
    from alembic.config import Config

BUSY_TIMEOUT_MS = 10_000
WRITE_OPTION = "jifen_write"
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# The newest migration's revision id. Opening a ledger compares it with the database's without
# importing Alembic (some 0.2 s of every start-up); a test checks it against Alembic's head.
HEAD_REVISION = "0010"


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module; the "begin" hook issues BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _on_begin(conn: Any) -> None:
    if conn.get_execution_options().get(WRITE_OPTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def make_engine(path: Path) -> Engine:
    """An engine on the ledger file with the house pragmas; does not create tables. The data
    folder and the file are made private to the user first (or tightened, when older)."""
    privacy.make_private(path.parent)
    privacy.create_private_file(path)
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, but its transactions begin with ``BEGIN IMMEDIATE``."""
    return engine.execution_options(**{WRITE_OPTION: True})


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    return HEAD_REVISION


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision (None before the first migration), read the way Alembic
    keeps it: the one row of ``alembic_version``."""
    with engine.connect() as conn:
        has_table = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        ).first()
        if has_table is None:
            return None
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(versions) > 1:
        raise RuntimeError(f"台账数据库的结构版本不唯一：{versions}")
    return versions[0] if versions else None


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision (the only way tables are made or changed).

    Foreign keys are off while the migrations run (a migration may rebuild a table others refer
    to, SQLite's 12-step ALTER TABLE), and checked before the transaction commits: a migration
    that leaves a dangling reference is rolled back whole."""
    from alembic import command

    config = alembic_config()
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")  # outside a transaction, or it is ignored
        try:
            with db_writer_begin(conn):
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
                if broken is not None:
                    raise RuntimeError(f"数据库升级后有悬空的引用：{tuple(broken)}")
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def db_writer_begin(conn: Any) -> Any:
    """Begin a write transaction (``BEGIN IMMEDIATE``) on an open connection."""
    return conn.execution_options(**{WRITE_OPTION: True}).begin()
