"""Giving back the space a migration frees: one ``VACUUM`` of the ledger file after an upgrade
that crossed a migration known to shrink it.

SQLite keeps the pages a migration frees (shorter audit texts, a dropped index) inside the file
and fills them again only as the ledger grows: migration 0012 left the big test village's file
at 491 MB where 365 MB held it. Opening a ledger that such a migration has just upgraded
(backed up before it: ``backup.service.before_migration``) rewrites the file once, compactly.
A ledger on a database server is left to its server (PostgreSQL's autovacuum); a file that
cannot be rewritten (a full disk) stays as it is: nothing is lost, it is only bigger.
"""

from __future__ import annotations

import logging
import sqlite3
import time

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from . import db

log = logging.getLogger(__name__)

# The migrations after which a ledger is worth rewriting (the revisions they bring it to).
SHRINKING = ("0012", "0015", "0017")


def shrinks(old: str | None, new: str) -> bool:
    """Whether upgrading from revision ``old`` to ``new`` runs a migration that frees much of
    the file (a new, empty ledger has nothing to free)."""
    return old is not None and any(old < rev <= new for rev in SHRINKING)


def compact_after_upgrade(engine: Engine, old: str | None) -> float | None:
    """``VACUUM`` the ledger file if the upgrade from ``old`` freed much of it; the seconds it
    took, or None when nothing was done."""
    if db.is_server(engine) or not shrinks(old, db.head_revision()):
        return None
    started = time.monotonic()
    try:
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.execute("VACUUM")  # outside a transaction: pysqlite begins none for it
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except (DBAPIError, sqlite3.Error) as exc:
        log.warning("台账升级后整理文件未完成（不影响使用）：%s", exc)
        return None
    took = time.monotonic() - started
    log.info("台账升级后整理文件用了 %.1f 秒", took)
    return took
