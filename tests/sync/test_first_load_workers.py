"""A first load with worker processes (``sync.first_load_parallel``): the same township as the
usual way, the same refusal words and nothing written on a refusal or cancel, no scratch file
left, and the usual way whenever the bundles may depend on each other."""

from __future__ import annotations

import multiprocessing
import os
import uuid
from pathlib import Path
from typing import Any

import pg
import pytest
from forge import Parts, forge, take_apart
from sqlalchemy import text
from sync_world import Laptop, copy_of, dump, fingerprint, new_township, new_village

from jifen_desktop.model.errors import Cancelled
from jifen_desktop.model.summaries import TABLES as SUMMARIES
from jifen_desktop.sync import first_load_parallel
from jifen_desktop.sync.errors import BundleRefused

VILLAGES = (("420881100001", "张集村"), ("420881100002", "李庄村"), ("420881100003", "王湾村"))


def _village_bundle(root: Path, code: str, name: str) -> Path:
    village = new_village(root, code, name, households=3)
    village.record(village.names["0001"])
    village.record(village.names["0002"])
    village.approve_pending()
    village.record(village.names["0003"])  # (one left pending)
    village.ledger.households.update(village.names["0002"], head_name=f"{name}改名")
    bundle = village.export(full=True)
    village.close()
    return bundle


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Laptop, list[Path]]:
    if pg.ledger_target() is not None:
        pytest.skip("a first load on SQLite (PostgreSQL: first_load_pg)")
    monkeypatch.setattr(first_load_parallel, "FROM_BYTES", 0)  # (small bundles: workers too)
    monkeypatch.delenv(first_load_parallel.IN_PROCESS, raising=False)
    bundles = [_village_bundle(tmp_path, code, name) for code, name in VILLAGES]
    return trusting(tmp_path, bundles), bundles


def trusting(root: Path, bundles: list[Path]) -> Laptop:
    """A new township that trusts the villages of ``bundles``."""
    township = new_township(root)
    for bundle in bundles:
        township.trust(bundle)
    return township


def _copies(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The groups the writer copied (the workers' path was taken)."""
    copied: list[str] = []
    original = first_load_parallel.copy_group

    def spy(conn: object, name: str, *rest: object) -> None:
        copied.append(name)
        original(conn, name, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(first_load_parallel, "copy_group", spy)
    return copied


def _no_scratch(township: Laptop) -> None:
    left = [p for p in os.listdir(township.ledger.folder) if p.startswith(".jifen-first-load-")]
    assert left == []
    assert multiprocessing.active_children() == []


def _summaries(laptop: Laptop) -> dict[str, list[tuple[object, ...]]]:
    """Every summary row (the workers make them, each for its villages)."""
    found = {}
    with laptop.ledger.engine.connect() as conn:
        for table in SUMMARIES:
            rows = conn.execute(text(f"SELECT * FROM {table.__tablename__}")).all()
            found[table.__tablename__] = sorted(tuple(row) for row in rows)
    return found


def _same_township(one: Laptop, other: Laptop) -> None:
    assert dump(one.ledger, skip_replica=one.replica_id) == dump(
        other.ledger, skip_replica=other.replica_id
    )
    assert _summaries(one) == _summaries(other)
    assert any(_summaries(one).values())


def _in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(first_load_parallel.IN_PROCESS, "1")


def loaded_as_usual(
    monkeypatch: pytest.MonkeyPatch,
    pair: tuple[Laptop, Laptop],
    bundles: list[Path],
    results: list[Any],
) -> None:
    """The township loaded by the workers (``results``) against a copy of it loaded the usual
    way: the same counts, balances, rows and summaries, verify clean, no scratch left, and a
    re-import finds every bundle imported."""
    township, usual = pair
    _in_process(monkeypatch)
    expected = usual.sync.import_bundles(bundles).value
    assert [r.counts for r in results] == [r.counts for r in expected]
    assert [r.balances_checked for r in results] == [r.balances_checked for r in expected]
    assert all(r.balances_checked > 0 and not r.balance_mismatches for r in results)
    _same_township(township, usual)
    report = township.ledger.verify()
    assert report.ok, report.findings
    _no_scratch(township)
    again = township.sync.import_bundles(bundles).value
    assert all(r.already_imported for r in again)
    usual.close()


def with_a_flipped_byte(bundles: list[Path], root: Path) -> list[Path]:
    """The bundles with the second one's copy broken (a flipped byte inside a member)."""
    broken = root / "broken" / bundles[1].name
    broken.parent.mkdir()
    data = bytearray(bundles[1].read_bytes())
    data[len(data) // 2] ^= 0x01
    broken.write_bytes(bytes(data))
    return [bundles[0], broken, bundles[2]]


def refused_as_usual(
    monkeypatch: pytest.MonkeyPatch, township: Laptop, paths: list[Path], message: str
) -> None:
    """No scratch left, and the usual way refuses ``paths`` in the same words, writing
    nothing either."""
    _no_scratch(township)
    before = fingerprint(township)
    _in_process(monkeypatch)
    with pytest.raises(BundleRefused) as usual:
        township.sync.import_bundles(paths)
    assert message == usual.value.message
    assert fingerprint(township) == before


def _beside_usual(
    world: tuple[Laptop, list[Path]], root: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Laptop, list[Path], Laptop, list[str]]:
    """The township, its bundles, a copy of it for the usual way, the groups copied."""
    township, bundles = world
    return township, bundles, copy_of(township, root), _copies(monkeypatch)


def test_workers_load_the_same_township_as_the_usual_way(
    world: tuple[Laptop, list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    township, bundles, usual, copied = _beside_usual(world, tmp_path, monkeypatch)
    said: list[str] = []
    results = township.sync.import_bundles(bundles, lambda _f, m: said.append(m)).value
    assert copied == ["w0", "w1", "w2"]
    assert any("第3/3个" in m for m in said)
    loaded_as_usual(monkeypatch, (township, usual), bundles, results)
    assert copied == ["w0", "w1", "w2"]  # (not again: the usual way)


def test_a_refusal_found_by_a_worker_is_the_usual_refusal_and_changes_nothing(
    world: tuple[Laptop, list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    township, bundles = world
    paths = with_a_flipped_byte(bundles, tmp_path)
    before = fingerprint(township)
    with pytest.raises(BundleRefused) as found:
        township.sync.import_bundles(paths)
    assert fingerprint(township) == before
    refused_as_usual(monkeypatch, township, paths, found.value.message)
    assert paths[1].name in found.value.message


def test_cancel_while_workers_prepare_writes_nothing(
    world: tuple[Laptop, list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    township, bundles = world
    copied = _copies(monkeypatch)
    before = fingerprint(township)
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(copied) >= 1  # after the first group is in

    with pytest.raises(Cancelled) as stopped:
        township.sync.import_bundles(bundles, cancelled=cancelled)
    assert "没有任何改动" in stopped.value.message
    assert copied and asked
    assert fingerprint(township) == before
    _no_scratch(township)
    results = township.sync.import_bundles(bundles).value  # (and it loads after)
    assert all(r.counts["new"] > 0 for r in results)


def test_two_bundles_of_one_village_go_the_usual_way(
    world: tuple[Laptop, list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    township, bundles, usual, copied = _beside_usual(world, tmp_path, monkeypatch)
    again = tmp_path / "again" / bundles[0].name
    again.parent.mkdir()
    again.write_bytes(bundles[0].read_bytes())  # (the same bundle twice: one village)
    paths = [bundles[0], bundles[1], again]
    results = township.sync.import_bundles(paths).value
    assert copied == []
    assert results[2].already_imported
    _in_process(monkeypatch)
    usual.sync.import_bundles(paths)
    _same_township(township, usual)
    usual.close()


def test_groups_keep_the_order_and_the_last_two_are_small() -> None:
    for count in (2, 3, 8, 9, 30, 31, 100):
        paths = [Path(f"{n}.jfb") for n in range(count)]
        groups = first_load_parallel.groups_of(paths)
        assert [p for group in groups for p in group] == paths
        assert len(groups) == min(count, first_load_parallel.MAX_GROUPS)
        assert all(groups)
        assert len(groups[-1]) <= len(groups[0])
    sizes = [len(g) for g in first_load_parallel.groups_of([Path(str(n)) for n in range(30)])]
    assert sizes == [5, 5, 4, 4, 4, 4, 2, 2]


def test_a_record_another_bundle_brings_sends_the_load_the_usual_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """李庄村's bundle forged with an entry on 张集村's household: its worker does not hold
    that household, another group brings it; the writer sees it and loads the usual way,
    which refuses the forged bundle in its own words, whichever path was tried first."""
    if pg.ledger_target() is not None:
        pytest.skip("a first load on SQLite")
    monkeypatch.setattr(first_load_parallel, "FROM_BYTES", 0)
    monkeypatch.delenv(first_load_parallel.IN_PROCESS, raising=False)
    (a_code, a_name), (b_code, b_name), _c = VILLAGES
    a_full = _village_bundle(tmp_path, a_code, a_name)
    village_b = new_village(tmp_path, b_code, b_name, households=2)
    village_b.record(village_b.names["0001"])
    b_full = village_b.export(full=True)
    household = next(r for r in take_apart(a_full).rows("households") if r["id"])
    entry = dict(take_apart(b_full).one("entries"))
    invented = str(uuid.uuid4())
    entry.update(id=str(uuid.uuid4()), household_id=household["id"], replica_id=invented, seq=1)

    def change(parts: Parts) -> None:
        parts.manifest["bundle_id"] = str(uuid.uuid4())
        parts.rows("entries").append(entry)
        parts.seal(invented, [("entries", entry)])

    forged = forge(b_full, village_b, tmp_path / f"{b_code}_forged.jfb", change)
    township = trusting(tmp_path, [a_full, forged])
    before = fingerprint(township)
    copied = _copies(monkeypatch)
    with pytest.raises(BundleRefused) as found:
        township.sync.import_bundles([a_full, forged])
    assert copied == ["w0", "w1"]  # (tried, then the usual way)
    assert fingerprint(township) == before
    refused_as_usual(monkeypatch, township, [a_full, forged], found.value.message)
    assert "积分记录" in found.value.message and a_name in found.value.message
    village_b.close()
