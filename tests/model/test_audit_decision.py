"""Decisions' audit rows stored without what their entry holds (``model.audit_decision``,
migration 0017): a ledger made by an older release reads every audit row the same (each
``AuditInfo``, a search by text) and verifies clean through the upgrade, and a downgrade writes
back every text byte for byte; on a new ledger such a row changed behind the program's back is
named, and an entry changed so is named alone."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from demo_copies import copy_ledger_file, make_demo
from migrating import migrate

from jifen_desktop.model import paths
from jifen_desktop.model.audit import AuditInfo
from jifen_desktop.model.audit_decision import DERIVED
from jifen_desktop.model.ledger import Ledger

DATA = Path(__file__).resolve().parent.parent / "data"
COLUMNS = "id, action, object_id, summary, before_json, after_json"


def _sql(folder: Path, statement: str, *params: object) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(paths.db_path(folder))) as raw:
        rows = raw.execute(statement, params).fetchall()
        raw.commit()
        return rows


def _raw_rows(folder: Path) -> dict[object, tuple[object, ...]]:
    return {row[0]: row for row in _sql(folder, f"SELECT {COLUMNS} FROM audit_log")}


def _views(folder: Path, text: str | None = None) -> dict[str, AuditInfo]:
    with Ledger.open(folder) as ledger:
        ledger.login("admin", "jifen123")
        return {info.id: info for info in ledger.audit.list(limit=1_000_000, text=text)}


def test_an_older_ledger_reads_the_same_and_verifies_clean_up_and_down(tmp_path: Path) -> None:
    shutil.copy(DATA / "ledger-rev0008-demo.sqlite3", paths.db_path(tmp_path))
    migrate(tmp_path, "0016", up=True)
    stored, views, found = _raw_rows(tmp_path), _views(tmp_path), _views(tmp_path, "遵纪")
    migrate(tmp_path, "head", up=True)
    derived = [row for row in _raw_rows(tmp_path).values() if row[4] == DERIVED]
    assert len(derived) > 100
    assert {row[1] for row in derived} >= {"entry.approved", "entry.rejected"}
    assert sum(len(str(row[3])) for row in derived) * 4 < sum(
        len(str(stored[row[0]][3])) for row in derived
    )
    assert _views(tmp_path) == views
    assert _views(tmp_path, "遵纪") == found and any(
        info.action == "entry.approved" for info in found.values()
    )
    with Ledger.open(tmp_path) as ledger:
        report = ledger.verify()
        assert report.ok, report.findings
    migrate(tmp_path, "0016", up=False)
    assert _raw_rows(tmp_path) == stored


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo"), households=4)


def _derived_row(folder: Path) -> tuple[str, str]:
    """(audit row id, entry id) of a decision's row stored derived."""
    rows = _sql(
        folder,
        "SELECT id, object_id FROM audit_log WHERE before_json = ? AND action = ? LIMIT 1",
        DERIVED,
        "entry.approved",
    )
    return str(rows[0][0]), str(rows[0][1])


def _findings(folder: Path) -> set[tuple[str, str, str]]:
    with Ledger.open(folder) as ledger:
        return {(f.kind, f.table, f.record_id or "") for f in ledger.verify().findings}


def test_a_new_ledger_stores_decisions_derived_and_reads_them_in_full(demo_folder: Path) -> None:
    audit_id, entry_id = _derived_row(demo_folder)
    code, name, points = _sql(
        demo_folder, "SELECT rule_code, rule_name, points FROM entries WHERE id = ?", entry_id
    )[0]
    info = _views(demo_folder)[audit_id]
    assert info.summary.startswith(f"已通过：{code} {name} {points:+d}分")
    assert info.before == {"status": "pending"} and info.after is not None
    assert info.after["status"] == "approved"
    assert _findings(demo_folder) == set()


@pytest.mark.parametrize("column", ["summary", "before_json", "action"])
def test_a_derived_row_changed_by_hand_is_named(
    demo_folder: Path, tmp_path: Path, column: str
) -> None:
    folder = copy_ledger_file(demo_folder, tmp_path / "ledger")
    audit_id, _entry_id = _derived_row(folder)
    new = {"summary": "，理由：伪造", "before_json": "{}", "action": "entry.rejected"}[column]
    _sql(folder, f"UPDATE audit_log SET {column} = ? WHERE id = ?", new, audit_id)
    assert ("row_changed", "audit_log", audit_id) in _findings(folder)


def test_an_entry_changed_by_hand_is_named_alone(demo_folder: Path, tmp_path: Path) -> None:
    folder = copy_ledger_file(demo_folder, tmp_path / "ledger")
    _audit_id, entry_id = _derived_row(folder)
    _sql(folder, "UPDATE entries SET rule_name = rule_name || '改' WHERE id = ?", entry_id)
    found = _findings(folder)
    assert ("row_changed", "entries", entry_id) in found
    assert not [f for f in found if f[1] == "audit_log"], found
