"""``jifen verify`` names what was changed behind the program's back in a clerk's words, the
审计日志's labels: the household by number and head, a field by its Chinese name with its
value in the audit log and now, a decision by the entry it decided (household, item, date),
never by a stored column name or only by computer and sequence number."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from demo_copies import copy_ledger_file, make_demo

from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.verify.report import Finding


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo"), households=12)


@pytest.fixture
def folder(demo_folder: Path, tmp_path: Path) -> Path:
    return copy_ledger_file(demo_folder, tmp_path / "ledger")


def _sql(folder: Path, statement: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(paths.db_path(folder)) as raw:
        return raw.execute(statement, params).fetchall()


def _findings(folder: Path) -> list[Finding]:
    with Ledger.open(folder) as ledger:
        return ledger.verify().findings


def _decided_entry(folder: Path) -> tuple[object, ...]:
    """The first approved non-base entry: decision id, its household's number and head, the
    entry's rule code and date."""
    return _sql(
        folder,
        "SELECT d.id, h.number, h.head_name, e.rule_code, e.occurred_on FROM entry_decisions d "
        "JOIN entries e ON e.id = d.entry_id JOIN households h ON h.id = e.household_id "
        "WHERE d.decision = 'approved' AND e.kind = 'normal' ORDER BY d.seq LIMIT 1",
    )[0]


def test_a_head_changed_with_sqlite_is_named_by_household_number_and_field(folder: Path) -> None:
    number, head = _sql(folder, "SELECT number, head_name FROM households ORDER BY number")[0]
    _sql(folder, "UPDATE households SET head_name = '王五' WHERE number = ?", number)
    (finding,) = _findings(folder)
    assert finding.message.startswith(
        f"农户 {number} 王五 的户主与审计记录里最后一次修改后的值不同"
    )
    assert f"审计记录里是“{head}”，现在是“王五”" in finding.message
    assert "head_name" not in finding.message


def test_a_grid_moved_with_sqlite_names_both_grids(folder: Path) -> None:
    grids = dict(_sql(folder, "SELECT id, name FROM grids"))
    household_id, number, grid_id = _sql(
        folder, "SELECT id, number, grid_id FROM households ORDER BY number"
    )[0]
    other = next(g for g in grids if g != grid_id)
    _sql(folder, "UPDATE households SET grid_id = ? WHERE id = ?", other, household_id)
    (finding,) = _findings(folder)
    assert f"农户 {number} " in finding.message and "的网格与审计记录" in finding.message
    assert f"审计记录里是“{grids[grid_id]}”，现在是“{grids[other]}”" in finding.message
    assert str(other) not in finding.message.replace(f"（记录编号 {household_id}）", "")


def test_a_rule_item_is_named_by_code_and_name(folder: Path) -> None:
    _sql(folder, "UPDATE rule_items SET points_max = 50 WHERE code = 'B05'")
    (finding,) = _findings(folder)
    assert finding.message.startswith("积分细则 B05“")
    assert "的最高分与审计记录" in finding.message and "现在是“50”" in finding.message


def test_a_changed_decision_names_the_entry_and_its_household(folder: Path) -> None:
    decision_id, number, head, code, day = _decided_entry(folder)
    _sql(folder, "UPDATE entry_decisions SET decision = 'rejected' WHERE id = ?", decision_id)
    changed = [f for f in _findings(folder) if f.kind == "row_changed"]
    assert [f.record_id for f in changed] == [decision_id]
    message = changed[0].message
    assert message.startswith(f"审核决定（积分记录 {number} {head} {code} ")
    assert f"（{day}），审核结果：不通过" in message
    assert "rejected" not in message


def test_a_deleted_decision_is_named_by_its_entry_not_only_by_sequence(folder: Path) -> None:
    decision_id, number, head, code, day = _decided_entry(folder)
    _sql(folder, "DELETE FROM entry_decisions WHERE id = ?", decision_id)
    missing = [f for f in _findings(folder) if f.kind == "row_missing"]
    assert len(missing) == 1
    assert missing[0].message.startswith(f"审核决定（积分记录 {number} {head} {code} ")
    assert f"（{day}）的审核通过）不见了" in missing[0].message


def test_an_unreadable_value_names_the_field_in_chinese(folder: Path) -> None:
    _sql(folder, "UPDATE members SET birth_date = '1980-13-45' WHERE rowid = 1")
    found = [f for f in _findings(folder) if "1980-13-45" in f.message]
    assert (
        found and "家庭成员" in found[0].message and "的出生日期是“1980-13-45”" in found[0].message
    )
    assert "birth_date" not in found[0].message
