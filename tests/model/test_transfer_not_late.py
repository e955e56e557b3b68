"""按补记通过 on a transfer of a 分户 (issue 21's leftover): a transfer is never in a 公示, so
it is not re-recorded as 补记 (it has no rule to be recorded under); the reviewer is told to
approve it with a plain 通过, which decides its pair with it even in a published quarter."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from test_calendar_quarter import POSTING, draft, quarter  # noqa: F401 - the fixture

from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.household_changes import HouseholdChangeService, SplitPlan

SPLIT_DAY = dt.date(2025, 3, 25)


def split_in_march(world, household):  # type: ignore[no-untyped-def]
    """A son leaves ``household`` on SPLIT_DAY with 2 of its available points."""
    led = world.ledger
    son = led.members.add(household.id, "李小军", relation="子").value
    plan = SplitPlan((son.id,), son.id, "003", None, SPLIT_DAY, "amount", 2, reason="另立门户")
    with time_machine.travel(dt.datetime(2025, 3, 25, 10, 0), tick=False):
        return HouseholdChangeService(led).split(household.id, plan).value


def test_a_transfer_is_refused_as_late_and_approved_with_its_pair(world, quarter):  # noqa: F811
    led = world.ledger
    split_in_march(world, quarter.b)
    transfers = [e for e in led.entries.list(world.village.id) if e.kind == "transfer"]
    assert sorted(e.points for e in transfers) == [-2, 2]
    assert {e.occurred_on for e in transfers} == {SPLIT_DAY}
    pub = draft(world)
    led.publications.post(pub.id, *POSTING)
    led.publications.finalise(pub.id)
    session = led.review.open_session(world.village.id, "2025-03")
    giver = next(e for e in transfers if e.points < 0)
    with pytest.raises(ValidationError, match="积分转移，不进公示，不用按补记通过") as refused:
        led.review.decide(session.id, [giver.id], "late")
    assert "直接点“通过”" in str(refused.value) and "找不到积分细则" not in str(refused.value)
    assert {led.entries.get(e.id).status for e in transfers} == {"pending"}  # nothing written
    assert led.review.decide(session.id, [giver.id], "approved").value == 2
    assert {led.entries.get(e.id).status for e in transfers} == {"approved"}
    report = led.verify()
    assert report.ok, report.findings
