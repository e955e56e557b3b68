"""Chain links store their rows packed (``model.schema.link_rows``, migration 0017): every
reader gets the canonical text back, so a ledger made by an older release keeps every link and
verifies clean through the upgrade and the downgrade; a packed list changed behind the
program's back is still named by ``jifen verify``."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from demo_copies import copy_ledger_file, make_demo
from migrating import migrate
from sqlalchemy import select

from jifen_desktop.model import paths
from jifen_desktop.model.chain import hash_holds, to_link
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.schema import ChainLink
from jifen_desktop.model.schema.link_rows import UNREADABLE, pack, unpack

DATA = Path(__file__).resolve().parent.parent / "data"
ROWS = "2 audit_log 843b64e6ae984d8b\n3 entries 520a14809e640026\n300 audit_log cccd9409b6f99b3f"


def test_a_list_packs_to_a_third_and_unpacks_byte_for_byte() -> None:
    packed = pack(ROWS)
    assert packed[:1] == b"\x01" and len(packed) * 2 < len(ROWS)
    assert unpack(packed) == ROWS


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1 no_such_table 843b64e6ae984d8b",
        "2 entries 843B64E6AE984D8B",
        "x",
        "\x01y",
        ROWS + "\n",
    ],
)
def test_a_list_the_packed_form_cannot_hold_stays_text(text: str) -> None:
    assert pack(text)[:1] != b"\x01"
    assert unpack(pack(text)) == text


def test_a_value_that_does_not_unpack_reads_as_no_list() -> None:
    packed = pack(ROWS)
    for broken in (packed[:-1], packed + b"\x00", b"\x01\xff", b"\x01\x05"):
        assert unpack(broken).startswith(UNREADABLE)


def _raw_links(folder: Path) -> dict[tuple[str, int], tuple[str, Any]]:
    with closing(sqlite3.connect(paths.db_path(folder))) as raw:
        found = raw.execute("SELECT replica_id, last_seq, typeof(rows), rows FROM chain_links")
        return {(r[0], r[1]): (r[2], r[3]) for r in found}


def test_an_older_ledger_keeps_its_links_and_verifies_clean_up_and_down(tmp_path: Path) -> None:
    shutil.copy(DATA / "ledger-rev0008-demo.sqlite3", paths.db_path(tmp_path))
    migrate(tmp_path, "head", up=True)
    migrate(tmp_path, "0016", up=False)
    before = _raw_links(tmp_path)
    assert {kind for kind, _ in before.values()} == {"text"}
    migrate(tmp_path, "head", up=True)
    after = _raw_links(tmp_path)
    assert {kind for kind, _ in after.values()} == {"blob"}
    packed = sum(len(value) for _, value in after.values())
    assert packed * 2 < sum(len(str(value)) for _, value in before.values())
    with Ledger.open(tmp_path) as ledger:
        with ledger.read() as session:
            links = [to_link(row) for row in session.scalars(select(ChainLink))]
        assert {(x.replica_id, x.last_seq): ("text", x.rows) for x in links} == before
        assert all(hash_holds(link) for link in links)
        report = ledger.verify()
        assert report.ok, report.findings
    migrate(tmp_path, "0016", up=False)
    assert _raw_links(tmp_path) == before  # the texts back, byte for byte


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo"), households=4)


def _set_rows(folder: Path, value: object, offset: int = 2) -> None:
    with closing(sqlite3.connect(paths.db_path(folder))) as raw:
        raw.execute(
            "UPDATE chain_links SET rows = ? WHERE last_seq = "
            "(SELECT last_seq FROM chain_links ORDER BY last_seq LIMIT 1 OFFSET ?)",
            (value, offset),
        )
        raw.commit()


def _link_rows(folder: Path, offset: int = 2) -> bytes:
    with closing(sqlite3.connect(paths.db_path(folder))) as raw:
        found = raw.execute(
            "SELECT rows FROM chain_links ORDER BY last_seq LIMIT 1 OFFSET ?", (offset,)
        )
        return bytes(found.fetchone()[0])


def _link_findings(folder: Path) -> list[str]:
    with Ledger.open(folder) as ledger:
        report = ledger.verify()
    return [f.message for f in report.findings if f.kind == "link"]


@pytest.mark.parametrize("damage", ["digest", "truncated", "seq"])
def test_a_packed_list_changed_behind_the_programs_back_is_named(
    demo_folder: Path, tmp_path: Path, damage: str
) -> None:
    folder = copy_ledger_file(demo_folder, tmp_path / "ledger")
    stored = _link_rows(folder)
    assert stored[:1] == b"\x01"
    if damage == "digest":
        changed = stored[:-1] + bytes([stored[-1] ^ 0x01])
    elif damage == "truncated":
        changed = stored[:-3]
    else:  # the first row's seq one later
        changed = stored[:2] + bytes([stored[2] + 1]) + stored[3:]
    _set_rows(folder, changed)
    assert any("哈希值对不上" in m for m in _link_findings(folder))


def test_a_list_stored_as_its_text_reads_as_it_is(demo_folder: Path, tmp_path: Path) -> None:
    folder = copy_ledger_file(demo_folder, tmp_path / "ledger")
    _set_rows(folder, unpack(_link_rows(folder)))  # as a ledger before 0017 holds it
    assert _link_findings(folder) == []
