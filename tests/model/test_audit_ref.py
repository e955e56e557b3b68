"""The audit row of a new entry (redemption, stock movement ...) refers to it instead of copying
it (``audit_ref``): it reads in full everywhere, takes a fraction of the space, and a record
changed or removed behind the program's back is still named by ``verify``, its audit row too."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from demo_copies import copy_ledger_file, make_demo
from sqlalchemy import select

from jifen_desktop.model import paths
from jifen_desktop.model.audit_ref import MARK, dump, expand_texts, referred
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.row_form import (
    canonical,
    stored_json_rows,
    synced_tables,
    to_json_values,
)
from jifen_desktop.model.verify.report import Finding


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo"), households=6)


@pytest.fixture
def folder(demo_folder: Path, tmp_path: Path) -> Path:
    return copy_ledger_file(demo_folder, tmp_path / "ledger")


def _sql(folder: Path, statement: str, *params: object) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(paths.db_path(folder))) as raw, raw:
        return raw.execute(statement, params).fetchall()


def _entry_audit(folder: Path) -> tuple[str, str]:
    """An entry whose creation audit row refers to it: (entry id, stored after_json)."""
    rows = _sql(
        folder,
        "SELECT object_id, after_json FROM audit_log WHERE action = 'entry.create' "
        "AND after_json LIKE '{\"$of\":%' ORDER BY seq LIMIT 1",
    )
    assert rows, "no entry's audit row refers to it"
    return str(rows[0][0]), str(rows[0][1])


def _findings(folder: Path) -> list[Finding]:
    with Ledger.open(folder) as ledger:
        return ledger.verify().findings


def test_new_records_audit_rows_refer_to_them_and_read_in_full(folder: Path) -> None:
    entry_id, stored = _entry_audit(folder)
    assert len(stored) < 120
    kinds = {
        str(action)
        for (action,) in _sql(
            folder, "SELECT DISTINCT action FROM audit_log WHERE after_json LIKE '{\"$of\":%'"
        )
    }
    assert {"entry.create", "store.redeem", "store.stock"} <= kinds
    points, rule_code, household_id = _sql(
        folder, "SELECT points, rule_code, household_id FROM entries WHERE id = ?", entry_id
    )[0]
    with Ledger.open(folder) as ledger:
        ledger.login("admin", "jifen123")
        (info,) = ledger.audit.list(object_id=entry_id, action="entry.create")
        assert ledger.verify().ok
    assert info.after is not None
    assert (info.after["points"], info.after["rule_code"]) == (points, rule_code)
    assert info.after["household_id"] == household_id and info.after["id"] == entry_id


def test_an_entry_changed_by_hand_is_named_once_not_also_by_its_audit_row(folder: Path) -> None:
    entry_id, _stored = _entry_audit(folder)
    _sql(folder, "UPDATE entries SET points = points + 10 WHERE id = ?", entry_id)
    findings = _findings(folder)
    assert ("entries", "row_changed", entry_id) in {
        (f.table, f.kind, f.record_id) for f in findings
    }
    assert not [f for f in findings if f.table == "audit_log"], findings


def test_an_entry_removed_by_hand_is_named_and_its_audit_row_still_reads(folder: Path) -> None:
    entry_id, stored = _entry_audit(folder)
    _sql(folder, "DELETE FROM entry_decisions WHERE entry_id = ?", entry_id)
    _sql(folder, "DELETE FROM entries WHERE id = ?", entry_id)
    findings = _findings(folder)
    assert ("entries", "row_missing") in {(f.table, f.kind) for f in findings}
    assert not [f for f in findings if f.table == "audit_log"], findings
    with Ledger.open(folder) as ledger:
        ledger.login("admin", "jifen123")
        (info,) = ledger.audit.list(object_id=entry_id, action="entry.create")
    assert info.after == json.loads(stored)  # as stored: nothing to expand it by


def test_a_reference_changed_by_hand_names_the_audit_row(folder: Path) -> None:
    entry_id, stored = _entry_audit(folder)
    altered = json.dumps({**json.loads(stored), "$set": {"points": 999}}, separators=(",", ":"))
    _sql(
        folder,
        "UPDATE audit_log SET after_json = ? WHERE object_id = ? AND action = 'entry.create'",
        altered,
        entry_id,
    )
    (finding,) = _findings(folder)
    assert (finding.table, finding.kind) == ("audit_log", "row_changed")
    assert "审计" in finding.message


def test_a_reference_is_kept_only_where_it_expands_to_the_text_byte_for_byte() -> None:
    base = {"id": "e1", "points": 5, "note": "村民代表大会" * 4, "seq": 7}
    full = dump({**base, "recorded_at": "2026-12-07 06:22:14", "seq": None})
    text = referred(full, "entries", base)
    assert text.startswith(MARK) and len(text) < len(full)
    assert json.loads(text)["$set"] == {"recorded_at": "2026-12-07 06:22:14", "seq": None}
    # another dialect (compact, unsorted) would not come back the same: kept in full
    other = json.dumps({**base, "points": 6}, ensure_ascii=False, separators=(",", ":"))
    assert referred(other, "entries", base) == other
    # a value equal in Python but not in JSON (true vs 1) is set, not taken from the record
    flagged = dump({**base, "points": True})
    assert json.loads(referred(flagged, "entries", base))["$set"] == {"points": True}


def test_every_reference_of_a_demo_expands(folder: Path) -> None:
    pairs = [
        (str(object_id), str(after))
        for object_id, after in _sql(
            folder, "SELECT object_id, after_json FROM audit_log ORDER BY seq"
        )
    ]
    with Ledger.open(folder) as ledger, ledger.read() as session:
        texts = expand_texts(session, pairs)
    assert not any(text.startswith(MARK) for text in texts)
    assert sum(map(len, texts)) > 1.5 * sum(len(after) for _id, after in pairs)


def test_rows_read_straight_from_sqlite_are_those_of_the_row_form(folder: Path) -> None:
    """``verify`` reads rows without SQLAlchemy's types: the values must be the same."""
    with Ledger.open(folder) as ledger, ledger.read() as session:
        for synced in synced_tables():
            cols = [synced.table.c[name] for name in synced.columns]
            typed = [to_json_values(synced, row) for row in session.execute(select(*cols))]
            stored = list(stored_json_rows(session.connection(), synced))
            assert sorted(map(canonical, stored)) == sorted(map(canonical, typed)), synced.name
            ids = [row[synced.index("id")] for row in typed[:3]]
            some = list(stored_json_rows(session.connection(), synced, ids))
            assert sorted(map(canonical, some)) == sorted(map(canonical, typed[:3]))
