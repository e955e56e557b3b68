"""A first load into an empty township (``sync.first_load``): every bundle in one transaction,
the big tables' indexes built after the rows, the township's index set (no index only village
screens read), the villages' audit rows in members, the same database as one bundle at a time,
``verify`` clean, the file durable (``synchronous`` back to FULL, the log checkpointed); a
refused bundle among them leaves the file as it was."""

from __future__ import annotations

from pathlib import Path

import pg
import pytest
from sqlalchemy import text
from sync_world import Laptop, copy_of, dump, fingerprint, new_township, new_village

from jifen_desktop.sync.errors import BundleRefused
from jifen_desktop.sync.first_load import NOT_IN_TOWNSHIP


def _bundles(root: Path) -> list[Path]:
    found = []
    for code, name in (("420881100001", "张集村"), ("420881100002", "李庄村")):
        village = new_village(root, code, name, households=2)
        village.record(village.names["0001"])
        village.approve_pending()
        village.ledger.households.update(village.names["0002"], head_name=f"{name}改名")
        found.append(village.export(full=True))
        village.close()
    return found


def _indexes(laptop: Laptop) -> set[str]:
    with laptop.ledger.engine.connect() as conn:
        rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))
        return {str(name) for (name,) in rows}


@pytest.fixture
def world(tmp_path: Path) -> tuple[Laptop, list[Path]]:
    if pg.ledger_target() is not None:
        pytest.skip("a first load on SQLite (PostgreSQL: merge_pg)")
    bundles = _bundles(tmp_path)
    township = new_township(tmp_path)
    for bundle in bundles:
        township.trust(bundle)
    return township, bundles


def test_a_first_load_is_one_transaction_indexed_after(
    world: tuple[Laptop, list[Path]], tmp_path: Path
) -> None:
    township, bundles = world
    one_by_one = copy_of(township, tmp_path)
    before = _indexes(township)
    results = township.sync.import_bundles(bundles).value
    assert [r.counts["new"] > 0 for r in results] == [True, True]
    after = _indexes(township)
    assert after == before - set(NOT_IN_TOWNSHIP)
    assert "ix_entries_household_date" in after
    for bundle in bundles:
        one_by_one.take(bundle)
    assert not set(NOT_IN_TOWNSHIP) & _indexes(one_by_one)
    skip = township.replica_id
    assert dump(township.ledger, skip_replica=skip) == dump(one_by_one.ledger, skip_replica=skip)
    with township.ledger.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_members")).scalar_one() >= 2
        assert conn.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL
    report = township.ledger.verify()
    assert report.ok, report.findings
    # the second time round it is an ordinary import: nothing new, every bundle known
    again = township.sync.import_bundles(bundles).value
    assert all(r.already_imported for r in again)
    one_by_one.close()


def test_a_refused_bundle_in_a_first_load_leaves_the_file_unchanged(
    world: tuple[Laptop, list[Path]], tmp_path: Path
) -> None:
    township, bundles = world
    stranger = new_village(tmp_path, "420881100003", "王湾村", households=1)
    unknown = stranger.export(full=True)  # its key is not enrolled here
    before = fingerprint(township)
    with pytest.raises(BundleRefused):
        township.sync.import_bundles([*bundles, unknown])
    assert fingerprint(township) == before
    stranger.close()
