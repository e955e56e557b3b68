"""A laptop restored from its own older backup goes on syncing: the restored ledger continues
under a fresh replica id (the village's key unchanged), so it never sends the township other
content under sequence numbers it had sent before. ``jifen verify`` is clean after the restore
and after more recording, and the township accepts the next bundles, incremental and full."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pg
import pytest
from sqlalchemy import select
from sync_world import DAY, Laptop, clone, new_township, new_village

from jifen_desktop.model.backup import service as backups
from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.schema import Entry, Replica

# A village laptop restores its ledger file from a backup: there is no file on a server.
pytestmark = pytest.mark.skipif(pg.enabled(), reason="restoring a backup file: SQLite only")


def township_takes(township: Laptop, bundle: Path) -> None:
    """The township imports ``bundle``, enrolling its key first when a clerk would have to
    (the key is the village's own: the same fingerprint as enrolled)."""
    with contextlib.suppress(ValidationError):
        township.trust(bundle)
    township.take(bundle)


def entry_ids(ledger: Ledger) -> set[str]:
    with ledger.read() as s:
        return set(s.scalars(select(Entry.id)))


def restore_in_place(laptop: Laptop, backup: Path) -> backups.RestoreResult:
    result = backups.BackupService(laptop.ledger).restore(backup)
    laptop.ledger = Ledger.open(laptop.ledger.folder)
    return result


def test_a_restored_laptop_continues_under_a_new_replica_and_the_township_accepts_it(
    tmp_path: Path,
) -> None:
    village = new_village(tmp_path, "420881100001", "张集村")
    township = new_township(tmp_path)
    first = village.record(village.names["0001"])
    township_takes(township, village.export())
    made = backups.make_backup(village.ledger.folder).backup
    old_replica, key = village.replica_id, _public_key(village.ledger)
    lost = village.record(village.names["0002"], DAY)  # sent, then lost to the restore
    township_takes(township, village.export())
    assert lost in entry_ids(township.ledger)

    result = restore_in_place(village, made.path)
    assert result.renewal is not None and result.renewal.old == old_replica
    assert village.replica_id == result.renewal.new != old_replica
    assert _public_key(village.ledger) == key  # still signs as the village's enrolled key
    assert village.ledger.verify().ok
    assert entry_ids(village.ledger) >= {first} and lost not in entry_ids(village.ledger)

    after = {village.record(village.names["0003"]), village.record(village.names["0001"])}
    assert village.ledger.verify().ok
    township_takes(township, village.export())
    assert after <= entry_ids(township.ledger)
    township_takes(township, village.export(full=True))
    more = village.record(village.names["0002"])
    township_takes(township, village.export())
    assert {first, lost, more, *after} <= entry_ids(township.ledger)
    assert village.ledger.verify().ok and township.ledger.verify().ok


def test_a_second_restore_takes_yet_another_replica_and_the_first_one_stays_history(
    tmp_path: Path,
) -> None:
    village = new_village(tmp_path, "420881100001", "张集村")
    township = new_township(tmp_path)
    village.record(village.names["0001"])
    made = backups.make_backup(village.ledger.folder).backup
    township_takes(township, village.export())
    first = restore_in_place(village, made.path).renewal
    village.record(village.names["0002"])
    township_takes(township, village.export())
    second = restore_in_place(village, made.path).renewal
    assert first is not None and second is not None
    assert len({first.old, first.new, second.new}) == 3 and second.old == first.old
    village.record(village.names["0003"])
    assert village.ledger.verify().ok
    township_takes(township, village.export())
    assert township.ledger.verify().ok


def _public_key(ledger: Ledger) -> str:
    with ledger.read() as s:
        return s.scalars(select(Replica.public_key)).one()


def test_a_second_laptop_brings_back_what_the_restore_lost_and_verify_stays_clean(
    tmp_path: Path,
) -> None:
    village = new_village(tmp_path, "420881100001", "张集村")
    village.record(village.names["0001"])
    second = clone(village, tmp_path)
    made = backups.make_backup(village.ledger.folder).backup
    lost = village.record(village.names["0002"])
    second.take(village.export(second))
    restore_in_place(village, made.path)
    village.record(village.names["0003"])
    bundle = village.export(second)
    with contextlib.suppress(ValidationError):
        second.trust(bundle)
    second.take(bundle)
    assert second.ledger.verify().ok
    village.take(second.export(village))
    assert lost in entry_ids(village.ledger)  # the second laptop held it: it comes back
    assert village.ledger.verify().ok
