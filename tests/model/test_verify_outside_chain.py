"""Rows and records slipped in behind the program's back outside the hash chain are named by
``jifen verify`` (issue 16, item 6): an entry past the chain's end, an entry and decision under
an invented replica (with or without a link made up for it), a household or an operator
inserted with ``sqlite3`` (no audit row at all), a household deleted. What may legitimately be
outside (rows received before the chain existed, rule items a first-release ledger copied
without auditing them) is counted, not named."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest
from demo_copies import copy_ledger_file, make_demo

from jifen_desktop.model import db, hlc, paths
from jifen_desktop.model.chain import link_hash, row_line
from jifen_desktop.model.chain_scope import retirement
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.row_form import by_name, digest

FIRST_SCHEMA = Path(__file__).resolve().parent.parent / "data" / "ledger-rev0001.sqlite3"


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo"), households=6)


@pytest.fixture
def folder(demo_folder: Path, tmp_path: Path) -> Path:
    return copy_ledger_file(demo_folder, tmp_path / "ledger")


def _connect(folder: Path) -> sqlite3.Connection:
    raw = sqlite3.connect(paths.db_path(folder))
    raw.row_factory = sqlite3.Row
    return raw


def _copy_row(raw: sqlite3.Connection, table: str, where: str, **changes: object) -> dict:
    """Insert a copy of one row of ``table`` with ``changes`` (as a forger would)."""
    row = dict(raw.execute(f"SELECT * FROM {table} WHERE {where} LIMIT 1").fetchone())
    row.update(changes)
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    raw.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(row.values()))
    return row


def _forge_entry(raw: sqlite3.Connection, replica: str, seq: int) -> str:
    """A +999 approved entry of the first household, under ``replica`` at ``seq``, ``seq+1``."""
    entry_id = str(uuid.uuid4())
    _copy_row(
        raw,
        "entries",
        "kind = 'normal' ORDER BY seq",
        id=entry_id,
        replica_id=replica,
        seq=seq,
        points=999,
        unit_points=999,
    )
    _copy_row(
        raw,
        "entry_decisions",
        "decision = 'approved' ORDER BY seq",
        id=str(uuid.uuid4()),
        entry_id=entry_id,
        replica_id=replica,
        seq=seq + 1,
    )
    raw.commit()
    return entry_id


def _report(folder: Path):  # type: ignore[no-untyped-def]
    with Ledger.open(folder) as ledger:
        return ledger.verify()


def _named(report, table: str, record_id: str) -> str:  # type: ignore[no-untyped-def]
    messages = [f.message for f in report.findings if f.table == table and f.record_id == record_id]
    assert messages, report.findings
    return messages[0]


def test_an_entry_inserted_past_the_chains_end_is_named(folder: Path) -> None:
    raw = _connect(folder)
    (replica, next_seq) = raw.execute("SELECT id, next_seq FROM replica").fetchone()
    entry_id = _forge_entry(raw, replica, next_seq + 5)
    raw.close()
    report = _report(folder)
    assert not report.ok
    message = _named(report, "entries", entry_id)
    assert "末端" in message and "绕过程序" in message and "999" in message
    assert any(f.table == "entry_decisions" for f in report.findings)
    assert report.unchained == 0


def test_an_entry_under_an_invented_replica_is_named(folder: Path) -> None:
    raw = _connect(folder)
    entry_id = _forge_entry(raw, str(uuid.uuid4()), 1)
    raw.close()
    report = _report(folder)
    assert "从没有同步过" in _named(report, "entries", entry_id)
    assert report.unchained == 0


def test_an_invented_replica_with_a_link_made_up_for_it_is_named(folder: Path) -> None:
    """Even with a link whose hash holds, a replica this ledger never synced with is named."""
    raw = _connect(folder)
    invented = str(uuid.uuid4())
    entry_id = _forge_entry(raw, invented, 1)
    lines = []
    for seq, table in ((1, "entries"), (2, "entry_decisions")):
        synced = by_name()[table]
        row = raw.execute(
            f"SELECT {', '.join(synced.columns)} FROM {table} WHERE replica_id = ? AND seq = ?",
            (invented, seq),
        ).fetchone()
        values = [None if v is None else v for v in row]
        # the row form of a row read by sqlite3: dates as stored text
        values = [
            v.replace(" ", "T") if isinstance(v, str) and v[:2] == "20" else v for v in values
        ]
        lines.append(row_line(seq, table, digest(values)))
    rows = "\n".join(lines)
    raw.execute(
        "INSERT INTO chain_links VALUES (?, 2, 1, '', ?, ?)",
        (invented, rows, link_hash(invented, 1, 2, "", rows)),
    )
    raw.commit()
    raw.close()
    report = _report(folder)
    assert any(f.kind == "link" and "从没有同步过" in f.message for f in report.findings)
    assert not report.ok and entry_id


def test_a_household_and_an_operator_inserted_with_sqlite_are_named(folder: Path) -> None:
    raw = _connect(folder)
    household = _copy_row(
        raw, "households", "1 ORDER BY number", id=str(uuid.uuid4()), number="9901",
        head_name="冒名户",
    )  # fmt: skip
    operator = _copy_row(
        raw, "operators", "1", id=str(uuid.uuid4()), username="evil", display_name="evil"
    )
    raw.commit()
    raw.close()
    report = _report(folder)
    assert "没有任何审计记录" in _named(report, "households", household["id"])
    assert "9901" in _named(report, "households", household["id"])
    assert "evil" in _named(report, "operators", operator["id"])
    assert report.unaudited == 0


def test_a_household_deleted_with_sqlite_is_named(folder: Path) -> None:
    with Ledger.open(folder) as ledger:
        village = ledger.villages.resolve()
        household_id = ledger.households.add(village.id, "0888", "李四").value.id
        assert ledger.verify().ok
    raw = _connect(folder)
    raw.execute("DELETE FROM household_search_keys WHERE household_id = ?", (household_id,))
    raw.execute("DELETE FROM households WHERE id = ?", (household_id,))
    raw.commit()
    raw.close()
    report = _report(folder)
    message = _named(report, "households", household_id)
    assert "0888" in message and "删除" in message


def _receive_before_chain(raw: sqlite3.Connection, peer: str, audited_seq: int | None) -> str:
    """A bundle from ``peer`` carrying its sequences 1..2, as an import records it; with
    ``audited_seq``, its import's audit row under this ledger's replica at that number."""
    bundle = str(uuid.uuid4())
    raw.execute(
        "INSERT INTO sync_bundles VALUES (?, ?, 'b.zip', ?, '东庄', '2026-01-01 00:00:00.000000', "
        "'2026-01-02 00:00:00.000000', '', '{}')",
        (bundle, "0" * 64, peer),
    )
    raw.execute(
        "INSERT INTO sync_ranges (bundle_id, origin_replica_id, seq_from, seq_to) "
        "VALUES (?, ?, 1, 2)",
        (bundle, peer),
    )
    if audited_seq is not None:
        _copy_row(
            raw,
            "audit_log",
            "1",
            id=str(uuid.uuid4()),
            seq=audited_seq,
            action="sync.import",
            object_type="sync_bundle",
            object_id=bundle,
        )
        raw.execute("UPDATE replica SET next_seq = ?", (audited_seq + 1,))
    return bundle


def test_rows_received_before_the_chain_are_counted_but_not_beyond_what_came(
    tmp_path: Path,
) -> None:
    """A peer's rows a bundle brought before this ledger had its chain (imported at revision
    0006, the import sealed in the first link by the upgrade) are counted (还没有哈希链); a row
    of that peer beyond what the bundles carried is named."""
    path = paths.db_path(tmp_path)
    shutil.copy(FIRST_SCHEMA, path)
    engine = db.make_engine(path)
    db.upgrade(engine, "0006")
    engine.dispose()
    raw = _connect(tmp_path)
    peer = str(uuid.uuid4())
    (next_seq,) = raw.execute("SELECT next_seq FROM replica").fetchone()
    _receive_before_chain(raw, peer, next_seq)
    _forge_entry(raw, peer, 1)
    raw.close()
    report = _report(tmp_path)
    assert report.ok, report.findings
    assert report.unchained == 2
    raw = _connect(tmp_path)
    beyond = _forge_entry(raw, peer, 3)
    twin = _forge_entry(raw, peer, 1)  # on sequence numbers the received rows have
    raw.close()
    report = _report(tmp_path)
    assert "收到的记录里" in _named(report, "entries", beyond)
    assert "序号相同" in _named(report, "entries", twin)


def test_a_peers_rows_with_their_first_link_deleted_are_named(folder: Path) -> None:
    """Since a ledger has its chain, every row an import brings is listed in a link: a peer's
    rows whose first link was deleted behind the program's back look like rows received before
    the chain, but the bundle's import (its audit row past the first link) says otherwise."""
    raw = _connect(folder)
    peer = str(uuid.uuid4())
    _receive_before_chain(raw, peer, None)
    entry = _forge_entry(raw, peer, 1)
    raw.close()
    assert "收到的记录里" in _named(_report(folder), "entries", entry)


def test_a_first_release_ledger_keeps_its_unaudited_rule_items_but_not_a_new_household(
    tmp_path: Path,
) -> None:
    shutil.copy(FIRST_SCHEMA, paths.db_path(tmp_path))
    report = _report(tmp_path)
    assert report.ok, report.findings
    assert report.unaudited == 100  # 6 categories and 94 items copied from the template
    raw = _connect(tmp_path)
    # a household copied with its stamp and one stamped now, both with no audit row
    copied = _copy_row(raw, "rule_items", "1", id=str(uuid.uuid4()), code="Z99")
    recent = _copy_row(raw, "households", "1", id=str(uuid.uuid4()), number="0099", hlc=now())
    raw.commit()
    raw.close()
    report = _report(tmp_path)
    assert "没有任何审计记录" in _named(report, "households", recent["id"])
    assert "修改序号又与别的记录相同" in _named(report, "rule_items", copied["id"])
    assert report.unaudited == 99  # the item copied is named, not counted, like its twin


def now() -> int:
    return hlc.pack(hlc.now_ms(), 0)


def test_a_retired_replica_is_checked_to_the_end_its_restore_recorded(folder: Path) -> None:
    """A restored ledger continues under a fresh replica id (as ``backup.replica`` does it);
    the restore's audit row names the old one and its last sequence: verify stays clean, and
    a row slipped in under the old replica past that end is named."""
    raw = _connect(folder)
    (old, next_seq) = raw.execute("SELECT id, next_seq FROM replica").fetchone()
    raw.execute("UPDATE replica SET id = ?, next_seq = 1", (str(uuid.uuid4()),))
    raw.commit()
    raw.close()
    with Ledger.open(folder) as ledger:
        ledger.run(
            lambda tx: tx.audit(
                "backup.restore", "backup", str(uuid.uuid4()), "从备份恢复台账",
                village_id=None, after=retirement(old, next_seq - 1),
            )
        )  # fmt: skip
        report = ledger.verify()
    assert report.ok, report.findings
    raw = _connect(folder)
    entry_id = _forge_entry(raw, old, next_seq)
    raw.close()
    assert "末端" in _named(_report(folder), "entries", entry_id)


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("review_sessions", "closed_at", "x"),
        ("entries", "occurred_on", "2026-02-30"),
        ("entries", "seq", "x"),
        ("households", "registered_on", "x"),
        ("chain_links", "last_seq", "x"),
        ("publications", "quarter", "2026Q4改"),
    ],
)
def test_a_value_the_program_cannot_read_is_named_not_a_crash(
    folder: Path, table: str, column: str, value: str
) -> None:
    raw = _connect(folder)
    key = "hash" if table == "chain_links" else "id"
    (row_id,) = raw.execute(f"SELECT {key} FROM {table} ORDER BY rowid LIMIT 1").fetchone()
    raw.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (value, row_id))
    raw.commit()
    raw.close()
    report = _report(folder)
    assert any(f.record_id == row_id or row_id in f.message for f in report.findings), (
        report.findings
    )
    if column not in ("seq", "last_seq"):  # named as what it is, not also as removed
        assert not [f for f in report.findings if f.kind == "row_missing"], report.findings
