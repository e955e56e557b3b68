"""Migration 0006 on a database made before sync: it keeps every row, gives the replica a key
pair, and turns the natural keys two laptops can both hand out into plain indexes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from jifen_desktop.model import db, paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.sync import keys


def test_a_0005_database_upgrades_with_keys_and_rows_intact(tmp_path: Path) -> None:
    path = paths.db_path(tmp_path)
    engine = db.make_engine(path)
    config = db.alembic_config()
    with db.writer(engine).begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0005")
    engine.dispose()
    raw = sqlite3.connect(path)
    raw.execute(
        "INSERT INTO replica (id, mode, created_at, hlc_last, next_seq) "
        "VALUES ('r1', 'village', '2026-01-01 00:00:00.000000', 0, 1)"
    )
    raw.execute(
        "INSERT INTO villages (id, hlc, changed_by_replica, change_seq, is_deleted, code, name, "
        "township_name, township_code, base_points, available_policy, mask_names, honour_tiers) "
        "VALUES ('v1', 1, 'r1', 1, 0, '420881100001', '张集村', '', '', 100, 'carry_over', 1, '')"
    )
    for number in ("0001", "0002"):
        raw.execute(
            "INSERT INTO households (id, hlc, changed_by_replica, change_seq, is_deleted, "
            "village_id, kind, number, head_name, unit_name, address, phone, status, "
            "status_since, registered_on) VALUES (?, 1, 'r1', 1, 0, 'v1', 'household', ?, "
            "'王', '', '', '', 'active', '2020-01-01', '2020-01-01')",
            (f"h{number}", number),
        )
    raw.commit()
    raw.close()

    with Ledger.open(tmp_path) as ledger:
        assert db.current_revision(ledger.engine) == db.head_revision()
        with ledger.read() as s:
            from sqlalchemy import select

            from jifen_desktop.model.schema import Replica

            replica = s.scalars(select(Replica)).one()
        assert keys.is_public_key(replica.public_key) and len(replica.signing_key) == 64
        assert keys.verify(replica.public_key, keys.sign(replica.signing_key, b"x"), b"x")
        village = ledger.villages.list()[0]
        assert [h.number for h in ledger.households.list(village.id)] == ["0001", "0002"]
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # the same household number twice is now the services' to refuse, not the schema's
    raw.execute(
        "INSERT INTO households (id, hlc, changed_by_replica, change_seq, is_deleted, village_id, "
        "kind, number, head_name, unit_name, address, phone, status, status_since, registered_on) "
        "VALUES ('h9', 2, 'r2', 1, 0, 'v1', 'household', '0001', '李', '', '', '', 'active', "
        "'2020-01-01', '2020-01-01')"
    )
    raw.close()
