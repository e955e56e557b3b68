"""Balances asked for by household (the detail panel, a redemption) are the same as the
whole village's (the 农户 table), under either policy for available points."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from test_balances_rankings import add

from jifen_desktop.model.balances import AsOf, balances_in
from jifen_desktop.model.schema import EntryDecision


@pytest.mark.parametrize("policy", ["carry_over", "year_end"])
def test_by_household_equals_the_whole_village(world, policy):
    a = world.household("001", "王建国")
    b = world.household("002", "单志")
    c = world.household("003", "李秀英")  # no entries at all
    add(world, a, "B05", dt.date(2025, 6, 1))
    add(world, a, "B04", dt.date(2026, 2, 1))
    add(world, a, "A16", dt.date(2026, 3, 1), points=-8)
    add(world, b, "B06", dt.date(2025, 2, 2))
    add(world, b, "B07", dt.date(2026, 2, 3), approve=False)  # pending: does not count
    world.ledger.villages.update_settings(world.village.id, available_policy=policy)
    village = world.ledger.balances.many(world.village.id, year=2026)
    some = world.ledger.balances.many(world.village.id, [a.id, b.id, c.id], year=2026)
    assert some[a.id] == village[a.id] == world.ledger.balances.of(a.id, 2026)
    assert some[b.id] == village[b.id] == world.ledger.balances.of(b.id, 2026)
    assert c.id not in village
    assert (some[c.id].lifetime, some[c.id].annual, some[c.id].available) == (0, 0, 0)
    assert (some[a.id].lifetime, some[a.id].annual) == (5 + 5 - 8, 5 - 8)
    assert (some[b.id].lifetime, some[b.id].annual) == (5, 0)
    expected_b = 0 if policy == "year_end" else 5
    assert some[b.id].available == expected_b


def test_balance_as_of_a_point_counts_only_what_was_written_by_then(world):
    """Rows of this replica count up to a row number; rows of another replica (met in a sync
    bundle) by the time they were written."""
    a = world.household("001", "王建国")
    first = add(world, a, "B05", dt.date(2026, 1, 5))
    with world.ledger.read() as s:
        replica, seq = s.execute(
            select(EntryDecision.replica_id, EntryDecision.seq).where(
                EntryDecision.entry_id == first.id
            )
        ).one()
    add(world, a, "B04", dt.date(2026, 1, 6))  # approved later: not there yet
    vid = world.village.id
    now = dt.datetime.now()
    points = {}
    for name, as_of in {
        "here": AsOf(replica, seq, now - dt.timedelta(days=1)),
        "elsewhere, before": AsOf("another replica", 10**9, now - dt.timedelta(days=1)),
        "elsewhere, after": AsOf("another replica", 0, now + dt.timedelta(days=1)),
    }.items():
        with world.ledger.read() as s:
            points[name] = balances_in(s, vid, [a.id], 2026, as_of)[a.id].lifetime
    assert points == {"here": 5, "elsewhere, before": 0, "elsewhere, after": 10}
