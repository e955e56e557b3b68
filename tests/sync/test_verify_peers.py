"""`jifen verify` checks the enrolled sync keys against their enrolments in the audit log: a
key slipped in, swapped or brought back after its revocation with an SQLite editor is named
(found by the invariant machine: such a key would let another's bundles in unseen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sync_world import (
    Laptop,
    behind_the_program,
    clone,
    new_township,
    new_village,
    reopen,
)

from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.replica_keys import new_key_pair


@pytest.fixture
def township(tmp_path: Path) -> Laptop:
    """A township that enrolled a village's two laptops, one of them revoked since; the
    village revoked the second laptop too (its audit row travels to the township)."""
    village = new_village(tmp_path, "420881100001", "张集村")
    second = clone(village, tmp_path)
    village.sync.revoke(second.replica_id, "电脑丢了")
    town = new_township(tmp_path)
    for laptop in (village, second):
        bundle = laptop.export()
        town.trust(bundle)
        town.take(bundle)
    town.sync.revoke(second.replica_id, "电脑丢了")
    town.take(village.export())
    assert town.ledger.verify().ok, town.ledger.verify().findings
    assert village.ledger.verify().ok
    return town


def _tamper(laptop: Laptop, sql: str, **values: object) -> Ledger:
    behind_the_program(laptop.ledger, sql, values)
    return reopen(laptop.ledger)


def _named(ledger: Ledger) -> list[str]:
    report = ledger.verify()
    ledger.close()
    return [f.message for f in report.findings if f.table == "sync_peers"]


def test_a_key_slipped_in_is_named(township: Laptop) -> None:
    _private, public = new_key_pair()
    ledger = _tamper(
        township,
        "INSERT INTO sync_peers (replica_id, kind, code, name, public_key, fingerprint,"
        " enrolled_at, enrolled_by, revoke_reason) VALUES (:id, 'village', '420881100002',"
        " '李庄村', :key, '1111 2222 3333 4444 5555', '2026-10-12 09:00:00', '', '')",
        id="0" * 36,
        key=public,
    )
    assert any("没有登记的审计记录" in m for m in _named(ledger))


def test_an_enrolled_key_swapped_is_named(township: Laptop) -> None:
    _private, public = new_key_pair()
    ledger = _tamper(
        township, "UPDATE sync_peers SET public_key = :key WHERE revoked_at IS NULL", key=public
    )
    assert any("与登记时不同" in m for m in _named(ledger))


def test_a_revoked_key_brought_back_is_named(township: Laptop) -> None:
    ledger = _tamper(township, "UPDATE sync_peers SET revoked_at = NULL")
    assert any("已吊销" in m for m in _named(ledger))


def test_a_key_moved_to_another_village_is_named(township: Laptop) -> None:
    ledger = _tamper(township, "UPDATE sync_peers SET code = '420881100002'")
    assert any("村代码" in m for m in _named(ledger))
