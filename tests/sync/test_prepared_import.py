"""Several bundles in one call (``SyncService.import_bundles``), their hashes checked in worker
processes (``sync.prepare``) while one writer applies them: the same database as one by one,
in worker processes and in this process alike; a damaged bundle among them refused with its
name, in the same words either way, nothing of it written; a cancel mid-way keeps the bundles
committed before it and nothing of the one being written."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from forge import signing_key
from sync_world import Laptop, copy_of, dump, new_township, new_village

from jifen_desktop.model.errors import Cancelled
from jifen_desktop.sync import keys, prepare
from jifen_desktop.sync.bundle_file import BundleWriter, MemberInfo, OpenedBundle, write_bundle
from jifen_desktop.sync.errors import BundleRefused
from jifen_desktop.sync.importer import ImportResult
from jifen_desktop.sync.prepare import Prepared, _pool, prepared

VILLAGES = (("420881100001", "张集村"), ("420881100002", "李庄村"), ("420881100003", "王湾村"))


def _writing(data: bytes) -> Callable[[Any], None]:
    return lambda out: out.write(data)


def _wrong_hash(bundle: Path, signer: Laptop, target: Path) -> Path:
    """``bundle`` with one data member's sha256 in the manifest wrong, both signatures good
    (only the hash check can find it)."""
    private = signing_key(signer)
    with zipfile.ZipFile(bundle) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        members = {name: zf.read(name) for name in manifest["members"]}

    def fill(writer: BundleWriter) -> bytes:
        for name, data in members.items():
            writer.add_stream(name, _writing(data))
        name = "data/entries.jsonl"
        writer.members[name] = MemberInfo("0" * 64, writer.members[name].size)
        rest = {k: v for k, v in manifest.items() if k != "members"}
        return writer.finish(rest, lambda d: keys.sign(private, d))

    write_bundle(target, fill, lambda d: keys.sign(private, d))
    return target


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Laptop, list[Path], Path]:
    """A township that holds 张集村's first bundle (so that imports are one transaction
    each, not a first load), the three villages' next bundles, and a damaged one."""
    root = tmp_path_factory.mktemp("prepared")
    township = new_township(root)
    bundles: list[Path] = []
    damaged = root / "damaged.jfb"
    for code, name in VILLAGES:
        village = new_village(root, code, name, households=2)
        first = village.export(full=True)
        township.trust(first)
        if not bundles:
            township.take(first)
        village.record(village.names["0001"])
        village.approve_pending()
        bundles.append(village.export(full=True))
        if code.endswith("2"):
            _wrong_hash(bundles[-1], village, damaged)
        village.close()
    return township, bundles, damaged


def _pair(world: tuple[Laptop, list[Path], Path], tmp_path: Path) -> tuple[Laptop, Laptop]:
    """Two copies of the township: one to import into, one to compare with."""
    return copy_of(world[0], tmp_path), copy_of(world[0], tmp_path)


@pytest.fixture(params=["workers", "in process"])
def checking(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each import test twice: hashes checked in worker processes (however small the
    bundles), and in this process."""
    monkeypatch.setattr(prepare, "WORKERS_FROM_BYTES", 0)
    if request.param == "in process":
        monkeypatch.setenv("JIFEN_PREPARE_IN_PROCESS", "1")
    return str(request.param)


def _same(one: Laptop, other: Laptop) -> bool:
    """The same rows, but for the township's own (its audit rows of the imports: times)."""
    skip = one.replica_id
    return dump(one.ledger, skip_replica=skip) == dump(other.ledger, skip_replica=skip)


def _only_the_first_in(
    ledger: Laptop, expected: Laptop, done: list[ImportResult], bundles: list[Path]
) -> None:
    """Only the first bundle was committed (and told of), nothing of the others: ``ledger``
    holds what ``expected`` holds after importing that one alone; verify is clean."""
    assert [r.path for r in done] == [bundles[0]]
    expected.take(bundles[0])
    assert _same(ledger, expected)
    assert ledger.ledger.verify().ok
    ledger.close()
    expected.close()


@pytest.mark.usefixtures("checking")
def test_several_in_one_call_are_the_same_as_one_by_one(
    world: tuple[Laptop, list[Path], Path], tmp_path: Path
) -> None:
    _township, bundles, _damaged = world
    together, one_by_one = _pair(world, tmp_path)
    said: list[str] = []
    done: list[ImportResult] = []
    op = together.sync.import_bundles(bundles, lambda _f, m: said.append(m), None, done.append)
    assert [r.path for r in op.value] == bundles == [r.path for r in done]
    assert all(r.counts["new"] > 0 for r in op.value)
    assert any(m.startswith(f"第3/3个 {bundles[2].name}：") for m in said)
    assert not _same(together, one_by_one)
    for bundle in bundles:
        one_by_one.take(bundle)
    assert _same(together, one_by_one)
    assert together.ledger.verify().ok
    together.close()
    one_by_one.close()


def test_workers_and_this_process_prepare_alike(
    world: tuple[Laptop, list[Path], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _township, bundles, damaged = world
    files = [*bundles, damaged]
    assert not isinstance(_pool(files), ProcessPoolExecutor)  # small: not worth a worker
    monkeypatch.setattr(prepare, "WORKERS_FROM_BYTES", 0)
    pool = _pool(files)
    assert isinstance(pool, ProcessPoolExecutor)  # four files: two worker processes
    pool.shutdown()
    with prepared(files) as get:
        found = [get(n) for n in range(len(files))]
    for path, result in zip(files, found, strict=True):
        assert isinstance(result, Prepared)
        with OpenedBundle(path) as bundle:
            assert result.file_digest == bundle.signed_digest()
            assert result.manifest_sha256 == bundle.manifest_sha256
            words = None
            try:
                bundle.check_hashes()
            except BundleRefused as exc:
                words = exc.message
        assert result.refusal == words
    assert found[-1] is not None and "data/entries.jsonl 的内容与清单不符" in str(found[-1].refusal)
    with prepared(files[:1]) as get:  # one file: the writer checks it as it reads it
        assert get(0) is None


@pytest.mark.usefixtures("checking")
def test_a_damaged_bundle_among_them_is_refused_by_name_and_nothing_of_it_written(
    world: tuple[Laptop, list[Path], Path], tmp_path: Path
) -> None:
    _township, bundles, damaged = world
    ledger, expected = _pair(world, tmp_path)
    done: list[ImportResult] = []
    with pytest.raises(BundleRefused) as caught:
        ledger.sync.import_bundles([bundles[0], damaged, bundles[2]], None, None, done.append)
    assert caught.value.message == (
        "同步包 damaged.jfb 不能导入：data/entries.jsonl 的内容与清单不符（被改动过或已损坏）。"
        "请让对方重新导出一份再试；本库没有任何改动。"
    )
    _only_the_first_in(ledger, expected, done, bundles)


def test_a_cancel_mid_way_keeps_the_committed_bundles_and_nothing_of_the_current(
    world: tuple[Laptop, list[Path], Path], tmp_path: Path
) -> None:
    _township, bundles, _damaged = world
    ledger, expected = _pair(world, tmp_path)
    merging_second: list[str] = []

    def progress(_fraction: float, message: str) -> None:
        if message.startswith("第2/3个") and "核对每个文件" not in message:
            merging_second.append(message)

    done: list[ImportResult] = []
    with pytest.raises(Cancelled):
        ledger.sync.import_bundles(bundles, progress, lambda: bool(merging_second), done.append)
    assert merging_second  # it stopped inside the second bundle's merge
    _only_the_first_in(ledger, expected, done, bundles)
