"""一季一公示: a quarter from draft to final with an objection, the warnings and refusals on
the way, the quarter lock and 补记, and snapshots that do not move."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import QuarterLocked, ValidationError

Q1 = "2025Q1"
POSTING = (dt.date(2025, 4, 8), dt.date(2025, 4, 14))


@pytest.fixture
def quarter(world):
    """Two households with approved entries in 2025 Q1 and one still pending."""
    a = world.household("001", "王建国")
    b = world.household("002", "李秀英", grid=world.grid2)
    led = world.ledger

    def add(h, code, day, **kw):
        return led.entries.record(world.village.id, EntryDraft(h.id, code, day, **kw)).value

    approved = [
        add(a, "B05", dt.date(2025, 1, 10)),  # +5
        add(a, "A16", dt.date(2025, 2, 3), points=-8),
        add(b, "B04", dt.date(2025, 3, 2)),  # +3
        add(b, "B05", dt.date(2024, 12, 20)),  # last year: lifetime only
    ]
    world.approve(*approved)
    pending = add(b, "B06", dt.date(2025, 3, 20))
    return dataclasses.make_dataclass("Q", ["a", "b", "approved", "pending"])(
        a, b, approved, pending
    )


def draft(world, grid_id=None):
    return world.ledger.publications.draft(
        world.village.id, Q1, grid_id, contact="村委会 王德胜"
    ).value


def test_draft_snapshot_and_pending_warning(world, quarter):
    pub = draft(world)
    assert (pub.status, pub.version, pub.pending_entries, pub.households) == ("draft", 1, 1, 2)
    assert "还有 1 条记录待审核" in pub.warning
    lines = {line.number: line for line in world.ledger.publications.lines(pub.id)}
    a, b = lines["001"], lines["002"]
    five, three = quarter.approved[0].points, quarter.approved[2].points
    assert (a.added, a.deducted, a.net, a.year_total) == (five, -8, five - 8, five - 8)
    assert (b.net, b.year_total, b.lifetime_total) == (three, three, three + five)
    ranked = sorted([a, b], key=lambda line: -line.year_total)
    assert [line.rank for line in ranked] == [1, 2]
    # Drafting again refreshes the same draft.
    world.approve(quarter.pending)
    again = draft(world)
    assert (again.id, again.version, again.pending_entries) == (pub.id, 2, 0)


def test_quarter_from_draft_to_final_with_an_objection(world, quarter):
    led = world.ledger
    pub = draft(world)
    with pytest.raises(ValidationError, match="只有公示中的才能定稿"):
        led.publications.finalise(pub.id)
    posted = led.publications.post(pub.id, *POSTING).value
    assert (posted.status, posted.posting_start, posted.posting_end) == ("posted", *POSTING)
    objection = led.objections.add(
        pub.id,
        quarter.a.id,
        "扣分不实，当天不在家",
        received_on=dt.date(2025, 4, 10),
        entry_id=quarter.approved[1].id,
        handler="王德胜",
    ).value
    assert objection.status == "open" and "A16" in objection.entry_label
    with pytest.raises(ValidationError, match="还有 1 件异议没有处理完"):
        led.publications.finalise(pub.id)
    upheld = led.objections.uphold(
        objection.id, "经核实，当天不在家", reverse_entry=True, on=dt.date(2025, 4, 12)
    ).value
    assert upheld.status == "upheld"
    assert upheld.resolution.startswith("经核实，当天不在家。更正：冲正 A16 ")
    [reversal] = [led.entries.get(i) for i in upheld.correction_ids]
    # Exactly the correction it says: one reversal of +8, a 补记 in Q2 pointing at 2 February.
    assert (reversal.kind, reversal.points, reversal.status) == ("reversal", 8, "approved")
    assert (reversal.occurred_on, reversal.original_on) == (
        dt.date(2025, 4, 12),
        dt.date(2025, 2, 3),
    )
    assert "+8分" in upheld.resolution
    final = led.publications.finalise(pub.id).value
    assert final.status == "final"
    actions = [r.action for r in led.audit.list(world.village.id)]
    for action in (
        "publication.draft",
        "publication.post",
        "objection.add",
        "objection.upheld",
        "publication.final",
    ):
        assert action in actions


def test_finalising_before_the_posting_period_ends_is_refused(world, quarter):
    led = world.ledger
    pub = draft(world)
    today = dt.date.today()
    led.publications.post(pub.id, today, today + dt.timedelta(days=6))
    with pytest.raises(ValidationError, match="期满后才能定稿"):
        led.publications.finalise(pub.id)


def test_dismissed_objection_changes_nothing_and_must_say_why(world, quarter):
    led = world.ledger
    pub = draft(world)
    led.publications.post(pub.id, *POSTING)
    with pytest.raises(ValidationError, match="不在公示期内"):
        led.objections.add(pub.id, quarter.b.id, "分数不对", received_on=dt.date(2025, 4, 20))
    objection = led.objections.add(pub.id, quarter.b.id, "分数不对", dt.date(2025, 4, 9)).value
    with pytest.raises(ValidationError, match="不成立的理由"):
        led.objections.dismiss(objection.id, "")
    with pytest.raises(ValidationError, match="怎样更正"):
        led.objections.uphold(objection.id, "有道理")
    before = led.balances.of(quarter.b.id, 2025)
    done = led.objections.dismiss(objection.id, "经核对记录无误", dt.date(2025, 4, 11)).value
    assert (done.status, done.resolution, done.correction_ids) == (
        "dismissed",
        "经核对记录无误",
        (),
    )
    assert led.balances.of(quarter.b.id, 2025) == before
    with pytest.raises(ValidationError, match="已经处理"):
        led.objections.dismiss(objection.id, "再说一遍")


def test_upheld_objection_records_a_missed_entry_as_late(world, quarter):
    led = world.ledger
    pub = draft(world)
    led.publications.post(pub.id, *POSTING)
    objection = led.objections.add(
        pub.id, quarter.b.id, "义务劳动没有记分", dt.date(2025, 4, 9)
    ).value
    missed = EntryDraft(quarter.b.id, "C06", dt.date(2025, 3, 15), points=5)
    upheld = led.objections.uphold(
        objection.id, "村干部证实参加了", missing=[missed], on=dt.date(2025, 4, 12)
    ).value
    [late] = [led.entries.get(i) for i in upheld.correction_ids]
    assert (late.points, late.occurred_on, late.original_on) == (
        5,
        dt.date(2025, 4, 12),
        missed.occurred_on,
    )
    assert "补记 C06" in upheld.resolution
    [listed] = led.publications.late_entries(
        led.publications.draft(world.village.id, "2025Q2").value.id
    )
    assert listed.reason == "异议成立：村干部证实参加了"


def test_objection_to_an_entry_that_never_counted_is_refused(world, quarter):
    led = world.ledger
    pub = draft(world)
    led.publications.post(pub.id, *POSTING)
    with pytest.raises(ValidationError, match="没有计分"):
        led.objections.add(
            pub.id, quarter.b.id, "这条不对", dt.date(2025, 4, 9), entry_id=quarter.pending.id
        )


def test_recording_into_a_published_quarter_is_refused_and_late_entry_offered(world, quarter):
    led = world.ledger
    pub = draft(world)
    led.publications.post(pub.id, *POSTING)
    led.publications.finalise(pub.id)
    day = dt.date(2025, 2, 20)
    with pytest.raises(QuarterLocked, match="已公示定稿.*补记") as refused:
        led.entries.record(world.village.id, EntryDraft(quarter.a.id, "B04", day))
    assert refused.value.quarter == Q1
    # Approving a pending entry of the quarter, or reversing in place, is refused too.
    with pytest.raises(QuarterLocked, match="不能再按原日期通过"):
        world.approve(quarter.pending)
    late = led.entries.record(
        world.village.id, EntryDraft(quarter.a.id, "B04", day, late=True)
    ).value
    assert (late.original_on, late.occurred_on) == (day, dt.date.today())
    reversal = led.entries.correct(
        quarter.approved[0].id, "重复登记", on=dt.date(2025, 5, 2)
    ).value[0]
    assert (reversal.occurred_on, reversal.original_on) == (
        dt.date(2025, 5, 2),
        dt.date(2025, 1, 10),
    )
    # A 补记 for a date of a quarter not yet published is pointless and refused.
    with pytest.raises(ValidationError, match="直接按原日期录入"):
        led.entries.record(
            world.village.id, EntryDraft(quarter.a.id, "B04", dt.date(2025, 5, 3), late=True)
        )
    # Re-publishing a final quarter is refused, saying why and what to do.
    with pytest.raises(ValidationError, match="已公示定稿，不能重新公示.*补记"):
        draft(world)
    with pytest.raises(ValidationError, match="已公示定稿"):
        draft(world, world.grid1.id)


def test_snapshot_does_not_change_and_next_quarter_shows_the_correction(world, quarter):
    led = world.ledger
    pub = draft(world)
    led.publications.post(pub.id, *POSTING)
    led.publications.finalise(pub.id)
    before = led.publications.lines(pub.id)
    led.entries.correct(quarter.approved[1].id, "扣分有误", on=dt.date(2025, 5, 2))
    assert led.publications.lines(pub.id) == before
    q2 = led.publications.draft(world.village.id, "2025Q2").value
    a = next(line for line in led.publications.lines(q2.id) if line.number == "001")
    assert (a.net, a.late) == (8, 8)
    [late] = led.publications.late_entries(q2.id)
    assert (late.number, late.points, late.original_on) == ("001", 8, dt.date(2025, 2, 3))
    assert late.item.startswith("冲正 A16")


def test_grid_publication_locks_only_its_households(world, quarter):
    led = world.ledger
    pub = draft(world, world.grid1.id)
    assert [line.number for line in led.publications.lines(pub.id)] == ["001"]
    led.publications.post(pub.id, *POSTING)
    with pytest.raises(QuarterLocked):
        led.entries.record(world.village.id, EntryDraft(quarter.a.id, "B04", dt.date(2025, 3, 1)))
    led.entries.record(world.village.id, EntryDraft(quarter.b.id, "B07", dt.date(2025, 3, 1)))
    with pytest.raises(ValidationError, match="正在公示"):
        draft(world)


def test_posting_before_the_quarter_ends_is_refused(world):
    today = dt.date.today()
    key = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    pub = world.ledger.publications.draft(world.village.id, key).value
    with pytest.raises(ValidationError, match="季度结束后才能张贴"):
        world.ledger.publications.post(pub.id)


def test_a_pending_entry_of_a_published_quarter_is_approved_as_late(world, quarter):
    led = world.ledger
    pub = draft(world)
    led.publications.post(pub.id, *POSTING)
    led.publications.finalise(pub.id)
    posted = led.publications.lines(pub.id)
    session = led.review.open_session(world.village.id, "2025-03")  # opened by the fixture
    with pytest.raises(QuarterLocked):
        led.review.decide(session.id, [quarter.pending.id], "approved")
    with pytest.raises(ValidationError, match="直接通过即可"):
        led.review.decide(session.id, [quarter.approved[2].id], "late")
    assert led.review.decide(session.id, [quarter.pending.id], "late").value == 1
    original = led.entries.get(quarter.pending.id)
    assert (original.status, original.decision_reason) == ("rejected", "所在季度已公示，转为补记")
    [again] = [e for e in led.review.decisions(session.id) if e.is_late]
    assert (again.status, again.original_on, again.occurred_on) == (
        "approved",
        quarter.pending.occurred_on,
        dt.date.today(),
    )
    assert (again.rule_code, again.points) == (original.rule_code, original.points)
    assert led.publications.lines(pub.id) == posted  # the notice stays as it was
