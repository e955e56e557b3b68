"""Every bad bundle is refused with a Chinese message and leaves the database byte for byte as
it was: truncated, a byte flipped, members added, removed, duplicated or with a path, a zip bomb,
an unknown or revoked key, another village's signature, a newer format version."""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_world import Laptop, fingerprint, new_township, new_village

from jifen_desktop.sync import keys
from jifen_desktop.sync.bundle_file import (
    FILE_SIGNATURE_LEN,
    FORMAT_VERSION,
    BundleWriter,
    write_bundle,
)
from jifen_desktop.sync.errors import BundleRefused


class Setup(tuple):  # type: ignore[type-arg]
    """(village, township, bundle path, bundle bytes), shown briefly in failure reports."""

    def __repr__(self) -> str:
        return "Setup(village, township, bundle, data)"


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    root = tmp_path_factory.mktemp("refusals")
    village = new_village(root, "420881100001", "张集村")
    for number, hid in village.names.items():
        village.record(hid)
        if number == "0001":
            village.record(hid, code="B04")
    village.approve_pending()
    township = new_township(root)
    bundle = village.export()
    township.trust(bundle)
    return Setup((village, township, bundle, bundle.read_bytes()))


def refused(township: Laptop, path: Path, *words: str) -> str:
    before = fingerprint(township)
    for attempt in (township.sync.dry_run, township.sync.import_bundle):
        with pytest.raises(BundleRefused) as caught:
            attempt(path)
        message = caught.value.message
        assert "没有任何改动" in message or "本库" in message, message
        for word in words:
            assert word in message, message
    assert fingerprint(township) == before
    return message


def rewrite(original: bytes, target: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the bundle with its members changed by ``change(list of (name, data))``."""
    with zipfile.ZipFile(io.BytesIO(original)) as zf:
        members = [(i.filename, zf.read(i)) for i in zf.infolist()]
    members = change(members)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            out.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def test_the_good_bundle_imports(setup, tmp_path):
    village, township, bundle, data = setup
    good = tmp_path / bundle.name
    good.write_bytes(data)
    assert township.sync.dry_run(good).counts["new"] > 0


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fraction=st.floats(0.0, 0.9999))
def test_truncated_anywhere_is_refused(setup, tmp_path, fraction):
    _village, township, bundle, data = setup
    cut = tmp_path / bundle.name
    cut.write_bytes(data[: int(len(data) * fraction)])
    refused(township, cut)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.floats(0.0, 0.99999), bit=st.integers(0, 7))
def test_one_flipped_byte_anywhere_is_refused(setup, tmp_path, position, bit):
    _village, township, bundle, data = setup
    flipped = bytearray(data)
    flipped[int(len(data) * position)] ^= 1 << bit
    path = tmp_path / bundle.name
    path.write_bytes(bytes(flipped))
    refused(township, path)


def test_a_flip_in_the_file_signature_or_a_zip_header_is_refused(setup, tmp_path):
    _village, township, bundle, data = setup
    for at in (len(data) - 1, len(data) - FILE_SIGNATURE_LEN, 10, 14):  # signature; header time
        flipped = bytearray(data)
        flipped[at] ^= 0x01
        path = tmp_path / bundle.name
        path.write_bytes(bytes(flipped))
        refused(township, path, "不符")


def test_members_added_removed_duplicated_or_with_paths_are_refused(setup, tmp_path):
    _village, township, bundle, data = setup
    cases = {
        "added": (lambda m: [*m, ("data/extra.jsonl", b"{}")], "多出"),
        "removed": (lambda m: [x for x in m if x[0] != "data/entries.jsonl"], "少了"),
        "duplicated": (lambda m: [*m, next(x for x in m if x[0] == "data/entries.jsonl")], "重复"),
        "path": (lambda m: [*m, ("../../evil.sh", b"rm -rf")], "不该有"),
        "absolute": (lambda m: [*m, ("/etc/passwd", b"x")], "不该有"),
        "nested": (lambda m: [*m, ("data/../x.jsonl", b"x")], "不该有"),
    }
    for name, (change, word) in cases.items():
        with pytest.warns(UserWarning) if name == "duplicated" else _no_warning():
            path = rewrite(data, tmp_path / f"{name}.jfb", change)
        refused(township, path, word)


class _no_warning:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def test_a_zip_bomb_is_refused_without_inflating_it(setup, tmp_path):
    _village, township, bundle, data = setup
    bomb = b"\n" * (512 << 20)  # half a gigabyte of newlines, a few hundred KB compressed

    def swap(members):  # type: ignore[no-untyped-def]
        return [(n, bomb if n == "data/audit_log.jsonl" else d) for n, d in members]

    path = rewrite(data, tmp_path / "bomb.jfb", swap)
    assert path.stat().st_size < 5 << 20
    started = time.perf_counter()
    refused(township, path)
    assert time.perf_counter() - started < 5


def test_a_signed_bomb_is_refused_by_its_compression_ratio(setup, tmp_path):
    """Even a bundle signed by an enrolled key may not make the importer inflate a bomb."""
    village, township, bundle, _data = setup
    with village.ledger.read() as s:
        from sqlalchemy import select

        from jifen_desktop.model.schema import Replica

        private = s.scalar(select(Replica.signing_key))
    manifest = json.loads(zipfile.ZipFile(bundle).read("manifest.json"))

    def fill(writer: BundleWriter) -> bytes:
        writer.add_stream(
            "data/audit_log.jsonl", lambda out: [out.write(b"\n" * (1 << 20)) for _ in range(300)]
        )
        return writer.finish(
            {k: v for k, v in manifest.items() if k != "members"}, lambda d: keys.sign(private, d)
        )

    path = tmp_path / "signed-bomb.jfb"
    write_bundle(path, fill, lambda d: keys.sign(private, d))
    refused(township, path, "压缩比")


def test_unknown_revoked_and_foreign_keys_are_refused_naming_the_village(setup, tmp_path_factory):
    village, _township, bundle, data = setup
    root = tmp_path_factory.mktemp("keys")
    stranger = new_township(root)
    message = refused(stranger, bundle, "张集村", "还没有登记", "指纹")
    assert keys.fingerprint(village.sync.identity().public_key) in message

    other = new_village(root, "420881100002", "李庄村", households=1)
    stranger.trust(other.export())
    stranger.trust(bundle)
    # a bundle of 张集村 re-signed with 李庄村's key: both signatures fail against 张集村's key
    with other.ledger.read() as s:
        from sqlalchemy import select

        from jifen_desktop.model.schema import Replica

        private = s.scalar(select(Replica.signing_key))
    manifest = json.loads(zipfile.ZipFile(bundle).read("manifest.json"))
    with zipfile.ZipFile(bundle) as zf:
        members = [(n, zf.read(n)) for n in zf.namelist() if n.startswith("data/")]

    def fill(writer: BundleWriter) -> bytes:
        for name, content in members:
            writer.add_stream(name, lambda out, content=content: out.write(content))
        return writer.finish(
            {k: v for k, v in manifest.items() if k != "members"}, lambda d: keys.sign(private, d)
        )

    forged = tmp_path_factory.mktemp("forged") / bundle.name
    write_bundle(forged, fill, lambda d: keys.sign(private, d))
    refused(stranger, forged, "张集村", "签名与登记的密钥", "不符")

    stranger.sync.revoke(village.replica_id, "电脑丢失")
    refused(stranger, bundle, "吊销", "电脑丢失")


def test_a_newer_format_version_asks_to_upgrade(setup, tmp_path):
    village, township, bundle, _data = setup
    with village.ledger.read() as s:
        from sqlalchemy import select

        from jifen_desktop.model.schema import Replica

        private = s.scalar(select(Replica.signing_key))
    manifest = json.loads(zipfile.ZipFile(bundle).read("manifest.json"))
    manifest["version"] = FORMAT_VERSION + 1

    def fill(writer: BundleWriter) -> bytes:
        return writer.finish(
            {k: v for k, v in manifest.items() if k != "members"}, lambda d: keys.sign(private, d)
        )

    path = tmp_path / "newer.jfb"
    write_bundle(path, fill, lambda d: keys.sign(private, d))
    refused(township, path, "更新版本", "升级")


def test_not_a_bundle_and_a_missing_file(setup, tmp_path):
    _village, township, _bundle, _data = setup
    text = tmp_path / "notes.jfb"
    text.write_text("这不是同步包", encoding="utf-8")
    refused(township, text, "损坏")
    refused(township, tmp_path / "nowhere.jfb", "找不到")


def test_a_stamp_from_the_future_is_refused(tmp_path):
    """A laptop whose date was set a year ahead stamps its changes a year ahead: refused, with
    advice to check both computers' dates."""
    from sqlalchemy import update

    from jifen_desktop.model import hlc
    from jifen_desktop.model.schema import Replica

    village = new_village(tmp_path, "420881100001", "张集村", households=1)
    ahead = hlc.pack(hlc.now_ms() + 365 * 24 * 3600 * 1000, 0)
    with village.ledger.engine.begin() as conn:  # as if the clock had run a year ahead
        conn.execute(update(Replica).values(hlc_last=ahead))
    village.ledger.households.update(village.names["0001"], head_name="日期设错的电脑改的")
    township = new_township(tmp_path)
    bundle = village.export()
    township.trust(bundle)
    refused(township, bundle, "晚一天以上", "日期")
