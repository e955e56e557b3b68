"""一月一审核: deciding needs an open session of the entry's month; closing leaves the rest
pending and overdue; the session's decisions are its minutes."""

from __future__ import annotations

import datetime as dt

import pytest

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import PermissionDenied, ValidationError

MARCH = dt.date(2025, 3, 10)


def record(world, household, code="B05", day=MARCH, **kw):
    return world.ledger.entries.record(
        world.village.id, EntryDraft(household.id, code, day, **kw)
    ).value


def test_deciding_outside_an_open_session_is_refused(world):
    h = world.household("001", "王建国")
    entry = record(world, h)
    with pytest.raises(ValidationError, match="2025年3月的审核会还没有开"):
        world.ledger.entries.approve([entry.id])
    april = world.ledger.review.open(world.village.id, "2025-04", dt.date(2025, 5, 6)).value
    with pytest.raises(ValidationError, match="不属于本次审核会"):
        world.ledger.review.decide(april.id, [entry.id], "approved")
    march = world.ledger.review.open(world.village.id, "2025-03", dt.date(2025, 4, 5)).value
    world.ledger.review.close(march.id)
    with pytest.raises(ValidationError, match="已经结束"):
        world.ledger.review.decide(march.id, [entry.id], "approved")
    assert world.ledger.entries.get(entry.id).status == "pending"


def test_a_session_decides_one_by_one_and_in_bulk_and_closes(world):
    h = world.household("001", "王建国")
    entries = [
        record(world, h, code, MARCH + dt.timedelta(days=i))
        for i, code in enumerate(["B05", "B04", "B06", "B07"])
    ]
    session = world.ledger.review.open(
        world.village.id, "2025-03", dt.date(2025, 4, 5), "村委会会议室", "王德胜  李秀英 张卫东"
    ).value
    assert (session.status, session.pending, session.attendees) == (
        "open",
        4,
        "王德胜 李秀英 张卫东",
    )
    with pytest.raises(ValidationError, match="已经开着"):
        world.ledger.review.open(world.village.id, "2025-03")
    world.ledger.review.decide(session.id, [entries[0].id], "approved")
    world.ledger.review.decide(session.id, [entries[1].id], "rejected", "证据不足")
    with pytest.raises(ValidationError, match="必须写明理由"):
        world.ledger.review.decide(session.id, [entries[2].id], "rejected", " ")
    world.ledger.review.decide(session.id, [entries[2].id], "approved")
    closed = world.ledger.review.close(session.id).value
    assert (closed.status, closed.approved, closed.rejected, closed.pending) == ("closed", 2, 1, 1)
    minutes = world.ledger.review.decisions(session.id)
    assert [(e.id, e.status) for e in minutes] == [
        (entries[0].id, "approved"),
        (entries[1].id, "rejected"),
        (entries[2].id, "approved"),
    ]
    assert all(e.session_id == session.id for e in minutes)
    # The undecided entry is overdue once its month's session has ended.
    assert world.ledger.review.overdue(world.village.id, dt.date(2025, 4, 20)) == {"2025-03": 1}
    # A second session of the month can take it up.
    again = world.ledger.review.open(world.village.id, "2025-03", dt.date(2025, 4, 20)).value
    assert [e.id for e in world.ledger.review.pending(again.id)] == [entries[3].id]
    assert world.ledger.review.overdue(world.village.id, dt.date(2025, 4, 20)) == {}
    actions = [r.action for r in world.ledger.audit.list(world.village.id)]
    assert actions.count("review.open") == 2 and "review.close" in actions


def test_overdue_counts_months_before_last_month_without_a_session(world):
    h = world.household("001", "王建国")
    record(world, h, day=dt.date(2025, 1, 5))
    record(world, h, "B04", day=dt.date(2025, 2, 5))
    # On 10 March, February is still due for review this month; January is overdue.
    assert world.ledger.review.overdue(world.village.id, dt.date(2025, 3, 10)) == {"2025-01": 1}


def test_open_refuses_a_future_month_a_bad_date_and_other_roles(world):
    future = dt.date.today() + dt.timedelta(days=40)
    with pytest.raises(ValidationError, match="还没有到"):
        world.ledger.review.open(world.village.id, f"{future:%Y-%m}")
    with pytest.raises(ValidationError, match="应在 2025-03-01 到今天之间"):
        world.ledger.review.open(world.village.id, "2025-03", dt.date(2025, 2, 1))
    with pytest.raises(ValidationError, match="按月开"):
        world.ledger.review.open(world.village.id, "2025Q1")
    world.ledger.operators.add(
        "wgy", "网格员", "recorder", "pw-123456", village_id=world.village.id
    )
    recorder = world.ledger.as_actor(world.ledger.operators.authenticate("wgy", "pw-123456"))
    with pytest.raises(PermissionDenied):
        recorder.review.open(world.village.id, "2025-03")
