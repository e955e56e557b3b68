"""The background 台账检查 (``model.chain_watch``): it reads only the part of the chain written
since the last check on this computer; a row changed, removed or slipped in after that is
named, one changed before it is not read again (the full ``jifen verify`` still names it)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from demo_copies import copy_ledger_file, make_demo

from jifen_desktop.demo import DEMO_PASSWORD
from jifen_desktop.model import chain_watch, paths
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.ledger import Ledger


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo"), households=12)


@pytest.fixture
def folder(demo_folder: Path, tmp_path: Path) -> Path:
    return copy_ledger_file(demo_folder, tmp_path / "ledger")


def _sql(folder: Path, statement: str, *params: object) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(paths.db_path(folder))) as raw:
        rows = raw.execute(statement, params).fetchall()
        raw.commit()
        return rows


def _check(folder: Path, first_rows: int = chain_watch.FIRST_ROWS) -> chain_watch.WatchResult:
    with Ledger.open(folder) as ledger:
        return chain_watch.check(ledger, first_rows)


def _record_entries(folder: Path, count: int) -> list[str]:
    """New entries recorded by the admin through the services; their ids."""
    with Ledger.open(folder) as ledger:
        ledger.login("admin", DEMO_PASSWORD)
        village = ledger.villages.resolve()
        household = ledger.households.list(village.id)[0]
        day = dt.date.today() - dt.timedelta(days=1)
        drafts = [EntryDraft(household.id, "B05", day, place="村委会") for _ in range(count)]
        return [e.id for e in ledger.entries.record_many(village.id, drafts).value]


def _verify_finds(folder: Path, text: str) -> bool:
    with Ledger.open(folder) as ledger:
        return any(text in f.message for f in ledger.verify().findings)


def test_the_first_check_reads_the_whole_small_chain_then_only_what_is_new(folder: Path) -> None:
    first = _check(folder)
    assert first.ok and first.first
    assert first.links > 10 and first.rows > 100
    assert chain_watch.load_state(folder).checked_on == dt.date.today().isoformat()
    assert not chain_watch.due(folder, dt.date.today())
    again = _check(folder)
    assert again.ok and not again.first and (again.links, again.rows) == (0, 0)
    _record_entries(folder, 3)
    new = _check(folder)
    # one link: three entries and their audit rows
    assert new.ok and new.links == 1 and new.rows >= 6


def test_a_row_changed_after_the_last_check_is_found(folder: Path) -> None:
    assert _check(folder).ok
    entry_id = _record_entries(folder, 2)[0]
    _sql(folder, "UPDATE entries SET points = points + 40 WHERE id = ?", entry_id)
    result = _check(folder)
    assert not result.ok
    # (and the audit row that records the entry by referring to it, as it reads in full)
    named = [p for p in result.problems if entry_id in p]
    assert named and "积分记录" in named[0] and "改动过" in named[0]
    # the marks did not move on: the next check names it again
    assert _check(folder).found == result.found


def test_a_row_changed_before_the_last_check_is_not_read_again(folder: Path) -> None:
    assert _check(folder).ok
    (entry_id,) = _sql(folder, "SELECT id FROM entries ORDER BY seq LIMIT 1")[0]
    _sql(folder, "UPDATE entries SET points = points + 40 WHERE id = ?", entry_id)
    _record_entries(folder, 1)
    result = _check(folder)
    assert result.ok and result.links == 1  # only the new link was read
    assert _verify_finds(folder, str(entry_id))  # the full check still names it


def test_the_first_check_reads_only_the_most_recent_links(folder: Path) -> None:
    (entry_id,) = _sql(folder, "SELECT id FROM entries ORDER BY seq LIMIT 1")[0]
    _sql(folder, "UPDATE entries SET points = points + 40 WHERE id = ?", entry_id)
    result = _check(folder, first_rows=50)
    assert result.ok and result.first and 1 <= result.links < 10


def test_a_removed_row_a_slipped_in_row_and_a_rewritten_link_are_named(folder: Path) -> None:
    assert _check(folder).ok
    ids = _record_entries(folder, 2)
    _sql(folder, "PRAGMA foreign_keys = OFF")
    _sql(folder, "DELETE FROM entries WHERE id = ?", ids[1])
    replica = _sql(folder, "SELECT id FROM replica")[0][0]
    _sql(
        folder,
        "INSERT INTO audit_log (id, replica_id, seq, at, operator_id, operator_name, village_id, "
        "action, object_type, object_id, summary, before_json, after_json) VALUES "
        "('forged', ?, 5, '2026-01-01 00:00:00.000000', NULL, '某人', NULL, 'x', 'x', 'x', "
        "'', '', '')",
        replica,
    )
    problems = "\n".join(_check(folder).problems)
    assert "不见了" in problems and "forged" in problems and "不在哈希链里" in problems


def test_a_link_checked_before_and_rewritten_since_is_named(folder: Path) -> None:
    assert _check(folder).ok
    _sql(
        folder,
        "UPDATE chain_links SET hash = 'x' WHERE last_seq = (SELECT MAX(last_seq) FROM chain_links)",
    )
    result = _check(folder)
    assert not result.ok and "上次检查时完好" in result.problems[0]


def test_a_restored_ledger_or_an_unreadable_file_starts_afresh(folder: Path) -> None:
    assert _check(folder).ok
    state = chain_watch.load_state(folder)
    state.own = "another replica"  # the ledger was restored: it has a new replica id
    chain_watch.save_state(folder, state)
    assert _check(folder).first
    chain_watch.state_path(folder).write_text("{not json", encoding="utf-8")
    assert chain_watch.load_state(folder) == chain_watch.WatchState()
    assert chain_watch.due(folder, dt.date.today())
    assert _check(folder).first
