"""Killed in the middle of an import: a child imports a big village's bundle into a township
database and is killed with SIGKILL at a random point of it (by the progress it reports), five
times on fresh copies. After each kill the database is intact and holds either nothing of the
bundle (not recorded as imported, none of its rows) or all of it; importing again then gives
exactly what a clean import gives."""

from __future__ import annotations

import hashlib
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from durability_testing import Child, assert_evidence_whole, assert_intact, connect, kill_rng

from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.setup import AdminDetails, create_township
from jifen_desktop.sync import SyncService

ROUNDS = 5
LOCAL_TABLES = ("replica", "alembic_version")  # and sync_*: this database's own, never carried


@dataclass(frozen=True)
class Township:
    empty: Path  # a township database that trusts the village's key, before the import
    replica_id: str
    bundle: Path
    bundle_id: str
    before: dict[str, str]  # table digests of the empty township
    imported: dict[str, str]  # ... and after a clean import
    ranking: list  # households ranked across villages after a clean import
    seconds: float  # how long the clean import took


@pytest.fixture(scope="module")
def township(big_village, tmp_path_factory) -> Township:
    root = tmp_path_factory.mktemp("township")
    ledger, _admin = create_township(
        root / "empty", "张集镇", "420881100", AdminDetails("xiang", "乡镇办", "secret-123")
    )
    sync = SyncService(ledger)
    sync.enrol(big_village.bundle, trust=True)
    bundle_id = sync.inspect(big_village.bundle).bundle_id
    replica_id = ledger.replica_id
    ledger.close()
    before = digests(root / "empty", replica_id)
    reference = copy_of(root / "empty", root / "reference")
    started = time.perf_counter()
    with Ledger.open(reference) as ledger:
        SyncService(ledger).import_bundle(big_village.bundle)
        seconds = time.perf_counter() - started
        ranking = SyncService(ledger).household_ranking(limit=10_000)
    return Township(
        root / "empty",
        replica_id,
        big_village.bundle,
        bundle_id,
        before,
        digests(reference, replica_id),
        ranking,
        seconds,
    )


def test_an_import_killed_anywhere_leaves_all_or_nothing(township, tmp_path):
    assert township.before != township.imported
    rng, seed = kill_rng()
    outcomes = []
    for round_ in range(ROUNDS):
        folder = copy_of(township.empty, tmp_path / f"round{round_}")
        target = rng.uniform(0.0, 0.95)
        child = Child("child_import.py", folder, township.bundle)
        reached = wait_for_progress(child, target)
        time.sleep(rng.uniform(0.0, 0.05))
        child.kill()
        assert_intact(folder)
        recorded = bundle_recorded(folder, township.bundle_id)
        now = digests(folder, township.replica_id)
        assert now == (township.imported if recorded else township.before), f"种子 {seed}"
        outcomes.append(f"{reached}→{'全部' if recorded else '没有'}")
        with Ledger.open(folder) as ledger:
            result = SyncService(ledger).import_bundle(township.bundle).value
            assert result.already_imported == recorded
            assert SyncService(ledger).household_ranking(limit=10_000) == township.ranking
        assert digests(folder, township.replica_id) == township.imported, f"种子 {seed}"
        assert_evidence_whole(folder)
    print(
        f"clean import {township.seconds:.2f} s; killed at progress→kept: {', '.join(outcomes)} "
        f"(seed {seed})"
    )


def wait_for_progress(child: Child, target: float) -> str:
    """Read the child's progress until it passes ``target`` (or it committed); what it said."""
    while True:
        line = child.readline().strip()
        assert line, f"导入进程意外结束：{child.process.communicate()[1]}"
        if line == "committed" or float(line) >= target:
            return line


def bundle_recorded(folder: Path, bundle_id: str) -> bool:
    with connect(folder) as db:
        return (
            db.execute("SELECT 1 FROM sync_bundles WHERE id = ?", (bundle_id,)).fetchone()
            is not None
        )


def copy_of(folder: Path, to: Path) -> Path:
    to.mkdir(parents=True)
    shutil.copy(paths.db_path(folder), paths.db_path(to))
    return to


def digests(folder: Path, own_replica: str) -> dict[str, str]:
    """A digest of each carried table's rows, leaving out what this database wrote itself
    (the audit rows of its imports): equal digests, equal contents."""
    result = {}
    with connect(folder) as db:
        tables = [
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if name not in LOCAL_TABLES and not name.startswith(("sync_", "sqlite_"))
        ]
        for table in sorted(tables):
            columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
            mine = [c for c in ("replica_id", "changed_by_replica") if c in columns]
            where = " AND ".join(f"{c} != ?" for c in mine) or "1"
            rows = db.execute(f"SELECT * FROM {table} WHERE {where}", [own_replica] * len(mine))
            digest = hashlib.sha256()
            for row in sorted(repr(tuple(r)) for r in rows):
                digest.update(row.encode())
            result[table] = digest.hexdigest()
    return result
