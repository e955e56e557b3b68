"""Balances from approved entries only, base points once per year, shared ranks, the average
and participation."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from jifen_desktop.model import periods
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.rankings import competition_ranks


def add(world, household, code, day, approve=True, **kw):
    entry = world.ledger.entries.record(
        world.village.id, EntryDraft(household.id, code, day, **kw)
    ).value
    if approve:
        world.approve(entry)
    return entry


def test_base_points_idempotent_and_only_for_active_households(world):
    a = world.household("001", "王一")
    b = world.household("002", "王二")
    world.household("003", "王三")
    world.ledger.households.set_status(b.id, "moved_out", dt.date(2025, 12, 1))
    assert world.ledger.entries.generate_base_points(world.village.id, 2026).value == 2
    assert world.ledger.entries.generate_base_points(world.village.id, 2026).value == 0
    assert world.ledger.balances.of(a.id, 2026).annual == 100
    assert world.ledger.balances.of(b.id, 2026).annual == 0


def test_balances_count_only_approved_and_split_by_year(world):
    h = world.household("001", "王建国")
    add(world, h, "B05", dt.date(2025, 6, 1))
    add(world, h, "B04", dt.date(2026, 2, 1))
    add(world, h, "B06", dt.date(2026, 2, 2), approve=False)  # pending: does not count
    rejected = add(world, h, "B07", dt.date(2026, 2, 3), approve=False)
    world.reject("证据不足", rejected)
    add(world, h, "A16", dt.date(2026, 3, 1), points=-8)
    b = world.ledger.balances.of(h.id, 2026)
    assert (b.lifetime, b.annual, b.available) == (5 + 5 - 8, 5 - 8, 5 + 5 - 8)


def test_year_end_policy_makes_available_the_annual_figure(world):
    h = world.household("001", "王建国")
    add(world, h, "B05", dt.date(2025, 6, 1))
    add(world, h, "B04", dt.date(2026, 2, 1))
    world.ledger.villages.update_settings(world.village.id, available_policy="year_end")
    b = world.ledger.balances.of(h.id, 2026)
    assert (b.lifetime, b.annual, b.available) == (10, 5, 5)


def test_ranks_share_places_and_skip(world):
    hs = [world.household(f"00{i}", f"王{i}") for i in range(1, 5)]
    add(world, hs[0], "A07", dt.date(2026, 1, 5))
    add(world, hs[0], "A08", dt.date(2026, 1, 6))  # 10
    add(world, hs[1], "B05", dt.date(2026, 1, 5))  # 5
    add(world, hs[2], "B04", dt.date(2026, 1, 5))  # 5
    rows = world.ledger.rankings.rank(world.village.id, periods.parse("2026Q1"))
    assert [(r.number, r.points, r.rank) for r in rows] == [
        ("001", 10, 1),
        ("002", 5, 2),
        ("003", 5, 2),
        ("004", 0, 4),
    ]
    average, above = world.ledger.rankings.above_average(world.village.id, periods.parse("2026Q1"))
    assert average == 5 and [r.number for r in above] == ["001"]


def test_quarter_ranking_ignores_other_quarters_and_grid_filter(world):
    a = world.household("001", "王一")
    b = world.household("002", "王二", grid=world.grid2)
    add(world, a, "B05", dt.date(2026, 4, 2))
    add(world, b, "B05", dt.date(2026, 1, 2))
    q1 = world.ledger.rankings.rank(world.village.id, periods.parse("2026Q1"))
    assert [(r.number, r.points) for r in q1] == [("002", 5), ("001", 0)]
    grid2 = world.ledger.rankings.rank(world.village.id, periods.parse("all"), world.grid2.id)
    assert [r.number for r in grid2] == ["002"]


def test_participation_counts_live_non_base_entries(world):
    a = world.household("001", "王一")
    b = world.household("002", "王二")
    c = world.household("003", "王三", grid=world.grid2)
    world.ledger.entries.generate_base_points(world.village.id, 2026)
    add(world, a, "B05", dt.date(2026, 2, 1))
    reversed_entry = add(world, b, "B05", dt.date(2026, 2, 1))
    world.ledger.entries.correct(reversed_entry.id, "记错户")
    add(world, c, "B04", dt.date(2026, 2, 1), approve=False)
    rows = world.ledger.rankings.participation(world.village.id, periods.parse("2026Q1"))
    by_name = {r.grid_name: (r.participating, r.active_households) for r in rows}
    assert by_name == {"一组": (1, 2), "二组": (0, 1), "全村": (1, 3)}


@given(st.lists(st.integers(min_value=-50, max_value=500), max_size=30))
def test_competition_ranks_property(points):
    ordered = sorted(points, reverse=True)
    ranks = competition_ranks(ordered)
    for i, (p, r) in enumerate(zip(ordered, ranks, strict=True)):
        assert r == 1 + sum(1 for q in ordered if q > p)
        assert r <= i + 1


def test_points_by_category_and_month(world):
    h = world.household("001", "王建国")
    add(world, h, "B05", dt.date(2026, 1, 5))
    add(world, h, "B04", dt.date(2026, 3, 5))
    add(world, h, "A16", dt.date(2026, 3, 6), points=-10)
    add(world, h, "C06", dt.date(2026, 3, 7), approve=False)  # pending: not counted
    year = periods.parse("2026")
    by_category = world.ledger.rankings.by_category(world.village.id, year)
    assert [(b.label, b.added, b.deducted) for b in by_category] == [
        ("公益美德类", 10, 0),
        ("常用扣分项（非方案原文）", 0, -10),  # A16 is in the optional set
    ]
    by_month = world.ledger.rankings.by_month(world.village.id, year)
    assert [(b.label, b.added, b.deducted, b.entries) for b in by_month] == [
        ("2026-01", 5, 0, 1),
        ("2026-03", 5, -10, 2),
    ]
