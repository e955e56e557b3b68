"""Opening the ledger's database the same way everywhere, and running its Alembic migrations.
Engine-specific set-up lives here and only here (ARCHITECTURE habit 13).

SQLite (a village, a township on one laptop): every connection gets WAL, foreign keys on,
``synchronous=FULL`` (a recorded entry survives a power cut) and a busy timeout. The file is
private to its user (0600 in a 0700 folder: ``privacy``), made so before SQLite first opens it,
so that its ``-wal`` and ``-shm`` are too. Transactions are begun explicitly: ``BEGIN
IMMEDIATE`` for writes, so that a service's check-then-insert (a monthly cap, a unique
household number) cannot race another process, and a plain ``BEGIN`` for reads.

PostgreSQL (a township or county server, ``postgresql://…`` through psycopg 3): the services
were written for one writer at a time, and their check-then-insert rules (a monthly cap, a
unique number, a bundle's last-writer-wins merge) rely on it. So a write transaction takes one
transaction-level advisory lock (``pg_advisory_xact_lock``) before its first read, under READ
COMMITTED, whose statements then see every write committed before the lock was granted: writers
queue as they do on SQLite, and a bundle import is serialised with every other write. We chose
the lock over SERIALIZABLE because a serialisation failure would have to be retried by every
service (and a 2,000-entry import redone whole), while a township's writes are few and short
next to its reads. Reads run REPEATABLE READ: one consistent snapshot per service call, and
they never wait for a writer (MVCC), not even for an import in progress.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text

from . import privacy
from .errors import LedgerStateError

if TYPE_CHECKING:
    from alembic.config import Config

BUSY_TIMEOUT_MS = 10_000
WRITE_OPTION = "jifen_write"
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# The newest migration's revision id. Opening a ledger compares it with the database's without
# importing Alembic (some 0.2 s of every start-up); a test checks it against Alembic's head.
HEAD_REVISION = "0018"
# The advisory lock every write transaction on PostgreSQL holds ("jifen" in ASCII).
WRITE_LOCK_KEY = 0x6A6966656E
SERVER_SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://")
DATABASE_ENV = "JIFEN_DATABASE_URL"


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


def _on_server_begin(conn: Any) -> None:
    # psycopg has begun the transaction; these are its first statements.
    if conn.get_execution_options().get(WRITE_OPTION):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
    else:
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def make_engine(path: Path) -> Engine:
    """An engine on the ledger file with the house pragmas; does not create tables. The data
    folder and the file are made private to the user first (or tightened, when older)."""
    privacy.make_private(path.parent)
    privacy.create_private_file(path)
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def is_server_url(database: str | None) -> bool:
    """Whether ``database`` names a database server (PostgreSQL) rather than nothing."""
    return bool(database) and str(database).startswith(SERVER_SCHEMES)


def make_server_engine(url: str) -> Engine:
    """An engine on a PostgreSQL database (psycopg 3), with the write lock described above;
    refuses any other kind of address in Chinese. Loads psycopg only here."""
    if not is_server_url(url):
        raise LedgerStateError(
            f"数据库地址“{url}”不对：应写成 postgresql://用户名@服务器:端口/数据库名"
            "（只支持 PostgreSQL 15 或更新的版本）。"
        )
    rest = url.split("://", 1)[1]
    engine = create_engine(f"postgresql+psycopg://{rest}", future=True)
    event.listen(engine, "begin", _on_server_begin)
    return engine


def is_server(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def writer(engine: Engine) -> Engine:
    """The same engine, but its transactions begin as writes (see the module docstring)."""
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
        if is_server(engine):
            has_table = inspect(conn).has_table("alembic_version")
        else:  # the inspector would cost SQLite's start-up a few milliseconds more
            has_table = (
                conn.execute(
                    text(
                        "SELECT 1 FROM sqlite_master"
                        " WHERE type = 'table' AND name = 'alembic_version'"
                    )
                ).first()
                is not None
            )
        if not has_table:
            return None
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(versions) > 1:
        raise RuntimeError(f"台账数据库的结构版本不唯一：{versions}")
    return versions[0] if versions else None


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the schema to the newest revision (the only way tables are made or changed), in
    one transaction (``target``: an older one, for tests of what an older program left).

    On SQLite, foreign keys are off while the migrations run (a migration may rebuild a table
    others refer to, SQLite's 12-step ALTER TABLE), and checked before the transaction commits:
    a migration that leaves a dangling reference is rolled back whole. PostgreSQL checks every
    reference as it goes, and its DDL is transactional too."""
    if is_server(engine):
        from .engine_sql import make_references_deferrable

        with engine.connect() as conn, db_writer_begin(conn):
            _run_migrations(conn, target)
            make_references_deferrable(conn)
        return
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")  # outside a transaction, or it is ignored
        try:
            with db_writer_begin(conn):
                _run_migrations(conn, target)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
                if broken is not None:
                    raise RuntimeError(f"数据库升级后有悬空的引用：{tuple(broken)}")
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def _run_migrations(conn: Any, target: str) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = conn
    command.upgrade(config, target)


def db_writer_begin(conn: Any) -> Any:
    """Begin a write transaction (``BEGIN IMMEDIATE``, or the write lock) on an open
    connection."""
    return conn.execution_options(**{WRITE_OPTION: True}).begin()
