"""The township checks each village's hash chain when it imports a bundle: a record edited with
``sqlite3`` on the village laptop, or a history rewritten there after the township received it,
refuses the bundle (naming the village and the record) and leaves the township unchanged."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from sync_world import Laptop, behind_the_program, fingerprint, new_township, new_village

from jifen_desktop.model import paths
from jifen_desktop.model.chain import link_hash, row_digests, row_line
from jifen_desktop.model.row_form import by_name, canonical
from jifen_desktop.model.schema import Replica
from jifen_desktop.model.schema.link_rows import unpack
from jifen_desktop.sync import keys
from jifen_desktop.sync.bundle_file import BundleWriter, write_bundle
from jifen_desktop.sync.errors import BundleRefused


def _db(laptop: Laptop) -> Path:
    return paths.db_path(laptop.ledger.folder)


def _edit_entry(laptop: Laptop, entry_id: str) -> None:
    behind_the_program(
        laptop.ledger, "UPDATE entries SET points = points + 100 WHERE id = :id", {"id": entry_id}
    )


def _reseal(laptop: Laptop) -> None:
    """What a careful forger does after editing a row: recompute every link of the replica
    from the rows as they now are, so the chain on the laptop is consistent again."""
    ledger = laptop.ledger
    with ledger.read() as s:
        links = s.execute(
            text(
                "SELECT first_seq, last_seq, rows FROM chain_links WHERE replica_id = :r "
                "ORDER BY last_seq"
            ),
            {"r": laptop.replica_id},
        ).all()
        links = [(first, last, unpack(rows)) for first, last, rows in links]  # packed: 0017
        ids: dict[str, dict[int, str]] = {}
        for table in {line.split(" ")[1] for _, _, rows in links for line in rows.splitlines()}:
            found = s.execute(
                text(f"SELECT seq, id FROM {table} WHERE replica_id = :r"),
                {"r": laptop.replica_id},
            ).all()
            ids[table] = {seq: record_id for seq, record_id in found}
        new = []
        prev = ""
        for first, last, rows in links:
            lines = []
            for line in rows.splitlines():
                seq, table, _short = line.split(" ")
                ((_, digest),) = list(row_digests(s, table, [ids[table][int(seq)]]))
                lines.append(row_line(int(seq), table, digest))
            joined = "\n".join(lines)
            new.append(
                (prev, joined, link_hash(laptop.replica_id, first, last, prev, joined), last)
            )
            prev = new[-1][2]
    behind_the_program(
        laptop.ledger,
        "UPDATE chain_links SET prev_hash = :p, rows = :t, hash = :h "
        "WHERE replica_id = :r AND last_seq = :last",
        *[{"p": p, "t": t, "h": h, "r": laptop.replica_id, "last": last} for p, t, h, last in new],
    )


def _township_state(township: Laptop) -> str:
    return fingerprint(township)


@pytest.fixture
def world(tmp_path: Path) -> tuple[Laptop, Laptop, str]:
    village = new_village(tmp_path, "420881100001", "张集村", households=2)
    entry_id = village.record(village.names["0001"])
    village.approve_pending()
    township = new_township(tmp_path)
    return village, township, entry_id


def test_an_entry_edited_on_the_village_laptop_is_refused_at_the_township(world) -> None:
    village, township, entry_id = world
    _edit_entry(village, entry_id)
    bundle = village.export()
    township.trust(bundle)
    before = _township_state(township)
    for attempt in (township.sync.dry_run, township.sync.import_bundle):
        with pytest.raises(BundleRefused) as caught:
            attempt(bundle)
        message = caught.value.message
        assert "张集村" in message and entry_id in message and "哈希链" in message
        assert "jifen verify" in message
    assert _township_state(township) == before


def test_a_history_rewritten_after_the_township_took_it_is_refused(world) -> None:
    village, township, entry_id = world
    first = village.export()
    township.trust(first)
    township.take(first)
    _edit_entry(village, entry_id)
    _reseal(village)
    assert village.ledger.verify().ok  # consistent on the laptop itself ...
    village.record(village.names["0002"])
    again = village.export(full=True)
    with pytest.raises(BundleRefused) as caught:
        township.take(again)  # ... but not with what the township holds
    assert "早先收到的不同" in caught.value.message or "不符" in caught.value.message


def test_a_good_village_imports_and_the_township_verifies_clean(world) -> None:
    village, township, _entry_id = world
    bundle = village.export()
    township.trust(bundle)
    township.take(bundle)
    back = township.export()
    village.trust(back)
    village.take(back)
    village.record(village.names["0002"])
    later = village.export()
    assert not village.sync.inspect(later).full  # incremental: its links join those held
    township.take(later)
    report = township.ledger.verify()
    assert report.ok, report.findings
    assert report.unchained == 0 and report.rows > 10


def _resigned(village: Laptop, bundle: Path, change: Callable[[list[object]], str]) -> Path:
    """The bundle with each line of ``data/entries.jsonl`` rewritten by ``change`` (given the
    row's values) and signed again with the village's own key: what a forger holding the
    laptop could send."""
    with village.ledger.read() as s:
        private = s.query(Replica.signing_key).scalar()
    with zipfile.ZipFile(bundle) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        members = [(n, zf.read(n)) for n in zf.namelist() if not n.startswith("manifest.")]
    rewritten = []
    for name, content in members:
        if name == "data/entries.jsonl":
            header, *lines = content.decode().splitlines()
            content = "\n".join([header, *(change(json.loads(x)) for x in lines)]).encode() + b"\n"
        rewritten.append((name, content))

    def fill(writer: BundleWriter) -> bytes:
        for name, content in rewritten:
            writer.add_stream(name, lambda out, content=content: out.write(content))
        unsigned = {k: v for k, v in manifest.items() if k != "members"}
        return writer.finish(unsigned, lambda d: keys.sign(private, d))

    target = bundle.with_name("resigned-" + bundle.name)
    write_bundle(target, fill, lambda d: keys.sign(private, d))
    return target


def test_rows_written_in_another_json_form_are_checked_by_their_values(world) -> None:
    """The import hashes a row's line as it arrives (a sender writes the canonical form); a line
    in another form with the same values still matches its link."""
    village, township, _entry_id = world
    bundle = _resigned(village, village.export(), lambda values: json.dumps(values, indent=None))
    township.trust(bundle)
    assert township.take(bundle).counts["new"] > 0
    assert township.ledger.verify().ok


def test_an_entry_changed_in_the_bundle_and_signed_again_is_refused(world) -> None:
    village, township, entry_id = world

    entries = by_name()["entries"]

    def more_points(values: list[object]) -> str:
        if values[entries.index("id")] == entry_id:
            values[entries.index("points")] = 100
        return canonical(values)

    bundle = _resigned(village, village.export(), more_points)
    township.trust(bundle)
    before = _township_state(township)
    with pytest.raises(BundleRefused) as caught:
        township.take(bundle)
    assert entry_id in caught.value.message and "哈希链" in caught.value.message
    assert _township_state(township) == before
