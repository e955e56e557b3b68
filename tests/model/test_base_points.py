"""发放年度基础分 (seed 001 篇7 二、1: to households 遵纪守法、无群众反映不良行为): vetoed households
are withheld by default, the admin may withhold others with a reason, every withheld household
has an audit row with its reason, a second run gives nobody anything twice, and a household
that came in by 花名册导入 gets the year's points on 1 January, not on the import day."""

from __future__ import annotations

import datetime as dt

import pytest

from jifen_desktop.model.base_points import WITHHOLD_ACTION
from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.roster.rows import RosterRow

TODAY = dt.date.today()
YEAR = TODAY.year - 1  # a whole year behind us, so every date of it may be recorded


def base_entries(world, household_id: str, year: int = YEAR) -> list:
    return [
        e
        for e in world.ledger.entries.list(world.village.id, household_id=household_id)
        if e.kind == "base" and e.occurred_on.year == year
    ]


@pytest.fixture
def homes(world):
    homes = [world.household(f"00{i}", name) for i, name in enumerate("甲乙丙丁", 1)]
    world.ledger.vetoes.add(
        homes[0].id, "违法建房，拒不整改", dt.date(YEAR, 5, 1), dt.date(YEAR + 1, 4, 30)
    )
    return homes


def test_vetoed_household_is_withheld_with_its_reason_in_the_audit_log(world, homes):
    led, vid = world.ledger, world.village.id
    plan = led.base_points.plan(vid, YEAR)
    assert [c.number for c in plan.candidates] == ["001", "002", "003", "004"]
    assert list(plan.withheld_by_default) == [homes[0].id]
    assert "违法建房" in plan.withheld_by_default[homes[0].id]
    result = led.base_points.give(vid, YEAR).value
    assert result.given == 3 and [label for label, _ in result.withheld] == ["001 甲"]
    assert base_entries(world, homes[0].id) == []
    assert [e.points for e in base_entries(world, homes[1].id)] == [100]
    rows = led.audit.list(vid, action=WITHHOLD_ACTION)
    assert len(rows) == 1 and rows[0].object_id == homes[0].id
    assert "001 甲" in rows[0].summary and "违法建房，拒不整改" in rows[0].summary
    assert led.verify().ok


def test_admin_withholds_another_with_a_reason_and_a_rerun_gives_nobody_twice(world, homes):
    led, vid = world.ledger, world.village.id
    with pytest.raises(ValidationError, match="理由"):
        led.base_points.give(vid, YEAR, {homes[2].id: "  "})
    withhold = led.base_points.plan(vid, YEAR).withheld_by_default
    withhold[homes[2].id] = "多次乱倒垃圾，群众反映强烈"
    assert led.base_points.give(vid, YEAR, withhold).value.given == 2
    # Again: nobody gets a second entry, the withheld stay withheld with their reasons,
    # and the log does not say it twice.
    again = led.base_points.plan(vid, YEAR)
    assert again.already == 2
    assert again.withheld_by_default[homes[2].id] == "多次乱倒垃圾，群众反映强烈"
    second = led.base_points.give(vid, YEAR).value
    assert second.given == 0 and len(second.withheld) == 2
    assert len(led.audit.list(vid, action=WITHHOLD_ACTION)) == 2
    assert led.entries.generate_base_points(vid, YEAR).value == 0
    # The committee later decides the vetoed household gets them after all: given once.
    assert (
        led.base_points.give(vid, YEAR, {homes[2].id: "多次乱倒垃圾，群众反映强烈"}).value.given
        == 1
    )
    assert [e.points for e in base_entries(world, homes[0].id)] == [100]
    assert led.base_points.plan(vid, YEAR).candidates[0].number == "003"
    assert led.verify().ok


def test_household_registered_mid_year_gets_them_on_its_registration_day(world):
    late = world.household("009", "新分户", registered=dt.date(YEAR, 6, 15))
    world.ledger.base_points.give(world.village.id, YEAR)
    assert [e.occurred_on for e in base_entries(world, late.id)] == [dt.date(YEAR, 6, 15)]


def test_household_from_the_roster_gets_them_on_1_january_not_the_import_day(world):
    led, vid = world.ledger, world.village.id
    rows = [RosterRow(2, number="0301", head="花名", name="花名", relation="户主")]
    led.roster.apply(vid, rows, skip_invalid=False)
    imported = led.households.by_number(vid, "0301")
    assert imported.registered_on == dt.date(TODAY.year, 1, 1)  # no 登记日期: 1 January
    led.base_points.give(vid, TODAY.year)
    entries = base_entries(world, imported.id, TODAY.year)
    assert [e.occurred_on for e in entries] == [dt.date(TODAY.year, 1, 1)]
    assert led.verify().ok


def test_future_year_and_other_villages_households_are_refused(world, homes):
    with pytest.raises(ValidationError, match="还没到"):
        world.ledger.base_points.give(world.village.id, TODAY.year + 1)
    with pytest.raises(ValidationError, match="不在本次名单"):
        world.ledger.base_points.give(world.village.id, YEAR, {"no-such-id": "理由"})


def test_a_posted_quarter_moves_them_to_the_first_quarter_not_posted(world, homes):
    led, vid = world.ledger, world.village.id
    q1 = led.publications.draft(vid, f"{YEAR}Q1", contact="村委会").value
    led.publications.post(q1.id, dt.date(YEAR, 4, 8), dt.date(YEAR, 4, 14))
    [second] = [c for c in led.base_points.plan(vid, YEAR).candidates if c.number == "002"]
    assert second.on == dt.date(YEAR, 4, 1) and second.day_text.endswith("（补记）")
    led.base_points.give(vid, YEAR)
    assert [e.occurred_on for e in base_entries(world, homes[1].id)] == [dt.date(YEAR, 4, 1)]
    assert led.verify().ok
