"""A first load into PostgreSQL with worker processes (``sync.first_load_pg_workers``): the same
township as the one-process load, the same refusal words and nothing written on a refusal,
no scratch file left, and the one-process way whenever the workers cannot decide alone (a
record another bundle brings, a record held twice). PostgreSQL only (``JIFEN_TEST_PG=1``)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pg
import pytest
from forge import Parts, forge, take_apart
from sync_world import Laptop, copy_of, fingerprint, new_village
from test_first_load_workers import (
    VILLAGES,
    _village_bundle,
    loaded_as_usual,
    refused_as_usual,
    trusting,
    with_a_flipped_byte,
)

from jifen_desktop.sync import first_load_parallel, first_load_pg_workers
from jifen_desktop.sync.errors import BundleRefused


def _on_pg(monkeypatch: pytest.MonkeyPatch) -> None:
    if pg.ledger_target() is None:
        pytest.skip("a first load on PostgreSQL (JIFEN_TEST_PG=1); SQLite: first_load_parallel")
    monkeypatch.setattr(first_load_parallel, "FROM_BYTES", 0)  # (small bundles: workers too)
    monkeypatch.delenv(first_load_parallel.IN_PROCESS, raising=False)


def _bundle_with_a_veto(root: Path, code: str, name: str) -> Path:
    """A village's full bundle with a veto too: a row of a table that is not set aside,
    referring to a household and to its village (its checks wait for the commit)."""
    village = new_village(root, code, name, households=3)
    village.record(village.names["0001"])
    village.approve_pending()
    village.ledger.vetoes.add(
        village.names["0002"], "违法建房，拒不整改", dt.date(2026, 6, 1), dt.date(2027, 5, 31)
    )
    bundle = village.export(full=True)
    village.close()
    return bundle


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Laptop, list[Path]]:
    _on_pg(monkeypatch)
    (code, name), *others = VILLAGES
    bundles = [_bundle_with_a_veto(tmp_path, code, name)]
    bundles += [_village_bundle(tmp_path, code, name) for code, name in others]
    return trusting(tmp_path, bundles), bundles


def _streamed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The groups whose scratch rows the writer copied (the workers' path got that far)."""
    copied: list[str] = []
    original = first_load_pg_workers._copy_scratch

    def spy(conn: Any, group: Any) -> None:
        copied.append(Path(group.target).name)
        original(conn, group)

    monkeypatch.setattr(first_load_pg_workers, "_copy_scratch", spy)
    return copied


def test_workers_load_the_same_township_as_one_process(
    world: tuple[Laptop, list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    township, bundles = world
    usual = copy_of(township, tmp_path)
    copied = _streamed(monkeypatch)
    said: list[str] = []
    results = township.sync.import_bundles(bundles, lambda _f, m: said.append(m)).value
    assert copied == ["group-0.sqlite", "group-1.sqlite", "group-2.sqlite"]
    assert any("第3/3个" in m for m in said)
    assert results[0].counts["tables"]["vetoes"]["new"] == 1
    loaded_as_usual(monkeypatch, (township, usual), bundles, results)
    assert len(copied) == 3  # (not again: the one-process way)


def test_a_refusal_inside_a_workers_group_is_the_usual_refusal_and_changes_nothing(
    world: tuple[Laptop, list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    township, bundles = world
    paths = with_a_flipped_byte(bundles, tmp_path)
    copied = _streamed(monkeypatch)
    before = fingerprint(township)
    with pytest.raises(BundleRefused) as found:
        township.sync.import_bundles(paths)
    assert copied == ["group-0.sqlite"]  # (the first group was streamed, then rolled back)
    assert fingerprint(township) == before
    refused_as_usual(monkeypatch, township, paths, found.value.message)
    assert paths[1].name in found.value.message


def _forged_pair(tmp_path: Path, change_entry: Any) -> tuple[Path, Path, Laptop]:
    """张集村's full bundle, and 李庄村's with one entry more, made by ``change_entry`` from
    one of its own and 张集村's rows (signed by 李庄村 under a replica of its own)."""
    (a_code, a_name), (b_code, b_name), _c = VILLAGES
    a_full = _village_bundle(tmp_path, a_code, a_name)
    village_b = new_village(tmp_path, b_code, b_name, households=2)
    village_b.record(village_b.names["0001"])
    b_full = village_b.export(full=True)
    entry = dict(take_apart(b_full).one("entries"))
    invented = str(uuid.uuid4())
    entry.update(id=str(uuid.uuid4()), replica_id=invented, seq=1)
    change_entry(entry, take_apart(a_full))

    def change(parts: Parts) -> None:
        parts.manifest["bundle_id"] = str(uuid.uuid4())
        parts.rows("entries").append(entry)
        parts.seal(invented, [("entries", entry)])

    forged = forge(b_full, village_b, tmp_path / f"{b_code}_forged.jfb", change)
    return a_full, forged, village_b


def _refused_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pair: tuple[Path, Path], streamed: int
) -> str:
    """The load refused with workers tried first (``streamed`` groups were streamed before
    the writer gave up), and refused the one-process way: the same words, nothing written
    either time."""
    township = trusting(tmp_path, list(pair))
    before = fingerprint(township)
    copied = _streamed(monkeypatch)
    with pytest.raises(BundleRefused) as found:
        township.sync.import_bundles(list(pair))
    assert len(copied) == streamed  # (the workers' way was tried, then the usual way)
    assert fingerprint(township) == before
    refused_as_usual(monkeypatch, township, list(pair), found.value.message)
    return found.value.message


def test_a_record_another_bundle_brings_sends_the_load_the_usual_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """李庄村's bundle with an entry on 张集村's household: its worker cannot tell whose the
    household is (another worker brings it); the writer finds it on the server after every
    group and loads the usual way, which refuses the forged bundle in its own words."""
    _on_pg(monkeypatch)

    def on_their_household(entry: dict[str, Any], a_parts: Parts) -> None:
        entry["household_id"] = next(r for r in a_parts.rows("households") if r["id"])["id"]

    a_full, forged, village_b = _forged_pair(tmp_path, on_their_household)
    said = _refused_both_ways(tmp_path, monkeypatch, (a_full, forged), 2)
    assert "积分记录" in said and VILLAGES[0][1] in said
    village_b.close()


def test_a_record_held_twice_sends_the_load_the_usual_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """李庄村's bundle with an entry of 张集村's id: the server refuses the entries' key when
    the writer makes it again after the last group; the usual way refuses the bundle in its
    own words."""
    _on_pg(monkeypatch)

    def with_their_id(entry: dict[str, Any], a_parts: Parts) -> None:
        entry["id"] = next(r for r in a_parts.rows("entries") if r["id"])["id"]

    a_full, forged, village_b = _forged_pair(tmp_path, with_their_id)
    said = _refused_both_ways(tmp_path, monkeypatch, (a_full, forged), 2)
    assert forged.name in said
    village_b.close()
