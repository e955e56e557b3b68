"""A ledger made by the first release (schema revision 0001, ``tests/data``) opens in this one:
it is migrated to the newest schema with every record and balance intact, its records are
sealed in the hash chain, and work goes on."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from jifen_desktop.model import db, paths
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.ledger import Ledger

FIRST_SCHEMA = Path(__file__).resolve().parent.parent / "data" / "ledger-rev0001.sqlite3"


def test_a_first_release_ledger_upgrades_with_everything_intact(tmp_path: Path) -> None:
    shutil.copy(FIRST_SCHEMA, paths.db_path(tmp_path))
    raw = sqlite3.connect(paths.db_path(tmp_path))
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    counts = {
        t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("entries", "audit_log", "households")
    }
    raw.close()

    with Ledger.open(tmp_path) as ledger:
        assert db.current_revision(ledger.engine) == db.head_revision()
        ledger.login("admin", "jifen123")
        village = ledger.villages.resolve()
        assert village.name == "张集村"
        households = ledger.households.list(village.id)
        balances = [ledger.balances.of(h.id).lifetime for h in households]
        assert [h.number for h in households] == ["0001", "0002", "0003", "0004"]
        assert balances == [110, 110, 110, 100]
        assert len(ledger.entries.list(village.id)) == counts["entries"]
        report = ledger.verify()
        assert report.ok, report.findings
        assert report.rows >= counts["entries"] + counts["audit_log"]
        # and the upgraded ledger takes new work, chained on from the first link
        ledger.entries.record(
            village.id,
            EntryDraft(
                households[3].id,
                "B04",
                households[3].registered_on.replace(year=2026, month=5, day=1),
            ),
        )
        assert ledger.verify().ok
    raw = sqlite3.connect(paths.db_path(tmp_path))
    assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    raw.close()
