"""A first load into PostgreSQL leaves a table's ``COPY`` open from one chunk to the next
(``model.bulk_pg.OpenCopy``): nothing else may run on the connection meanwhile. A cancel that
comes while one is open gives it up: the import stops with its words, the database is as it
was, and the next import goes in (no lock is left held). Skipped where PostgreSQL is not
installed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pg
import pytest
from engines import township_on
from sync_world import fingerprint
from test_first_load_pg_copy import _small_chunks as small_chunks
from test_first_load_pg_copy import three_households_approved

from jifen_desktop.model.bulk_pg import OpenCopy
from jifen_desktop.model.errors import Cancelled

pytestmark = pytest.mark.skipif(pg.bin_dir() is None, reason="PostgreSQL is not installed")


def _watch_copies(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Bundles read two rows at a time; how many ``COPY`` are open now, and were ever."""
    write, end = OpenCopy.write, OpenCopy.end
    state = {"open": 0, "opened": 0}

    def writing(self: OpenCopy, rows: Any) -> None:
        if self._open is None:
            state["open"] += 1
            state["opened"] += 1
        write(self, rows)

    def ending(self: OpenCopy) -> None:
        if self._open is not None:
            state["open"] -= 1
        end(self)

    small_chunks(monkeypatch)
    monkeypatch.setattr(OpenCopy, "write", writing)
    monkeypatch.setattr(OpenCopy, "end", ending)
    return state


def test_a_cancel_while_a_copy_is_open_leaves_the_township_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    village = three_households_approved(tmp_path)
    bundle = village.export(full=True)
    town = township_on(tmp_path, pg.new_database())
    town.trust(bundle)
    before = fingerprint(town)
    state = _watch_copies(monkeypatch)
    with pytest.raises(Cancelled):
        town.sync.import_bundles([bundle], cancelled=lambda: state["open"] > 0)
    assert state["open"] == 1 and state["opened"] >= 1  # (cancelled with one open)
    assert fingerprint(town) == before
    monkeypatch.undo()
    result = town.sync.import_bundles([bundle]).value[0]
    assert result.counts["new"] > 0
    report = town.ledger.verify()
    assert report.ok, report.findings
    town.close()
    village.close()
