"""Migration 0017 on the engine the sync tests run on (SQLite, or PostgreSQL with
``JIFEN_TEST_PG=1``): a village with decided entries goes down to 0016 (link rows back to text,
decisions' audit rows in full) and up again (packed, derived), every audit view and every link
the same, and verify clean throughout."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import select, text
from sync_world import new_village

from jifen_desktop.model import db
from jifen_desktop.model.audit_decision import DERIVED
from jifen_desktop.model.chain import to_link
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.schema import ChainLink


def _state(ledger: Ledger) -> tuple[object, ...]:
    with ledger.read() as s:
        links = sorted(
            (x.replica_id, x.last_seq, x.rows, x.hash)
            for x in map(to_link, s.scalars(select(ChainLink)))
        )
    return links, {info.id: info for info in ledger.audit.list(limit=100_000)}


def _derived(ledger: Ledger) -> int:
    with ledger.engine.connect() as conn:
        stmt = text("SELECT count(*) FROM audit_log WHERE before_json = :d")
        return int(conn.execute(stmt, {"d": DERIVED}).scalar_one())


def _downgrade(ledger: Ledger, target: str) -> None:
    with db.writer(ledger.engine).begin() as conn:
        config = db.alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, target)


def test_0017_down_and_up_keeps_every_link_and_audit_view(tmp_path: Path) -> None:
    village = new_village(tmp_path, "420881100001", "张集村")
    for household_id in village.names.values():
        village.record(household_id)
    assert village.approve_pending() > 0
    ledger = village.ledger
    before = _state(ledger)
    assert _derived(ledger) > 0
    _downgrade(ledger, "0016")
    assert _derived(ledger) == 0
    db.upgrade(ledger.engine)
    assert _derived(ledger) > 0
    assert _state(ledger) == before
    assert ledger.verify().ok
