"""``verify.digests``: SQLite forms the rows' digests, and may only ever miss a match.

Every row the program writes gets the digest the program's own row form gives
(``row_form`` + ``audit_ref.read_form``); a value in any other form (a time without its
microseconds, a real number, a BLOB, a reference with a key set twice ...) gets either that
same digest or none (the caller then forms the row the program's way): never another one.
And ``jifen verify`` still names a row changed in such a way."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from demo_copies import copy_ledger_file, make_demo

from jifen_desktop.model import paths
from jifen_desktop.model.audit_ref import read_form
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.row_form import (
    SyncedTable,
    by_name,
    digest_bytes,
    stored_json_rows,
    synced_tables,
)
from jifen_desktop.model.verify.digests import sql_digests


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo"), households=6)


@pytest.fixture
def folder(demo_folder: Path, tmp_path: Path) -> Path:
    return copy_ledger_file(demo_folder, tmp_path / "ledger")


def _sql(folder: Path, statement: str, *params: object) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(paths.db_path(folder))) as raw, raw:
        return raw.execute(statement, params).fetchall()


def _append_only() -> Iterator[SyncedTable]:
    return (t for t in synced_tables() if not t.mutable)


def _compare(folder: Path) -> dict[str, tuple[int, int]]:
    """Table -> (rows SQLite gave a digest, rows it gave none); fails on a digest that is not
    the program's (rows the program cannot read at all are left out of the comparison)."""
    counts = {}
    with Ledger.open(folder) as ledger, ledger.read() as session:
        conn = session.connection()
        for synced in _append_only():
            fast = {row[0]: row[3] for row in sql_digests(conn, synced)}
            for row_id, found in fast.items():
                if found is None:
                    continue
                try:
                    stored = stored_json_rows(conn, synced, [row_id])
                    exact = [digest_bytes(row) for row in read_form(session, synced, stored)]
                except (ValueError, TypeError):
                    exact = []  # (the program cannot read it: named as unreadable)
                assert [found] == exact or not exact, (synced.name, row_id)
            held = conn.exec_driver_sql(f'SELECT id FROM "{synced.name}"').scalars().all()
            assert sorted(fast) == sorted(held), synced.name
            none = sum(found is None for found in fast.values())
            counts[synced.name] = (len(fast) - none, none)
    return counts


def test_every_row_the_program_writes_gets_its_digest_from_sqlite(folder: Path) -> None:
    counts = _compare(folder)
    assert all(none == 0 for _done, none in counts.values()), counts
    assert counts["entries"][0] > 0 and counts["entry_decisions"][0] > 0
    referring = _sql(folder, "SELECT count(*) FROM audit_log WHERE after_json LIKE '{\"$of\":%'")
    assert int(str(referring[0][0])) > 0  # and the audit rows stored as a reference are among them


ODD_ENTRY_VALUES = [
    ("recorded_at", "2026-01-02 03:04:05"),  # no microseconds
    ("recorded_at", "2026-01-02T03:04:05.000001"),
    ("recorded_at", "2026-01-02 03:04:05.123456"),
    ("occurred_on", "20260102"),
    ("points", 5.0),
    ("points", 0.30000000000000004),
    ("points", "12"),
    ("note", 'a "quoted" \\ back\nslash\t\x01 中'),
    ("corrects_entry_id", None),
    ("note", b"\x00\xff"),
    ("recorded_at", b"2026-01-02 03:04:05.000000"),
]

ODD_REFERENCES = [
    '{"$of":"entries","$drop":["seq","note"]}',
    '{"$of":"entries","$set":{"points":7,"note":"x\\"y\\\\z\\n","extra":true,"none":null}}',
    '{"$of":"entries","$set":{"points":1.50,"when":"\\u4e2d","big":99999999999999999999}}',
    '{"$of":"entries","$set":{"lines":[[1,2],{"a":1}]}}',
    '{"$of":"entries","$set":{"note":"first","note":"second"}}',
    '{"$of":"entries","$of":"redemptions"}',
    '{"$of":"entries","$drop":"seq"}',
    '{"$of":"entries","$set":[1]}',
    '{"$of":"nothing_such"}',
    '{"$of":"audit_log"}',
    '{"$of":',
]


def test_values_in_other_forms_get_the_program_s_digest_or_none(folder: Path) -> None:
    entries = _sql(folder, "SELECT id FROM entries ORDER BY rowid LIMIT ?", len(ODD_ENTRY_VALUES))
    for (entry_id,), (column, value) in zip(entries, ODD_ENTRY_VALUES, strict=True):
        _sql(folder, f'UPDATE entries SET "{column}" = ? WHERE id = ?', value, entry_id)
    _sql(folder, "UPDATE publication_rows SET vetoed = 2 WHERE rowid = 1")
    audits = _sql(
        folder,
        'SELECT id FROM audit_log WHERE after_json LIKE \'{"$of":"entries"%\' '
        "ORDER BY rowid LIMIT ?",
        len(ODD_REFERENCES),
    )
    for (audit_id,), text in zip(audits, ODD_REFERENCES, strict=True):
        _sql(folder, "UPDATE audit_log SET after_json = ? WHERE id = ?", text, audit_id)
    _sql(folder, "UPDATE audit_log SET before_json = ? WHERE rowid = 3", b"blob")
    counts = _compare(folder)
    assert counts["entries"][1] >= 6  # the forms SQLite leaves to the program
    assert counts["audit_log"][1] >= 4


def test_a_reference_setting_a_key_twice_reads_as_python_reads_it(folder: Path) -> None:
    """SQLite takes the first of two equal keys, Python the last: a row altered so that the
    first is what its link was made of is named all the same."""
    audit_id, entry_id, stored = _sql(
        folder,
        "SELECT id, object_id, after_json FROM audit_log "
        'WHERE after_json LIKE \'{"$of":"entries","$set":{"recorded_at":%\' LIMIT 1',
    )[0]
    twice = str(stored)[:-2] + ',"recorded_at":"2020-01-01 00:00:00"}}'
    _sql(folder, "UPDATE audit_log SET after_json = ? WHERE id = ?", twice, audit_id)
    with Ledger.open(folder) as ledger:
        findings = ledger.verify().findings
    assert [(f.table, f.record_id) for f in findings] == [("audit_log", audit_id)], findings
    assert entry_id


def test_a_time_stored_as_a_blob_of_the_same_bytes_is_named(folder: Path) -> None:
    entry_id, recorded_at = _sql(folder, "SELECT id, recorded_at FROM entries LIMIT 1")[0]
    blob = str(recorded_at).encode()
    _sql(folder, "UPDATE entries SET recorded_at = ? WHERE id = ?", blob, entry_id)
    with Ledger.open(folder) as ledger:
        findings = ledger.verify().findings
    assert entry_id in {f.record_id for f in findings}, findings


def _entry_digest(folder: Path, entry_id: str) -> bytes | None:
    with Ledger.open(folder) as ledger, ledger.read() as session:
        rows = sql_digests(session.connection(), by_name()["entries"])
        return {row[0]: row[3] for row in rows}[entry_id]


def test_a_blob_of_a_time_s_bytes_never_gets_that_time_s_digest(folder: Path) -> None:
    """The same bytes as a BLOB read, as SQLite's text, as the time they spell; the program
    cannot read them (``fromisoformat`` of bytes), so they must not match."""
    (entry_id,) = _sql(folder, "SELECT id FROM entries LIMIT 1")[0]
    when = "2026-01-02 03:04:05.123456"
    _sql(folder, "UPDATE entries SET recorded_at = ? WHERE id = ?", when, entry_id)
    as_text = _entry_digest(folder, str(entry_id))
    assert as_text is not None
    _sql(folder, "UPDATE entries SET recorded_at = ? WHERE id = ?", when.encode(), entry_id)
    assert _entry_digest(folder, str(entry_id)) != as_text


@pytest.mark.parametrize("table", ["entries", "audit_log"])
def test_a_table_rebuilt_without_rowid_is_read_the_program_s_way(folder: Path, table: str) -> None:
    """A table rebuilt by hand ``WITHOUT ROWID`` (same rows) has no rowid to read it by:
    verify reads it as before and finds it whole."""
    (sql,) = _sql(folder, "SELECT sql FROM sqlite_master WHERE name = ?", table)[0]
    with closing(sqlite3.connect(paths.db_path(folder))) as raw, raw:
        raw.execute("PRAGMA foreign_keys = OFF")
        raw.execute("PRAGMA legacy_alter_table = ON")  # (the other tables keep their references)
        raw.execute(f"ALTER TABLE {table} RENAME TO old_rows")
        raw.execute(f"{sql} WITHOUT ROWID")
        raw.execute(f"INSERT INTO {table} SELECT * FROM old_rows")
        raw.execute("DROP TABLE old_rows")
    with Ledger.open(folder) as ledger:
        report = ledger.verify()
    assert report.ok, report.findings
