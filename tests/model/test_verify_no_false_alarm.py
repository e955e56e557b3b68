"""`jifen verify` never cries wolf: every change the program makes to a record leaves an audit
row with its values and stamp, and a service that forgets one is refused before it commits.

Found in use: drafting a 公示 stamped the publication after (or, on a refresh, without) its
audit row, and a password change audited no values, so verify told the clerk to restore a
backup after ordinary work (issue 16, item 1)."""

from __future__ import annotations

import datetime as dt

import pytest

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.schema import Household
from jifen_desktop.model.tx import UnauditedChange

Q1 = "2025Q1"


def _clean(world) -> None:
    report = world.ledger.verify()
    assert report.ok, report.findings


def _quarter_with_entries(world):
    a = world.household("001", "王建国")
    led = world.ledger
    entry = led.entries.record(world.village.id, EntryDraft(a.id, "B05", dt.date(2025, 1, 10)))
    world.approve(entry.value)
    return a


def test_draft_refresh_post_and_final_leave_verify_clean(world):
    _quarter_with_entries(world)
    pubs = world.ledger.publications
    pub = pubs.draft(world.village.id, Q1).value
    _clean(world)
    pubs.draft(world.village.id, Q1)  # refresh, nothing new
    _clean(world)
    again = pubs.draft(world.village.id, Q1, contact="村委会 王德胜", note="第二稿").value
    assert (again.id, again.version, again.contact) == (pub.id, 3, "村委会 王德胜")
    _clean(world)
    pubs.post(pub.id, dt.date(2025, 4, 8), dt.date(2025, 4, 14))
    _clean(world)
    pubs.finalise(pub.id)
    _clean(world)


def test_a_grid_draft_leaves_verify_clean(world):
    _quarter_with_entries(world)
    world.ledger.publications.draft(world.village.id, Q1, world.grid1.id)
    world.ledger.publications.draft(world.village.id, Q1, world.grid1.id)
    _clean(world)


def test_every_draft_and_refresh_is_in_the_audit_log(world):
    _quarter_with_entries(world)
    pubs = world.ledger.publications
    pub = pubs.draft(world.village.id, Q1).value
    pubs.draft(world.village.id, Q1)
    actions = [row.action for row in world.ledger.audit.list(object_id=pub.id)]
    assert sorted(actions) == ["publication.draft", "publication.refresh"]


def test_a_password_change_leaves_verify_clean(world, admin_password):
    world.ledger.login("admin", admin_password)
    world.ledger.operators.set_password("admin", "another-456", admin_password)
    _clean(world)


def test_a_service_that_stamps_without_auditing_is_refused_before_commit(world):
    """The guard that keeps this class of defect from coming back: a stamp with no audit row
    of the record's values fails the transaction, and nothing of it is written."""
    household = world.household("001", "王建国")

    def careless(tx):
        record = tx.session.get(Household, household.id)
        record.head_name = "王建民"
        tx.stamp(record)

    with pytest.raises(UnauditedChange):
        world.ledger.run(careless)
    assert world.ledger.households.get(household.id).head_name == "王建国"
    _clean(world)


def test_an_audit_row_with_other_values_than_the_record_is_refused(world):
    household = world.household("001", "王建国")

    def half_audited(tx):
        record = tx.session.get(Household, household.id)
        tx.stamp(record)
        tx.audit(
            "household.edit",
            "household",
            record.id,
            "改名",
            village_id=None,
            after={"hlc": record.hlc, "head_name": "王建国"},
        )
        record.head_name = "王建民"

    with pytest.raises(UnauditedChange):
        world.ledger.run(half_audited)
    _clean(world)


@pytest.mark.parametrize(
    ("start", "end", "fragment"),
    [
        (dt.date(9999, 12, 25), dt.date(9999, 12, 31), "2000年到2100年"),
        (dt.date(2025, 4, 8), dt.date(2026, 4, 8), "公示期最长"),
    ],
)
def test_posting_dates_out_of_range_are_refused(world, start, end, fragment):
    """Found beside item 1: a posting in year 9999 was accepted (and one a day later overflowed)."""
    _quarter_with_entries(world)
    pub = world.ledger.publications.draft(world.village.id, Q1).value
    with pytest.raises(ValidationError, match=fragment):
        world.ledger.publications.post(pub.id, start, end)
    assert world.ledger.publications.get(pub.id).status == "draft"
    _clean(world)
