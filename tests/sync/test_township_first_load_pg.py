"""A first load into an empty PostgreSQL township (``sync.first_load_pg``): every bundle in
one transaction with the big tables' secondary indexes and foreign keys set aside and made
again after; the same database as one bundle at a time, ``verify`` clean, every index and key
back; a refused bundle among them (or a row whose reference is missing) leaves the database
empty with every index and key in place. Runs only on PostgreSQL (``JIFEN_TEST_PG=1``)."""

from __future__ import annotations

from pathlib import Path

import pg
import pytest
from forge import Parts, forge
from sqlalchemy import text
from sync_world import Laptop, copy_of, dump, fingerprint, new_township, new_village

from jifen_desktop.sync import service
from jifen_desktop.sync.errors import BundleRefused
from jifen_desktop.sync.first_load import BIG_TABLES, NOT_IN_TOWNSHIP

SHAPE_SQL = """
SELECT 'index ' || c.relname || ' ' || pg_get_indexdef(i.indexrelid) FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
WHERE t.relnamespace = CAST(current_schema() AS regnamespace)
UNION ALL
SELECT 'key ' || t.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
|| ' validated=' || k.convalidated FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
WHERE t.relnamespace = CAST(current_schema() AS regnamespace)
"""


VILLAGES = (("420881100001", "张集村"), ("420881100002", "李庄村"))


def _village(root: Path, code: str, name: str) -> Laptop:
    village = new_village(root, code, name, households=2)
    village.record(village.names["0001"])
    village.approve_pending()
    village.ledger.households.update(village.names["0002"], head_name=f"{name}改名")
    return village


def _bundles(root: Path) -> list[Path]:
    found = []
    for code, name in VILLAGES:
        village = _village(root, code, name)
        found.append(village.export(full=True))
        village.close()
    return found


def _shape(laptop: Laptop) -> set[str]:
    """Every index and constraint of the database, as the server defines it."""
    with laptop.ledger.engine.connect() as conn:
        return {str(line) for (line,) in conn.execute(text(SHAPE_SQL))}


@pytest.fixture
def world(tmp_path: Path) -> tuple[Laptop, list[Path]]:
    if pg.ledger_target() is None:
        pytest.skip("a first load on PostgreSQL (JIFEN_TEST_PG=1)")
    bundles = _bundles(tmp_path)
    township = new_township(tmp_path)
    for bundle in bundles:
        township.trust(bundle)
    return township, bundles


def _keys_on_big_tables(shape: set[str]) -> set[str]:
    return {line for line in shape if line.split(" ")[:2][-1] in BIG_TABLES and "FOREIGN" in line}


def test_a_first_load_on_postgresql_is_the_same_database_as_one_at_a_time(
    world: tuple[Laptop, list[Path]], tmp_path: Path
) -> None:
    township, bundles = world
    one_by_one = copy_of(township, tmp_path)
    before = _shape(township)
    with pytest.MonkeyPatch.context() as patch:  # one at a time, the first one too
        patch.setattr(service, "is_first_load", lambda _session: False)
        for bundle in bundles:
            one_by_one.take(bundle)
    assert _keys_on_big_tables(before)  # there are keys to set aside
    results = township.sync.import_bundles(bundles).value
    assert [r.counts["new"] > 0 for r in results] == [True, True]
    after = _shape(township)
    gone = {line for line in before - after if line.split(" ")[1] in NOT_IN_TOWNSHIP}
    assert after == before - gone
    assert all("validated=true" in line for line in _keys_on_big_tables(after))
    assert _shape(one_by_one) == after
    skip = township.replica_id
    assert dump(township.ledger, skip_replica=skip) == dump(one_by_one.ledger, skip_replica=skip)
    report = township.ledger.verify()
    assert report.ok, report.findings
    again = township.sync.import_bundles(bundles).value
    assert all(r.already_imported for r in again)
    one_by_one.close()


def test_a_refused_bundle_in_a_first_load_on_postgresql_leaves_it_empty(
    world: tuple[Laptop, list[Path]], tmp_path: Path
) -> None:
    township, bundles = world
    stranger = new_village(tmp_path, "420881100003", "王湾村", households=1)
    unknown = stranger.export(full=True)  # its key is not enrolled here
    before, shape = fingerprint(township), _shape(township)
    with pytest.raises(BundleRefused):
        township.sync.import_bundles([*bundles, unknown])
    assert fingerprint(township) == before
    assert _shape(township) == shape
    stranger.close()


def test_a_reference_to_nothing_refuses_the_whole_first_load_on_postgresql(
    world: tuple[Laptop, list[Path]], tmp_path: Path
) -> None:
    township, bundles = world
    village = _village(tmp_path, "420881100003", "王湾村")
    good = village.export(full=True)
    township.trust(good)

    def dangling(parts: Parts) -> None:
        parts.rows("members")[0]["household_id"] = "00000000-0000-4000-8000-000000000000"

    bad = forge(good, village, tmp_path / "dangling.jfb", dangling)
    before, shape = fingerprint(township), _shape(township)
    with pytest.raises(BundleRefused) as caught:
        township.sync.import_bundles([*bundles, bad])
    assert "家庭成员引用的农户本库没有" in caught.value.message  # the broken key, in words
    assert "王湾村" in caught.value.message
    assert "没有任何改动" in caught.value.message
    assert fingerprint(township) == before
    assert _shape(township) == shape
    village.close()
