"""A bundle that refers to records this database does not hold (issue 20), on SQLite and on
PostgreSQL alike: a village's later bundle whose new household never arrived here (an earlier
bundle not imported, or a bundle cut short or forged) is refused in Chinese by the import and
by its dry run, naming the file, the village and what to import first, and the database is
exactly as it was; importing what
was missing first then takes it. In a first load, one such bundle refuses the whole load.
A refusal that comes after every table was merged (an altered audit row: the hash chain is
checked last) leaves the database unchanged on both engines too, incremental or first load.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from engines import ENGINES, database_for, township_on
from forge import Parts, forge, refused
from sync_world import Laptop, dump, fingerprint, new_village

from jifen_desktop.sync.errors import BundleRefused


def _village(root: Path) -> tuple[Laptop, Path, str]:
    """张集村 with two households and a decided entry (its first bundle), then a third
    household with an entry of its own, recorded after that bundle; its id."""
    village = new_village(root, "420881100001", "张集村", households=2)
    village.record(village.names["0001"])
    village.approve_pending()
    first = village.export(full=True)
    later = village.household("0003", "户主3")
    village.record(later)
    return village, first, later


def _without(household_id: str):  # type: ignore[no-untyped-def]
    """A bundle's change: the household and what hangs on it left out (its entries stay)."""

    def change(parts: Parts) -> None:
        for table in ("households", "members", "household_status_changes"):
            column = "id" if table == "households" else "household_id"
            parts.tables[table] = [r for r in parts.rows(table) if r[column] != household_id]

    return change


def _import_refused(township: Laptop, paths: list[Path], *words: str) -> str:
    """The import of ``paths`` and the dry run of the last refuse them, each message holding
    ``words``; the database is as it was, byte for byte (row for row on PostgreSQL). The
    import's message."""
    before, rows = fingerprint(township), dump(township.ledger)
    with pytest.raises(BundleRefused) as caught:
        township.sync.import_bundles(paths)
    with pytest.raises(BundleRefused) as checked:
        township.sync.dry_run(paths[-1])
    assert fingerprint(township) == before
    assert dump(township.ledger) == rows
    for message in (caught.value.message, checked.value.message):
        for word in (paths[-1].name, "请先导入张集村", "没有任何改动", *words):
            assert word in message, message
        assert "\n" not in message and "Integrity" not in message and "FOREIGN" not in message
    assert "积分记录引用的农户本库没有" in checked.value.message  # it reads every reference
    return caught.value.message


@pytest.mark.parametrize("engine", ENGINES)
def test_a_bundle_referring_to_a_household_never_imported_is_refused(tmp_path, engine):
    village, first, later = _village(tmp_path)
    township = township_on(tmp_path, database_for(engine))
    township.trust(first)
    township.take(first)
    bad = forge(village.export(full=True), village, tmp_path / "张集村_缺户.jfb", _without(later))
    message = _import_refused(township, [bad], "张集村（420881100001）")
    if engine == "postgresql":  # the server names the broken reference
        assert "引用的农户本库没有" in message, message
    whole = village.export(full=True)  # what was missing, then the same rows again
    assert township.take(whole).counts["new"] > 0
    assert township.take(bad).counts["new"] == 0
    report = township.ledger.verify()
    assert report.ok, report.findings
    township.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_reference_to_nothing_refuses_a_whole_first_load(tmp_path, engine):
    village, first, later = _village(tmp_path)
    township = township_on(tmp_path, database_for(engine))
    township.trust(first)
    bad = forge(village.export(full=True), village, tmp_path / "缺户.jfb", _without(later))
    message = _import_refused(township, [first, bad])
    if engine == "postgresql":  # the key made again after the load names what is missing
        assert "引用的农户本库没有" in message, message
    assert [r.already_imported for r in township.sync.import_bundles([first]).value] == [False]
    township.close()


def _altered_audit(parts: Parts) -> None:
    """An audit row's words changed after its hash-chain link was made (the chain refuses
    that once every table is merged: ``ChainCheck.check``)."""
    row = max(parts.rows("audit_log"), key=lambda r: r["seq"])
    row["summary"] = f"{row['summary']}（改过）"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("first_load", [True, False], ids=["first-load", "incremental"])
def test_a_refusal_after_every_row_is_written_changes_nothing(tmp_path, engine, first_load):
    village, first, _later = _village(tmp_path)
    township = township_on(tmp_path, database_for(engine))
    township.trust(first)
    if not first_load:
        township.take(first)
    bad = forge(village.export(full=True), village, tmp_path / "改过.jfb", _altered_audit)
    refused(township, bad, "哈希链")  # the dry run and the import; byte for byte, row for row
    township.close()
