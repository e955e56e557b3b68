"""The members of rows checked as they are read (``OpenedBundle.check_hashes_later``): a data
member whose sha256 is not the manifest's is refused before its first row is parsed, in the
words ``check_hashes`` uses; one never read is checked by ``check_hashes_left``; a first load
with such a bundle among others is refused by its name and leaves the township empty."""

from __future__ import annotations

from pathlib import Path

import pytest
from sync_world import Laptop, fingerprint, new_township, new_village
from test_prepared_import import _wrong_hash

from jifen_desktop.sync.bundle_file import LINKS_MEMBER, WHOLE_MEMBER_BYTES, OpenedBundle
from jifen_desktop.sync.errors import BundleRefused
from jifen_desktop.sync.first_load import is_first_load

WORDS = "data/entries.jsonl 的内容与清单不符（被改动过或已损坏）"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path]:
    """Two villages' full bundles, and the second with its entries' hash wrong (signed)."""
    root = tmp_path_factory.mktemp("hashes")
    bundles = []
    for code, name in (("420881100001", "张集村"), ("420881100002", "李庄村")):
        village = new_village(root, code, name, households=2)
        village.record(village.names["0001"])
        village.approve_pending()
        bundles.append(village.export(full=True))
        damaged = _wrong_hash(bundles[-1], village, root / "damaged.jfb")
        village.close()
    return bundles, damaged


def test_a_member_is_checked_when_read_before_its_first_row(made: tuple[list[Path], Path]) -> None:
    _bundles, damaged = made
    with OpenedBundle(damaged) as bundle:
        with pytest.raises(BundleRefused) as whole:
            bundle.check_hashes()
        assert WORDS in whole.value.message
        bundle.check_hashes_later()
        assert "data/entries.jsonl" in bundle._later
        assert all(info.size <= WHOLE_MEMBER_BYTES for info in bundle.members.values())
        bundle.check_hashes()  # the others hold; the entries wait till they are read
        assert sum(len(rows) for _c, rows in bundle.rows("households")) == 2
        rows: list[object] = []
        with pytest.raises(BundleRefused) as read:
            for _columns, chunk in bundle.rows("entries"):
                rows.extend(chunk)
        assert rows == []
        assert read.value.message == whole.value.message
        assert "data/entries.jsonl" in bundle._later  # (refused, so still not found sound)


def test_a_member_never_read_is_checked_at_the_end(made: tuple[list[Path], Path]) -> None:
    bundles, damaged = made
    with OpenedBundle(damaged) as bundle:
        bundle.check_hashes_later()
        bundle.check_hashes()
        with pytest.raises(BundleRefused) as left:
            bundle.check_hashes_left()
        assert WORDS in left.value.message
    with OpenedBundle(bundles[1]) as bundle:  # the same bundle as made: every member holds
        bundle.check_hashes_later()
        bundle.check_hashes()
        for name in bundle.data_tables():
            for _chunk in bundle.rows(name):
                pass
        assert bundle._later == {LINKS_MEMBER}
        for _chunk in bundle.rows("chain_links", member=LINKS_MEMBER):
            pass
        assert not bundle._later
        bundle.check_hashes_left()


@pytest.mark.parametrize("first", [True, False], ids=["first load", "one by one"])
def test_an_import_refuses_it_by_name_and_writes_nothing(
    made: tuple[list[Path], Path], tmp_path: Path, first: bool
) -> None:
    bundles, damaged = made
    township: Laptop = new_township(tmp_path)
    for bundle in bundles:
        township.trust(bundle)
    if not first:
        township.take(bundles[0])
    marks = fingerprint(township)
    with pytest.raises(BundleRefused) as caught:
        township.sync.import_bundles([bundles[0], damaged] if first else [damaged])
    assert caught.value.message == (
        f"同步包 damaged.jfb 不能导入：{WORDS}。请让对方重新导出一份再试；本库没有任何改动。"
    )
    assert fingerprint(township) == marks
    with township.ledger.read() as s:
        assert is_first_load(s) is first
    township.close()
