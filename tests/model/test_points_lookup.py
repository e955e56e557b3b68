"""查分: a right household number and last four show that household's own figures only; a
wrong pair is refused alike for either half; a member's last four and an X typed in small
letters work; too many wrong tries for one number must wait; nothing is written."""

from __future__ import annotations

import pytest
from lookup_village import LAST_QUARTER, TODAY, build

from jifen_desktop.model import login_throttle
from jifen_desktop.model.errors import PermissionDenied, ValidationError
from jifen_desktop.model.points_lookup import (
    WRONG_MESSAGE,
    LookupThrottle,
    LookupThrottled,
    PointsLookup,
)


@pytest.fixture
def village(world):
    return build(world)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_right_pair_shows_the_households_own_points_entries_rank(world, village):
    led, vid = world.ledger, world.village.id
    home = village.homes[0]
    view = PointsLookup(led).lookup(vid, " 0101 ", village.last_four(0))
    balance = led.balances.of(home.id)
    assert (view.number, view.head_name, view.year) == ("0101", "黎鹏", TODAY.year)
    assert view.balance == balance
    entries = led.entries.list(vid, household_id=home.id)
    shown = [e for e in entries if e.occurred_on.year == TODAY.year]
    assert [(e.occurred_on, e.points, e.status) for e in view.entries] == [
        (e.occurred_on, e.points, e.status) for e in shown
    ]
    assert {e.status_name for e in view.entries} <= {"已通过", "待审核"}
    assert view.pending_points == sum(e.points for e in shown if e.status == "pending") > 0
    [line] = [x for x in led.publications.lines(village.publication.id) if x.number == "0101"]
    assert view.rank is not None
    assert (view.rank.rank, view.rank.households, view.rank.year_total) == (
        line.rank,
        3,
        line.year_total,
    )
    assert view.rank.label == f"{LAST_QUARTER.label}积分公示（全村）"
    assert view.rank.status == "posted" and view.veto is None


def test_the_view_never_names_another_household(world, village):
    view = PointsLookup(world.ledger).lookup(world.village.id, "0102", village.last_four(1))
    text = repr(view)
    assert "杨建军" in text
    for other in ("黎鹏", "石勇", "郭建红", "0101", "0201"):
        assert other not in text


def test_a_wrong_last_four_or_number_is_refused_alike(world, village):
    lookup, vid = PointsLookup(world.ledger), world.village.id
    messages = []
    for number, four in (
        ("0101", village.last_four(1)),  # another household's head
        ("0999", village.last_four(0)),  # no such household
        ("0102", village.wife_id[-4:]),  # a member of another household
    ):
        with pytest.raises(PermissionDenied) as refused:
            lookup.lookup(vid, number, four)
        messages.append(str(refused.value))
    assert messages == [WRONG_MESSAGE] * 3


def test_a_members_last_four_works_and_x_in_either_case(world, village):
    lookup, vid = PointsLookup(world.ledger), world.village.id
    assert village.wife_id.endswith("X")
    for typed in (village.wife_id[-4:], village.wife_id[-4:].lower()):
        assert lookup.lookup(vid, "0101", typed).number == "0101"


def test_a_moved_out_member_no_longer_opens_the_household(world, village):
    led = world.ledger
    [wife] = [m for m in led.members.list(village.homes[0].id) if m.name == "郭建红"]
    led.members.set_status(wife.id, "moved_out", TODAY)
    with pytest.raises(PermissionDenied, match="户号或身份证后四位不对"):
        PointsLookup(led).lookup(world.village.id, "0101", village.wife_id[-4:])


def test_what_cannot_be_a_last_four_says_what_to_type(world, village):
    for typed in ("", "123", "12345", "12a4", "X123"):
        with pytest.raises(ValidationError, match="最后四位"):
            PointsLookup(world.ledger).lookup(world.village.id, "0101", typed)


def test_veto_in_force_is_shown(world, village):
    view = PointsLookup(world.ledger).lookup(world.village.id, "0201", village.last_four(2))
    assert view.veto is not None and view.veto.reason == "违法建房，拒不整改"
    assert view.veto.starts_on == TODAY


def test_too_many_wrong_tries_for_a_number_must_wait_even_with_the_right_code(world, village):
    clock = Clock()
    lookup = PointsLookup(world.ledger, LookupThrottle(clock))
    vid, right = world.village.id, village.last_four(0)
    for _ in range(login_throttle.FREE_FAILURES):
        with pytest.raises(PermissionDenied):
            lookup.lookup(vid, "0101", "0000")
    with pytest.raises(LookupThrottled, match="1 秒后再试") as waited:
        lookup.lookup(vid, "0101", right)
    assert waited.value.wait_seconds == 1
    # Another household is not held up; the waits grow with each further wrong try.
    assert lookup.lookup(vid, "0102", village.last_four(1)).number == "0102"
    clock.now += 1.0
    with pytest.raises(PermissionDenied, match=WRONG_MESSAGE):
        lookup.lookup(vid, "0101", "0000")
    assert lookup.throttle.wait_left("0101") == 2.0
    clock.now += 2.0
    assert lookup.lookup(vid, "0101", right).number == "0101"
    assert lookup.throttle.wait_left("0101") == 0.0  # a right one clears the count


def test_an_unknown_number_is_throttled_the_same(world, village):
    lookup = PointsLookup(world.ledger, LookupThrottle(Clock()))
    for _ in range(login_throttle.FREE_FAILURES):
        with pytest.raises(PermissionDenied):
            lookup.lookup(world.village.id, "9999", "1234")
    assert lookup.throttle.wait_left("9999") == 1.0


def test_lookup_writes_nothing_and_verify_stays_clean(world, village):
    led = world.ledger
    before = len(led.audit.list(world.village.id, limit=1000))
    PointsLookup(led).lookup(world.village.id, "0101", village.last_four(0))
    with pytest.raises(PermissionDenied):
        PointsLookup(led).lookup(world.village.id, "0101", "0000")
    assert len(led.audit.list(world.village.id, limit=1000)) == before
    assert led.verify().ok
