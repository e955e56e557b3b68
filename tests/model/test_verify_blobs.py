"""``jifen verify`` on a value the program never writes: a BLOB, a number or a text that is no
time put by hand into a column (text, id, number, date or time) of a record, an audit row, a
link or a changeable record is named as a change, and the check runs to its end instead of
stopping on an error; so is an audit row's record id changed to a record that is not there."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from demo_copies import copy_ledger_file, make_demo

from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger

BLOB = bytes.fromhex("0102")
SIXTEEN = bytes(range(16))  # what an id would be as bytes: still not how this ledger keeps ids

CASES = [
    ("entries", "note", BLOB),
    ("entries", "household_id", BLOB),
    ("entries", "household_id", SIXTEEN),
    ("entries", "points", BLOB),
    ("entries", "recorded_at", BLOB),
    ("entries", "recorded_at", "昨天"),
    ("entries", "recorded_at", 20261207),
    ("entries", "occurred_on", "2026-13-45"),
    ("entry_decisions", "reason", BLOB),
    ("audit_log", "summary", BLOB),
    ("audit_log", "after_json", BLOB),
    ("audit_log", "object_id", SIXTEEN),
    ("audit_log", "object_id", "01a2522c-0000-7000-8000-000000000000"),  # no such record
    ("chain_links", "rows", BLOB),
    ("chain_links", "prev_hash", BLOB),
    ("households", "head_name", BLOB),
    ("members", "name", BLOB),
    ("rule_items", "name", BLOB),
]


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo"), households=6)


@pytest.mark.parametrize(("table", "column", "value"), CASES)
def test_a_blob_put_in_by_hand_is_named(
    demo_folder: Path, tmp_path: Path, table: str, column: str, value: object
) -> None:
    folder = copy_ledger_file(demo_folder, tmp_path / "ledger")
    raw = sqlite3.connect(paths.db_path(folder))
    try:
        done = raw.execute(
            f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = (SELECT max(rowid) FROM "{table}")',
            (value,),
        )
        assert done.rowcount == 1
        raw.commit()
    finally:
        raw.close()
    with Ledger.open(folder) as ledger:
        report = ledger.verify()
    assert not report.ok and report.findings
