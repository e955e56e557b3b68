"""A first load into an empty PostgreSQL township copies each table's rows straight into the
table (``sync.merge_pg``: ``COPY`` in a savepoint) until a row clashes with one held already
or carried twice; then that table's rows are staged and merged by the rules after all, those
copied before read again from the bundle. Whichever way a table went, the township ends the
same as the SQLite township that took the same bundles (same counts, same rows), and verify
is clean. Skipped where PostgreSQL is not installed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pg
import pytest
from engines import township_on
from forge import Parts, forge
from sync_world import Laptop, dump, new_village

from jifen_desktop.sync.bundle_file import OpenedBundle

pytestmark = pytest.mark.skipif(pg.bin_dir() is None, reason="PostgreSQL is not installed")


def _first_loads(bundles: list[Path], root: Path) -> list[tuple[Any, dict[str, list[str]]]]:
    """Each engine's township after one first load of ``bundles``: (counts, rows)."""
    found = []
    for database in (None, pg.new_database()):
        town = township_on(root, database)
        for bundle in bundles:
            town.trust(bundle)
        results = town.sync.import_bundles(bundles).value
        report = town.ledger.verify()
        assert report.ok, report.findings
        found.append(([r.counts for r in results], _rows(town)))
        town.close()
    return found


def _rows(town: Laptop) -> dict[str, list[str]]:
    return dump(town.ledger, skip_replica=town.replica_id, skip_tables=("sync_conflicts",))


def _small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bundles read two rows at a time: a clash comes after rows already copied."""
    read = OpenedBundle.rows_and_lines

    def in_twos(self: OpenedBundle, table: str, chunk: int = 2, member: str | None = None) -> Any:
        return read(self, table, 2, member)

    monkeypatch.setattr(OpenedBundle, "rows_and_lines", in_twos)


def three_households_approved(root: Path) -> Any:
    """A village of three households, an entry each, approved."""
    village = new_village(root, "420881100001", "张集村", households=3)
    for number in ("0001", "0002", "0003"):
        village.record(village.names[number])
    village.approve_pending()
    return village


def test_a_row_carried_twice_after_rows_copied_merges_as_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    village = three_households_approved(tmp_path)

    def last_again(parts: Parts) -> None:  # the first row again, at the end of its table
        for table in ("households", "entries", "entry_decisions"):
            parts.rows(table).append(dict(parts.rows(table)[0]))

    doubled = forge(village.export(full=True), village, tmp_path / "doubled.jfb", last_again)
    _small_chunks(monkeypatch)
    sqlite, postgresql = _first_loads([doubled], tmp_path)
    assert postgresql == sqlite
    assert postgresql[0][0]["unchanged"] == 3  # the second of each is the first again
    village.close()


def test_a_villages_later_bundle_in_the_same_first_load_merges_as_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    village = new_village(tmp_path, "420881100001", "张集村", households=3)
    village.record(village.names["0001"])
    village.approve_pending()
    earlier = village.export(full=True)
    village.ledger.households.update(village.names["0002"], head_name="张二")
    village.record(village.names["0003"])
    village.approve_pending()
    later = village.export(full=True)
    other = new_village(tmp_path, "420881100002", "李庄村", households=2)
    other.record(other.names["0001"])
    _small_chunks(monkeypatch)
    sqlite, postgresql = _first_loads([earlier, other.export(full=True), later], tmp_path)
    assert postgresql == sqlite
    counts = postgresql[0]
    assert counts[2]["updated"] >= 1 and counts[2]["new"] >= 1  # 张二, the new entry
    assert counts[1]["new"] > 0 and counts[1]["unchanged"] == 0
    village.close()
    other.close()
