"""``model.sync_store``: an import's transaction; a first load's (``bulk``) commits without
waiting for the disk while it runs, and is on the disk when it returns (the log checkpointed
into the file, the next connections ``FULL`` again). sync/service.py relies on this for a
township's first load (tests/sync/test_township_first_load.py runs the whole load)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.sync_store import conflicts, own_village, replica_mode, run_import

NORMAL, FULL = 1, 2


def _synchronous(session: Any) -> int:
    return int(session.connection().exec_driver_sql("PRAGMA synchronous").scalar_one())


def _import_like(tx: Any) -> int:
    """Something an import writes (its audit row), and how the connection commits meanwhile."""
    tx.audit("sync.import", "sync_bundle", "b1", "导入同步包 测试.jfb", village_id=None)
    return _synchronous(tx.session)


@pytest.mark.parametrize(("bulk", "meanwhile"), [(True, NORMAL), (False, FULL)])
def test_an_import_transaction_is_on_disk_when_it_returns(
    tmp_path: Path, bulk: bool, meanwhile: int
) -> None:
    ledger = Ledger.create(tmp_path, "township", name="张集镇", code="420881100")
    assert run_import(ledger, _import_like, bulk=bulk).value == meanwhile
    with ledger.read() as session:
        assert _synchronous(session) == FULL
        assert replica_mode(session) == "township"
        assert own_village(session) is None  # a township logs its sync under no village
        assert conflicts(session) == []
    wal = paths.db_path(tmp_path).with_name(paths.db_path(tmp_path).name + "-wal")
    if bulk:  # checkpointed into the file, and the log emptied
        assert not wal.exists() or wal.stat().st_size == 0
    ledger.close()
