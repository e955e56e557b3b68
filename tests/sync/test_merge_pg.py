"""The PostgreSQL merge (``sync.merge_pg``: staging by COPY, set-based insert) against the
row-by-row merge on SQLite: the same bundles, with last-writer-wins updates, a first-wins
decision and a second decision listed as a conflict, give the same reports, the same
``sync_conflicts`` and the same rows on both engines, at a township and at a village laptop.
Skipped where PostgreSQL is not installed."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import pg
import pytest
from engines import database_for, township_on
from forge import Parts, forge
from sqlalchemy import select
from sync_world import Laptop, clone, dump, new_village

from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.schema.sync import SyncConflict
from jifen_desktop.sync.importer import ImportResult

pytestmark = pytest.mark.skipif(pg.bin_dir() is None, reason="PostgreSQL is not installed")


def _stories(root: Path, *, apart: bool = False) -> tuple[Laptop, Laptop, Path]:
    """Two laptops of one village that both decided one entry (the second laptop first: in
    the same second, the replica made first stands; ``apart``: a second later, the second
    laptop's stands) and both edited one household; a third's new-laptop bundle from the
    first (before any of it)."""
    a1 = new_village(root, "420881100001", "张集村", households=3)
    a2 = clone(a1, root)
    setup = a1.export(new_laptop=True)
    entry = a1.record(a1.names["0001"])
    a1.record(a1.names["0002"], code="B02")
    a2.take(a1.export(a2))
    a2.approve_pending(reject=True)
    if apart:
        _next_second()
    a1.approve_pending()
    a1.ledger.households.update(a1.names["0001"], head_name="张一")
    a2.ledger.households.update(a1.names["0001"], head_name="张二")  # later: wins
    a1.ledger.households.update(a1.names["0003"], head_name="张三")
    a2.record(a2.names["0003"], code="B02")
    assert entry
    return a1, a2, setup


def _next_second() -> None:
    """Wait until the clock has passed a whole second (decisions are stamped to the second)."""
    now = dt.datetime.now()
    time.sleep(1.05 - now.microsecond / 1e6)


def _village(root: Path, database: str | None, setup: Path) -> Laptop:
    laptop = Laptop(Ledger.create(Path(tempfile.mkdtemp(dir=root)), database=database), root)
    laptop.trust(setup)
    laptop.take(setup)
    return laptop


def _said(result: ImportResult) -> tuple[Any, ...]:
    conflicts = [(c.table, c.record_id, c.why, c.local, c.remote) for c in result.conflicts]
    return result.counts, conflicts


def _kept_conflicts(laptop: Laptop) -> list[tuple[str, ...]]:
    with laptop.ledger.read() as s:
        rows = s.scalars(select(SyncConflict))
        return sorted(
            (c.table_name, c.record_id, c.reason, c.local_json, c.remote_json) for c in rows
        )


def _state(laptop: Laptop) -> dict[str, list[str]]:
    own = laptop.replica_id
    return dump(laptop.ledger, skip_replica=own, skip_tables=("sync_conflicts",))


@pytest.mark.parametrize("kind", ["township", "village"])
def test_the_postgresql_merge_does_what_the_sqlite_merge_does(tmp_path, kind):
    a1, a2, setup = _stories(tmp_path)
    bundles = [a1.export(full=True), a2.export(full=True), a1.export(full=True)]
    results, states = [], []
    for database in (None, pg.new_database()):
        if kind == "township":
            target = township_on(tmp_path, database)
        else:
            target = _village(tmp_path, database, setup)
        said = []
        for bundle in bundles:
            target.trust(bundle)
            said.append(_said(target.take(bundle)))
        results.append((said, _kept_conflicts(target)))
        states.append(_state(target))
        report = target.ledger.verify()
        assert report.ok, report.findings
        assert target.ledger.on_server == (database is not None)
        target.close()
    assert results[0] == results[1]
    assert states[0] == states[1]
    said, kept = results[1]
    assert sum(counts["updated"] for counts, _conflicts in said) >= 1  # 张二 over 张一
    assert any(counts["new"] for counts, _conflicts in said)
    decisions = [row for row in kept if row[0] == "entry_decisions"]
    assert len(decisions) == 2  # each entry's second decision, set aside and listed


def test_rows_carried_twice_merge_alike_on_both_engines(tmp_path):
    a1 = new_village(tmp_path, "420881100001", "张集村", households=2)
    a1.record(a1.names["0001"])
    a1.approve_pending()

    def twice(parts: Parts) -> None:
        for table in ("households", "entries", "entry_decisions"):
            parts.rows(table).append(dict(parts.rows(table)[0]))

    doubled = forge(a1.export(full=True), a1, tmp_path / "doubled.jfb", twice)
    said, states = [], []
    for database in (None, pg.new_database()):
        town = township_on(tmp_path, database)
        town.trust(doubled)
        said.append(_said(town.take(doubled)))
        states.append(_state(town))
        town.close()
    assert said[0] == said[1]
    assert states[0] == states[1]
    assert said[1][0]["unchanged"] == 3  # the second of each is the first again


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_a_conflict_is_listed_once_whatever_the_order_of_imports(tmp_path, engine):
    """The second laptop's rejections were made a second before the first laptop's approvals,
    so they stand. The same four bundles (two of each laptop) imported in any order list each
    losing decision once, and leave the same rows (before, approvals arriving again after
    they had been displaced were listed again: 4 conflicts where 2 are right; the
    ``[village]`` case above met that when the clock ticked between the two decisions)."""
    a1, a2, setup = _stories(tmp_path, apart=True)
    bundles = {name: [laptop.export(full=True) for _ in range(2)] for name, laptop in
               (("a1", a1), ("a2", a2))}  # fmt: skip
    orders = ["a1 a2 a1 a2", "a2 a1 a1 a2", "a1 a2 a2 a1"]
    kept, states = [], []
    for order in orders:
        target = _village(tmp_path, database_for(engine), setup)
        seen = {"a1": 0, "a2": 0}
        for name in order.split():
            bundle = bundles[name][seen[name]]
            seen[name] += 1
            target.trust(bundle)
            target.take(bundle)
        kept.append(_kept_conflicts(target))
        states.append(_state(target))
        target.close()
    assert [len(k) for k in kept] == [2] * len(orders)
    assert all(k == kept[0] for k in kept), kept
    assert all(s == states[0] for s in states)
    sides = {tuple(json.loads(side)["replica_id"] for side in row[3:]) for row in kept[0]}
    assert sides == {(a2.replica_id, a1.replica_id)}  # made first stands; the other is listed
