"""Nothing half-written: an unexpected error in the middle of a service call's transaction
(after the entry, its evidence row and its audit row are written to the database, before the
commit) leaves no row behind and no sequence number used; the ledger works on as before."""

from __future__ import annotations

import datetime as dt

import pytest
from sample_files import a_png
from sqlalchemy import func, select

from jifen_desktop.model.entries import write_entry
from jifen_desktop.model.entry_checks import EntryChecker, EntryDraft
from jifen_desktop.model.schema import AuditRow, Entry, EvidenceFile, Replica


def counts(ledger) -> tuple[int, ...]:
    with ledger.read() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(table))
            for table in (Entry, EvidenceFile, AuditRow)
        ) + (s.scalar(select(Replica.next_seq)),)


def test_an_error_mid_transaction_leaves_no_rows(world, tmp_path):
    household = world.household("001", "王建国")
    photo = a_png(tmp_path / "photo.png")
    draft = EntryDraft(household.id, "B05", dt.date.today(), evidence=(photo,))
    before = counts(world.ledger)
    seen_inside = []

    def record_then_fail(tx):
        checker = EntryChecker(tx.session, tx.actor, world.village.id)
        checker.prefetch([draft])
        write_entry(tx, checker.check(draft), evidence_folder=world.ledger.evidence_dir)
        tx.flush_rows()  # in the database file's transaction now
        seen_inside.append(tx.session.scalar(select(func.count()).select_from(Entry)))
        raise RuntimeError("程序在提交前出错")

    with pytest.raises(RuntimeError):
        world.ledger.run(record_then_fail)
    assert seen_inside == [before[0] + 1]
    assert counts(world.ledger) == before
    recorded = world.ledger.entries.record(world.village.id, draft).value
    assert [e.id for e in world.ledger.entries.list(world.village.id)] == [recorded.id]
