"""一票否决 and honours: a vetoed household keeps earning, stays ranked with a mark, is left out
of honours (listed as such) and may not redeem; honour grades are the village's own."""

from __future__ import annotations

import datetime as dt

import pytest

from jifen_desktop.model.calendar.honours import Grade
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import PermissionDenied, ValidationError
from jifen_desktop.model.periods import quarter, year

YEAR = year(2025)


@pytest.fixture
def village(world):
    """Four households with 2025 points 100+10, 100+5, 100+1 and 100 (base points)."""
    led = world.ledger
    households = [world.household(f"00{i}", name) for i, name in enumerate("甲乙丙丁", 1)]
    led.entries.generate_base_points(world.village.id, 2025)
    extra = ["B14", "B05", "C10"]
    entries = [
        led.entries.record(world.village.id, EntryDraft(h.id, code, dt.date(2025, 3, 1))).value
        for h, code in zip(households, extra, strict=False)
    ]
    world.approve(*entries)
    return households


def test_vetoed_household_is_ranked_with_a_mark_but_left_out_of_honours(world, village):
    led = world.ledger
    first = village[0]
    led.vetoes.add(first.id, "违法建房，拒不整改", dt.date(2025, 6, 1), dt.date(2026, 5, 31))
    ranking = led.rankings.rank(world.village.id, YEAR)
    assert [(r.number, r.vetoed) for r in ranking][:2] == [("001", True), ("002", False)]
    honours = led.honours.honours(world.village.id, YEAR, top_n=2)
    assert [r.number for r in honours.vetoed] == ["001"]
    assert [r.number for r in honours.top] == ["002", "003"]
    assert honours.average == sum(r.points for r in ranking) / 4  # everyone counts in the average
    assert "001" not in {r.number for r in honours.above_average}
    assert all("001" not in {r.number for r in rows} for _, rows in honours.grades)
    # Outside the veto's period it is honoured again.
    spring = led.honours.honours(world.village.id, quarter(2025, 1))
    assert spring.vetoed == [] and spring.top[0].number == "001"
    assert spring.grades == []  # grades are thresholds of annual points: years only
    assert len(honours.ranking) == 4


def test_vetoed_household_still_earns_but_may_not_redeem_until_lifted(world, village):
    led = world.ledger
    today = dt.date.today()
    h = village[1]
    led.entries.generate_base_points(world.village.id, today.year)
    led.store.add_goods(world.village.id, "肥皂", 10, unit="块")
    led.store.stock_in(world.village.id, "肥皂", 5, unit_cost_fen=250)
    veto = led.vetoes.add(
        h.id, "聚众赌博被行政处罚", today - dt.timedelta(days=3), today + dt.timedelta(days=360)
    ).value
    entry = led.entries.record(world.village.id, EntryDraft(h.id, "B04", today)).value
    assert entry.status == "pending"  # recording goes on as usual
    with pytest.raises(ValidationError, match="被一票否决.*不能兑换"):
        led.store.redeem(world.village.id, h.id, [("肥皂", 1)])
    with pytest.raises(ValidationError, match="期限重叠"):
        led.vetoes.add(h.id, "再登记一次", today, today + dt.timedelta(days=10))
    lifted = led.vetoes.lift(veto.id, today, "整改到位，村两委研究同意解除").value
    assert lifted.last_day == today - dt.timedelta(days=1) and not lifted.in_force(today)
    led.store.redeem(world.village.id, h.id, [("肥皂", 1)])
    actions = [r.action for r in led.audit.list(world.village.id)]
    assert "veto.add" in actions and "veto.lift" in actions


def test_veto_needs_reason_order_and_reviewer(world, village):
    led = world.ledger
    h = village[0]
    with pytest.raises(ValidationError, match="原因"):
        led.vetoes.add(h.id, " ", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    with pytest.raises(ValidationError, match="不能早于"):
        led.vetoes.add(h.id, "违法", dt.date(2025, 12, 1), dt.date(2025, 1, 1))
    led.operators.add("ck", "只读", "viewer", "pw-123456", village_id=world.village.id)
    viewer = led.as_actor(led.operators.authenticate("ck", "pw-123456"))
    with pytest.raises(PermissionDenied):
        viewer.vetoes.add(h.id, "违法", dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_grades_are_the_villages_and_checked(world, village):
    led = world.ledger
    assert [g.name for g in led.honours.grades(world.village.id)] == ["优秀", "合格", "诫勉"]
    stars = [Grade("五星", 108), Grade("四星", 104), Grade("三星", None)]
    led.honours.set_grades(world.village.id, stars)
    honours = led.honours.honours(world.village.id, YEAR)
    assert [(g.name, [r.number for r in rows]) for g, rows in honours.grades] == [
        ("五星", ["001"]),
        ("四星", ["002"]),
        ("三星", ["003", "004"]),
    ]
    with pytest.raises(ValidationError, match="从高到低"):
        led.honours.set_grades(world.village.id, [Grade("A", 60), Grade("B", 80)])
    with pytest.raises(ValidationError, match="只有最后一个"):
        led.honours.set_grades(world.village.id, [Grade("A", None), Grade("B", 80)])
    with pytest.raises(ValidationError, match="不能重复"):
        led.honours.set_grades(world.village.id, [Grade("A", 90), Grade("A", 80)])
