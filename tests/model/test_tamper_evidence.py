"""The hash chain and ``jifen verify``: a ledger the program wrote verifies clean; a row changed,
removed or slipped in with ``sqlite3`` behind the program's back is named, as is a link
rewritten, a snapshot that no longer matches its entries, and a damaged file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from demo_copies import copy_ledger_file, make_demo

from jifen_desktop.cli import main
from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo"), households=12)


@pytest.fixture
def ledger_folder(demo_folder: Path, tmp_path: Path) -> Path:
    return copy_ledger_file(demo_folder, tmp_path / "ledger")


def _sql(folder: Path, statement: str, *params: object) -> list[tuple[object, ...]]:
    raw = sqlite3.connect(paths.db_path(folder))
    try:
        rows = raw.execute(statement, params).fetchall()
        raw.commit()
        return rows
    finally:
        raw.close()


def _approved_entry(folder: Path) -> tuple[str, int]:
    rows = _sql(
        folder,
        "SELECT e.id, e.points FROM entries e JOIN entry_decisions d ON d.entry_id = e.id "
        "WHERE d.decision = 'approved' ORDER BY e.seq LIMIT 1",
    )
    return str(rows[0][0]), int(rows[0][1])  # type: ignore[call-overload]


def _findings(folder: Path) -> list[tuple[str, str, str]]:
    with Ledger.open(folder) as ledger:
        report = ledger.verify()
    return [(f.kind, f.table, f.message) for f in report.findings]


def test_a_ledger_the_program_wrote_verifies_clean(ledger_folder: Path) -> None:
    with Ledger.open(ledger_folder) as ledger:
        report = ledger.verify()
        assert report.ok, report.findings
        assert report.integrity == ["ok"]
        assert report.links > 10 and report.rows > 100 and report.unchained == 0
        # and still clean after more work through the services
        village = ledger.villages.resolve()
        ledger.households.add(village.id, "0999", "新户主")
        assert ledger.verify().ok


def test_cli_verify_names_an_approved_entry_edited_with_sqlite(
    ledger_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry_id, points = _approved_entry(ledger_folder)
    _sql(ledger_folder, "UPDATE entries SET points = ? WHERE id = ?", points + 40, entry_id)
    code = main(["--data-dir", str(ledger_folder), "verify"])
    out, err = capsys.readouterr()
    assert code == 1
    assert entry_id in out and "被改动过" in out
    assert "发现" in err and "jifen restore" in err
    # the snapshot that counted it no longer matches either
    assert "公示" in out


def test_cli_verify_json_on_a_clean_ledger(
    ledger_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(ledger_folder), "verify", "--json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["findings"] == [] and data["integrity"] == ["ok"]


def test_a_deleted_row_a_slipped_in_row_and_a_changed_audit_row_are_named(
    ledger_folder: Path,
) -> None:
    (decision_id,) = _sql(ledger_folder, "SELECT id FROM entry_decisions ORDER BY seq LIMIT 1")[0]
    _sql(ledger_folder, "PRAGMA foreign_keys = OFF")
    _sql(ledger_folder, "DELETE FROM entry_decisions WHERE id = ?", decision_id)
    replica = _sql(ledger_folder, "SELECT id FROM replica")[0][0]
    _sql(
        ledger_folder,
        "INSERT INTO audit_log (id, replica_id, seq, at, operator_id, operator_name, village_id, "
        "action, object_type, object_id, summary, before_json, after_json) VALUES "
        "('forged', ?, 5, '2026-01-01 00:00:00.000000', NULL, '某人', NULL, 'x', 'x', 'x', "
        "'', '', '')",
        replica,
    )
    (audit_id,) = _sql(ledger_folder, "SELECT id FROM audit_log ORDER BY seq DESC LIMIT 1")[0]
    _sql(ledger_folder, "UPDATE audit_log SET operator_name = '别人' WHERE id = ?", audit_id)
    found = _findings(ledger_folder)
    kinds = {(kind, table) for kind, table, _ in found}
    assert ("row_missing", "entry_decisions") in kinds
    assert ("row_unlisted", "audit_log") in kinds
    assert ("row_changed", "audit_log") in kinds
    assert any("forged" in message for _, _, message in found)
    assert any(str(audit_id) in message for _, _, message in found)


def test_a_rewritten_link_and_a_removed_link_are_named(ledger_folder: Path) -> None:
    _sql(
        ledger_folder,
        "UPDATE chain_links SET prev_hash = 'x' WHERE last_seq = "
        "(SELECT last_seq FROM chain_links ORDER BY last_seq LIMIT 1 OFFSET 3)",
    )
    _sql(
        ledger_folder,
        "DELETE FROM chain_links WHERE last_seq = "
        "(SELECT last_seq FROM chain_links ORDER BY last_seq LIMIT 1 OFFSET 6)",
    )
    messages = [m for kind, _, m in _findings(ledger_folder) if kind == "link"]
    assert any("哈希值对不上" in m for m in messages)
    assert any("不见了" in m for m in messages)


def test_a_damaged_file_is_reported_by_sqlite(ledger_folder: Path) -> None:
    # break an index: its entries no longer match the table (a torn write would do the like)
    _sql(ledger_folder, "PRAGMA writable_schema = ON")
    raw = sqlite3.connect(paths.db_path(ledger_folder))
    raw.execute("PRAGMA writable_schema = ON")
    raw.execute(
        "UPDATE sqlite_master SET sql = replace(sql, 'household_id', 'household_id DESC') "
        "WHERE type = 'index' AND name = 'ix_entries_household_date'"
    )
    raw.commit()
    raw.close()
    found = _findings(ledger_folder)
    assert any(kind == "integrity" for kind, _, _ in found), found


def test_records_that_may_change_are_checked_against_their_audit_rows(
    ledger_folder: Path,
) -> None:
    """A household's head, a rule item's points, or a household whose stamp was changed too,
    edited with ``sqlite3``: each is named; a change made through the program is not."""
    with Ledger.open(ledger_folder) as ledger:
        report = ledger.verify()
        assert report.records > 100 and report.unaudited == 0
    (household_id,) = _sql(ledger_folder, "SELECT id FROM households ORDER BY number LIMIT 1")[0]
    (rule_id,) = _sql(ledger_folder, "SELECT id FROM rule_items WHERE code = 'B05'")[0]
    (other_id,) = _sql(ledger_folder, "SELECT id FROM households ORDER BY number LIMIT 1 OFFSET 1")[
        0
    ]
    _sql(ledger_folder, "UPDATE households SET head_name = '王五' WHERE id = ?", household_id)
    _sql(ledger_folder, "UPDATE rule_items SET points_max = 50 WHERE id = ?", rule_id)
    _sql(
        ledger_folder,
        "UPDATE households SET hlc = hlc + 1, head_name = '赵六' WHERE id = ?",
        other_id,
    )
    found = {(f.table, f.record_id): f.message for f in _report(ledger_folder).findings}
    assert set(found) == {
        ("households", household_id),
        ("rule_items", rule_id),
        ("households", other_id),
    }
    (number,) = _sql(ledger_folder, "SELECT number FROM households WHERE id = ?", household_id)[0]
    assert f"农户 {number} 王五 的户主与审计记录" in found[("households", household_id)]
    assert "最高分" in found[("rule_items", rule_id)] and "B05" in found[("rule_items", rule_id)]
    assert "没有对应的审计记录" in found[("households", other_id)]


def test_a_change_made_through_the_program_keeps_the_records_clean(ledger_folder: Path) -> None:
    with Ledger.open(ledger_folder) as ledger:
        ledger.login("admin", "jifen123")
        household = ledger.households.list(ledger.villages.resolve().id)[0]
        ledger.households.update(household.id, head_name="王五")
        report = ledger.verify()
    assert report.ok, report.findings


def _report(folder: Path):  # type: ignore[no-untyped-def]
    with Ledger.open(folder) as ledger:
        return ledger.verify()
