"""Migration 0012 stores the audit rows of new append-only records as references to them
(``audit_ref``): on ledgers made by older releases (``tests/data``) every audit row reads the
same afterwards (each ``AuditInfo``: action, summary, values before and after ...), the ledger
verifies clean, the file's audit texts shrink, and a downgrade writes back every text byte for
byte."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command

from jifen_desktop.model import db, paths
from jifen_desktop.model.audit import AuditInfo
from jifen_desktop.model.audit_ref import MARK
from jifen_desktop.model.ledger import Ledger

DATA = Path(__file__).resolve().parent.parent / "data"
LEDGERS = ["ledger-rev0001.sqlite3", "ledger-rev0008-demo.sqlite3"]
COLUMNS = (
    "id, at, operator_name, action, object_type, object_id, summary, before_json, after_json, "
    "village_id"
)


def _raw_rows(folder: Path) -> dict[str, tuple[str, ...]]:
    with closing(sqlite3.connect(paths.db_path(folder))) as raw:
        return {row[0]: row for row in raw.execute(f"SELECT {COLUMNS} FROM audit_log")}


def _info(row: tuple[str, ...]) -> AuditInfo:
    """An audit row as ``AuditService.list`` reads it, from its stored texts in full."""
    rid, at, operator, action, object_type, object_id, summary, before, after, village = row
    return AuditInfo(
        rid,
        dt.datetime.fromisoformat(at),
        operator,
        action,
        object_type,
        object_id,
        summary,
        json.loads(before) if before else None,
        json.loads(after) if after else None,
        village,
    )


@pytest.mark.parametrize("name", LEDGERS)
def test_the_migration_keeps_every_audit_view_and_verify_clean(name: str, tmp_path: Path) -> None:
    shutil.copy(DATA / name, paths.db_path(tmp_path))
    before = _raw_rows(tmp_path)
    with Ledger.open(tmp_path) as ledger:
        ledger.login("admin", "jifen123")
        listed = ledger.audit.list(limit=1_000_000)
        report = ledger.verify()
        assert report.ok, report.findings
    after = _raw_rows(tmp_path)
    assert {info.id: info for info in listed} == {rid: _info(row) for rid, row in before.items()}
    referred = [row for row in after.values() if row[8].startswith(MARK)]
    assert referred, "no audit row refers to its record"
    assert {row[3] for row in referred} >= {"entry.create"}
    assert sum(len(row[8]) for row in after.values()) < sum(len(r[8]) for r in before.values())
    # downgrading writes every full text back, byte for byte
    engine = db.make_engine(paths.db_path(tmp_path))
    with engine.begin() as conn:
        config = db.alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0011")
    engine.dispose()
    restored = _raw_rows(tmp_path)
    assert {rid: row[8] for rid, row in restored.items()} == {
        rid: row[8] for rid, row in before.items()
    }
