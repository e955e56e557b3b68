"""Ledgers written before issue 16: a 公示 draft or refresh and a password change left a stamp
no audit row carries. `jifen verify` lets exactly those pass (each is pinned by the chained row
written right after it) and still names the same records edited by hand."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from jifen_desktop.model import paths
from jifen_desktop.model.calendar.publications import parse_quarter
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.passwords import hash_password
from jifen_desktop.model.schema import Operator, Publication
from jifen_desktop.model.tx import Tx

Q1 = "2025Q1"


@pytest.fixture
def old_program(monkeypatch):
    """The previous version's Tx: it did not check that stamps are audited."""
    monkeypatch.setattr(Tx, "_check_audited", lambda self: None)


def _old_draft(world, publication_id: str | None = None) -> str:
    """What the previous version's draft did: audit the new draft, then stamp it again while
    taking the snapshot (a refresh: stamp it with no audit row at all)."""
    service = world.ledger.publications
    period = parse_quarter(Q1)

    def work(tx: Tx) -> str:
        if publication_id is None:
            pub = Publication(
                village_id=world.village.id,
                grid_id=None,
                quarter=Q1,
                status="draft",
                version=0,
                posting_start=period.end + dt.timedelta(days=1),
                posting_end=period.end + dt.timedelta(days=7),
                contact="",
                taken_at=tx.now,
                note="",
            )
            tx.created(pub, "publication.draft", "公示草稿", village_id=world.village.id)
        else:
            pub = tx.session.get(Publication, publication_id)
        tx.stamp(pub)
        service._take(tx, pub, period, force=True)
        return pub.id

    return world.ledger.run(work).value


def _old_password_change(world, username: str) -> None:
    def work(tx: Tx) -> None:
        op = tx.session.query(Operator).filter_by(username=username).one()
        op.password_hash = hash_password("another-456")
        tx.stamp(op)
        tx.audit("operator.password", "operator", op.id, "修改密码", village_id=op.village_id)

    world.ledger.run(work)


@pytest.fixture
def legacy(world, old_program):
    """A ledger with an old draft refreshed once and an old password change."""
    household = world.household("001", "王建国")
    entry = world.ledger.entries.record(
        world.village.id, EntryDraft(household.id, "B05", dt.date(2025, 1, 10))
    ).value
    world.approve(entry)
    pub_id = _old_draft(world)
    _old_draft(world, pub_id)
    _old_password_change(world, "admin")
    return pub_id


def _edit(world, sql: str, *args) -> None:
    world.ledger.close()
    with sqlite3.connect(paths.db_path(world.ledger.folder)) as db:
        db.execute(sql, args)
    world.ledger = type(world.ledger).open(world.ledger.folder)


def _named(world) -> str:
    report = world.ledger.verify()
    assert not report.ok
    return "\n".join(f"{f.record_id} {f.message}" for f in report.findings)


def test_old_drafts_and_password_changes_verify_clean(world, legacy):
    report = world.ledger.verify()
    assert report.ok, report.findings


def test_a_refresh_today_audits_the_old_draft(world, legacy, monkeypatch):
    monkeypatch.undo()
    world.ledger.publications.draft(world.village.id, Q1, contact="村委会")
    assert world.ledger.verify().ok


def test_an_old_draft_posted_by_hand_is_named(world, legacy):
    _edit(world, "update publications set status = 'posted' where id = ?", legacy)
    assert legacy in _named(world)


def test_an_old_draft_moved_to_another_quarter_by_hand_is_named(world, legacy):
    _edit(world, "update publications set quarter = '2025Q2' where id = ?", legacy)
    assert legacy in _named(world)


def test_a_password_hash_replaced_and_restamped_by_hand_is_named(world, legacy):
    _edit(
        world,
        "update operators set password_hash = ?, change_seq = change_seq + 100, hlc = hlc + 1"
        " where username = 'admin'",
        hash_password("attacker-1"),
    )
    assert "admin" in _named(world)
