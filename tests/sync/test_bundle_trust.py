"""A village's key writes only its own village's records at the township, under its own
replicas; township records never come from a village (issue 16, items 2 and 3).

李庄村 signs, with its own enrolled key, bundles that carry 张集村's records: each is refused by
the dry run and the import alike, the township's file byte for byte as it was, one Chinese line
naming the signer; 张集村's genuine bundles are still taken afterwards. A second laptop of a
village, and a ledger continuing under a fresh replica id with its enrolled key, still are."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from forge import Parts, forge, refused, take_apart
from sync_world import (
    Laptop,
    behind_the_program,
    clone,
    new_township,
    new_village,
    reopen,
)

from jifen_desktop.model import hlc
from jifen_desktop.model.errors import PermissionDenied
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.passwords import hash_password
from jifen_desktop.model.row_form import synced_tables
from jifen_desktop.sync.claims import village_path
from jifen_desktop.sync.errors import BundleRefused

A_CODE, B_CODE = "420881100001", "420881100002"


@dataclass
class World:
    root: Path
    a: Laptop  # 张集村
    b: Laptop  # 李庄村, the forger
    township: Laptop
    a_full: Path
    b_full: Path


def _world(root: Path, *, a_imported: bool = True) -> World:
    a = new_village(root, A_CODE, "张集村")
    for hid in a.names.values():
        a.record(hid)
    a.approve_pending()
    _more_tables(a)
    b = new_village(root, B_CODE, "李庄村", households=2)
    b.record(b.names["0001"])
    b.approve_pending()
    township = new_township(root)
    a_full, b_full = a.export(full=True), b.export(full=True)
    for bundle in (a_full, b_full):
        township.trust(bundle)
    township.take(b_full)
    if a_imported:
        township.take(a_full)
    return World(root, a, b, township, a_full, b_full)


def _more_tables(laptop: Laptop) -> None:
    """A grid, an operator, a good in stock and a redemption: rows of more tables."""
    vid = laptop.village_id
    laptop.ledger.villages.add_grid(vid, "一组")
    laptop.ledger.operators.add("helper", "协管员", "viewer", "password-1", village_id=vid)
    laptop.ledger.store.add_goods(vid, "肥皂", 1)
    laptop.ledger.store.stock_in(vid, "肥皂", 10, unit_cost_fen=300)
    laptop.ledger.store.redeem(vid, laptop.names["0001"], [("肥皂", 1)])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return _world(tmp_path_factory.mktemp("trust"))


def _new_bundle_id(parts: Parts) -> None:
    parts.manifest["bundle_id"] = str(uuid.uuid4())


def _stamp(row: dict[str, Any], replica_id: str) -> None:
    row["hlc"] = hlc.pack(hlc.now_ms(), 0)
    row["changed_by_replica"] = replica_id
    row["change_seq"] = 999


def _a_rows(w: World) -> Parts:
    return take_apart(w.a_full)


def _forged(w: World, tmp: Path, change: Any) -> Path:
    def both(parts: Parts) -> None:
        _new_bundle_id(parts)
        change(parts)

    return forge(w.b_full, w.b, tmp / f"{B_CODE}_forged.jfb", both)


def _forged_entry(w: World, replica_id: str, village_id: str, points: int = 1000) -> tuple:
    """A +``points`` approved entry (and its decision) for 张集村's household 0001, under
    ``replica_id``, copied from one of 张集村's."""
    a = _a_rows(w)
    entry = dict(a.one("entries", household_id=w.a.names["0001"]))
    decision = dict(a.one("entry_decisions", entry_id=entry["id"]))
    entry.update(id=str(uuid.uuid4()), points=points, replica_id=replica_id, seq=1)
    entry["village_id"] = village_id
    decision.update(id=str(uuid.uuid4()), entry_id=entry["id"], replica_id=replica_id, seq=2)
    decision["decision"] = "approved"
    return entry, decision


# -- item 2: another village's records ----------------------------------------------------


def test_the_issue_s_forgery_is_refused_naming_the_signer(world, tmp_path):
    """A's household renamed, a +1000 approved entry under an invented replica with a
    self-made link, the manifest naming both villages and its summary recomputed."""
    w = world
    a = _a_rows(w)
    invented = str(uuid.uuid4())
    entry, decision = _forged_entry(w, invented, w.a.village_id)

    def change(parts: Parts) -> None:
        household = dict(a.one("households", id=w.a.names["0001"]))
        household["head_name"] = "李庄村改的户主"
        _stamp(household, w.b.replica_id)
        parts.rows("households").append(household)
        parts.rows("entries").append(entry)
        parts.rows("entry_decisions").append(decision)
        parts.seal(invented, [("entries", entry), ("entry_decisions", decision)])
        parts.manifest["source"]["villages"].append(a.manifest["source"]["villages"][0])
        parts.manifest["summary"]["balances"][w.a.names["0001"]] = [1100, 1100]

    message = refused(w.township, _forged(w, tmp_path, change), "李庄村", "张集村")
    assert "伪造" in message


def test_another_village_s_household_renamed_or_moved_is_refused(world, tmp_path):
    w = world
    a = _a_rows(w)
    for village_id in (w.a.village_id, w.b.village_id):  # as it is; moved to the forger's

        def change(parts: Parts, village_id: str = village_id) -> None:
            household = dict(a.one("households", id=w.a.names["0001"]))
            household.update(head_name="李庄村改的户主", village_id=village_id)
            _stamp(household, w.b.replica_id)
            parts.rows("households").append(household)

        refused(w.township, _forged(w, tmp_path, change), "李庄村", "张集村", "农户")


def test_an_entry_of_the_forger_s_village_on_another_s_household_is_refused(world, tmp_path):
    w = world
    invented = str(uuid.uuid4())
    entry, decision = _forged_entry(w, invented, w.b.village_id)

    def change(parts: Parts) -> None:
        parts.rows("entries").append(entry)
        parts.rows("entry_decisions").append(decision)
        parts.seal(invented, [("entries", entry), ("entry_decisions", decision)])

    refused(w.township, _forged(w, tmp_path, change), "李庄村", "张集村", "积分记录")


def test_the_forger_s_own_rows_under_another_village_s_replica_are_refused(world, tmp_path):
    """Rows of 李庄村 itself, written under 张集村's replica id: they would take up sequence
    numbers 张集村 has not sent yet, and its genuine bundles would then be refused."""
    w = world
    b = take_apart(w.b_full)
    entry = dict(b.one("entries", household_id=w.b.names["0001"]))
    entry.update(id=str(uuid.uuid4()), replica_id=w.a.replica_id, seq=5000)

    def change(parts: Parts) -> None:
        parts.rows("entries").append(entry)
        parts.seal(w.a.replica_id, [("entries", entry)])

    refused(w.township, _forged(w, tmp_path, change), "李庄村", "张集村", "电脑名下")


def test_a_village_cannot_write_under_the_township_s_replica(world, tmp_path):
    w = world
    b = take_apart(w.b_full)
    household = dict(b.one("households", id=w.b.names["0001"]))
    household["head_name"] = "乡镇改的"
    _stamp(household, w.township.replica_id)
    refused(
        w.township,
        _forged(w, tmp_path, lambda parts: parts.rows("households").append(household)),
        "李庄村",
        "乡镇",
    )


# -- item 2: another village's code ------------------------------------------------------


def test_a_village_cannot_claim_another_village_s_code(tmp_path):
    """Before 张集村's first bundle arrives, 李庄村 sends its own village record under 张集村's
    code (in the manifest too, or only in the row): refused, and 张集村 is taken afterwards."""
    w = _world(tmp_path, a_imported=False)

    def in_the_manifest_too(parts: Parts) -> None:
        parts.one("villages", id=w.b.village_id)["code"] = A_CODE
        _stamp(parts.one("villages", id=w.b.village_id), w.b.replica_id)
        parts.manifest["source"]["villages"][0]["code"] = A_CODE
        parts.manifest["source"]["code"] = A_CODE

    def only_in_the_row(parts: Parts) -> None:
        parts.one("villages", id=w.b.village_id)["code"] = A_CODE
        _stamp(parts.one("villages", id=w.b.village_id), w.b.replica_id)

    for change in (in_the_manifest_too, only_in_the_row):
        refused(w.township, _forged(w, tmp_path, change), "李庄村", "村代码", A_CODE)
    result = w.township.take(w.a_full)
    assert result.counts["new"] > 0
    codes = {v.code for v in w.township.ledger.villages.list()}
    assert codes == {A_CODE, B_CODE}


# -- item 3: township records ------------------------------------------------------------


def test_a_village_cannot_plant_a_township_administrator(world, tmp_path):
    w = world
    admin = {
        "active": True,
        "display_name": "乡镇管理员",
        "grid_ids": "[]",
        "id": str(uuid.uuid4()),
        "is_deleted": False,
        "password_hash": hash_password("evilpass1"),
        "role": "admin",
        "username": "evil",
        "village_id": None,
    }
    _stamp(admin, w.b.replica_id)
    for village_id in (None, w.a.village_id):

        def change(parts: Parts, village_id: str | None = village_id) -> None:
            parts.rows("operators").append({**admin, "village_id": village_id})

        refused(w.township, _forged(w, tmp_path, change), "李庄村", "操作员")
    with pytest.raises(PermissionDenied):
        w.township.ledger.operators.authenticate("evil", "evilpass1")


def test_an_audit_row_of_the_township_is_not_rewritten_by_a_village(world, tmp_path):
    """A village's own audit rows without a village (keys enrolled, bundles exported) travel;
    one with the id of the township's own audit row is refused."""
    w = world
    with w.township.ledger.read() as s:
        from sqlalchemy import select

        from jifen_desktop.model.schema import AuditRow

        theirs = s.scalars(select(AuditRow).where(AuditRow.village_id.is_(None))).first()
        assert theirs is not None
        target = theirs.id
    b = take_apart(w.b_full)
    row = dict(b.rows("audit_log")[0])
    row.update(id=target, village_id=None, summary="李庄村写的")
    refused(
        w.township,
        _forged(w, tmp_path, lambda parts: parts.rows("audit_log").append(row)),
        "李庄村",
        "改写本库里乡镇",
    )


# -- what still works --------------------------------------------------------------------


def test_genuine_bundles_are_taken_after_the_attempts(world):
    w = world
    w.a.ledger.households.update(w.a.names["0002"], head_name="张集村自己改的")
    w.a.record(w.a.names["0002"], code="B04")
    assert w.township.take(w.a.export()).counts["new"] > 0
    w.b.record(w.b.names["0002"])
    assert w.township.take(w.b.export()).counts["new"] > 0
    report = w.township.ledger.verify()
    assert report.ok, report.findings


def test_a_second_laptop_and_its_rows_carried_by_the_first_are_taken(tmp_path):
    w = _world(tmp_path)
    a2 = clone(w.a, tmp_path)
    a2.record(a2.names["0003"], code="B04")
    a2_bundle = a2.export(w.a)
    w.a.take(a2_bundle)
    # the second laptop's rows, carried by the first laptop's bundle (its key not enrolled)
    assert w.township.take(w.a.export(full=True)).counts["new"] > 0
    a2.record(a2.names["0001"], code="B06")
    bundle = a2.export()
    w.township.trust(bundle)
    assert w.township.take(bundle).counts["new"] > 0


def _fresh_replica(laptop: Laptop) -> Laptop:
    """The ledger as a restore leaves it: the same key, continuing under a fresh replica id."""
    behind_the_program(
        laptop.ledger, "UPDATE replica SET id = :id, next_seq = 1", {"id": str(uuid.uuid4())}
    )
    return Laptop(reopen(laptop.ledger), laptop.out, dict(laptop.names))


def test_a_fresh_replica_signing_with_the_enrolled_key_is_taken(tmp_path):
    w = _world(tmp_path)
    old = w.a.replica_id
    restored = _fresh_replica(w.a)
    assert restored.replica_id != old
    restored.record(restored.names["0001"], code="B04")
    bundle = restored.export()
    info = w.township.sync.inspect(bundle)  # known by its key: no fingerprint to compare again
    assert info.enrolled and info.signature_ok
    result = w.township.take(bundle)
    assert result.counts["new"] > 0
    assert {old, restored.replica_id} <= {p.replica_id for p in w.township.sync.peers()}
    restored.record(restored.names["0002"], code="B04")
    assert w.township.take(restored.export()).counts["new"] > 0
    # a revoked key stays refused whatever replica id it comes with
    w.township.sync.revoke(old, "电脑丢失")
    restored.record(restored.names["0003"], code="B04")
    refused(w.township, restored.export(), "吊销")


# -- password hashes ---------------------------------------------------------------------


def test_a_township_keeps_no_village_password_hashes(tmp_path):
    w = _world(tmp_path, a_imported=False)
    w.a.ledger.operators.add("clerk", "记录员", "recorder", "password-1", village_id=w.a.village_id)
    township_bundle = w.township.export()
    w.a.trust(township_bundle)
    w.a.take(township_bundle)
    to_township = w.a.export()  # addressed to the township, now enrolled
    operators = take_apart(to_township).rows("operators")
    assert operators and {o["password_hash"] for o in operators} == {""}
    w.township.take(to_township)
    w.township.take(w.a_full)  # an older bundle that still carried hashes
    with w.township.ledger.read() as s:
        from sqlalchemy import select

        from jifen_desktop.model.schema import Operator

        held = s.scalars(select(Operator.password_hash).where(Operator.village_id.is_not(None)))
        assert set(held) == {""}
    report = w.township.ledger.verify()
    assert report.ok, report.findings
    a2 = clone(w.a, tmp_path)  # a second laptop of the village: its clerks log in there
    assert a2.ledger.operators.authenticate("clerk", "password-1").username == "clerk"


# -- the class of defect -----------------------------------------------------------------


def test_every_table_that_travels_reaches_a_village():
    """``trust`` finds each row's village through its own column or a record it refers to:
    a new table without either would pass unchecked."""
    for synced in synced_tables():
        path = village_path(synced.name)
        assert path is None or path[0] in synced.columns


def test_a_township_bundle_with_village_rows_is_refused(world, tmp_path):
    w = world
    township_bundle = w.township.export()
    w.a.trust(township_bundle)

    def change(parts: Parts) -> None:
        _new_bundle_id(parts)
        parts.tables = take_apart(w.a_full).tables

    forged = forge(township_bundle, w.township, tmp_path / "township.jfb", change)
    with pytest.raises(BundleRefused):
        w.a.sync.dry_run(forged)


def test_a_flipped_flag_in_the_zip_index_reads_as_a_damaged_file(world, tmp_path):
    """One flipped bit in the central directory's flags looks like encryption to ``zipfile``:
    the message says the file is damaged and what to do, not that it holds encrypted files."""
    w = world
    data = bytearray(w.a_full.read_bytes())
    at = data.index(b"PK\x01\x02")
    data[at + 8] ^= 0x01
    path = tmp_path / w.a_full.name
    path.write_bytes(bytes(data))
    message = refused(w.township, path, "损坏", "重新复制")
    assert "加密" not in message


def test_a_photo_under_another_photo_s_name_is_refused(world, tmp_path):
    """Photos are named by their sha256: bytes under another photo's name would be written
    as that photo (another village's evidence, say)."""
    w = world
    fake = "0" * 64

    def change(parts: Parts) -> None:
        parts.files[f"evidence/{fake}"] = b"not the photo of that name"

    refused(w.township, _forged(w, tmp_path, change), "照片", "不符")


def test_any_row_of_another_village_is_refused_whatever_its_table(world, tmp_path):
    """The class, not the instances: a row of 张集村 from any table that travels, as it is
    or under a new id (an append-only one under an invented replica with a self-made link),
    in a bundle 李庄村 signs, is refused by the trust check, and the township is unchanged."""
    w = world
    a = _a_rows(w)
    tables = [t for t in synced_tables() if a.rows(t.name)]
    assert len(tables) >= 15, [t.name for t in tables]
    for synced in tables:
        for fresh in (False, True):
            change = _planting(synced, dict(a.rows(synced.name)[-1]), fresh, w.b.replica_id)
            refused(w.township, _forged(w, tmp_path, change), "李庄村", "只能写本村的记录")


def _planting(synced: Any, row: dict[str, Any], fresh: bool, forger: str) -> Any:
    """A change that adds ``row`` to a bundle (under a new id when ``fresh``)."""
    invented = str(uuid.uuid4())

    def change(parts: Parts) -> None:
        if fresh:
            row["id"] = str(uuid.uuid4())
            if synced.mutable:
                _stamp(row, forger)
            else:
                row.update(replica_id=invented, seq=1)
                parts.seal(invented, [(synced.name, row)])
        parts.rows(synced.name).append(row)

    return change


def test_the_key_of_a_ledger_without_a_village_is_not_enrolled(tmp_path):
    """A key is enrolled for its village's code; a ledger with no village yet has none."""
    from jifen_desktop.model.errors import ValidationError

    empty = Laptop(Ledger.create(tmp_path / "empty"), tmp_path)
    township = new_township(tmp_path)
    with pytest.raises(ValidationError, match="还没有村"):
        township.sync.enrol(empty.export(), trust=True)


def test_an_audit_row_about_another_village_s_record_is_refused(world, tmp_path):
    """``jifen verify`` compares a record with the audit rows about it: one planted by 李庄村
    about 张集村's household would make the township's verify name that household."""
    w = world
    household = _a_rows(w).one("households", id=w.a.names["0001"])
    row = dict(take_apart(w.b_full).rows("audit_log")[-1])
    invented = str(uuid.uuid4())
    after = json.dumps({**household, "head_name": "李庄村写的"}, ensure_ascii=False)
    row.update(id=str(uuid.uuid4()), replica_id=invented, seq=1, after_json=after)
    row.update(object_type="household", object_id=household["id"], village_id=w.b.village_id)

    def change(parts: Parts) -> None:
        parts.rows("audit_log").append(row)
        parts.seal(invented, [("audit_log", row)])

    refused(w.township, _forged(w, tmp_path, change), "李庄村", "张集村", "农户")
