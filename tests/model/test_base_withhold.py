"""Base points withheld for last year's disqualifying deductions (seed 001 篇7 二、1) the same
way wherever they are given: 发放年度基础分 (``BasePointsService``, the dialog and `jifen
base-points`) proposes the same withhold list as the 年度结转, and giving with the default list
writes the deduction as the household's reason in the audit log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from jifen_desktop.model.base_points_lookup import WITHHOLD_ACTION
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.schema import AuditRow
from jifen_desktop.model.year_close import YearCloseService

YEAR = 2025


def _village_with_a_deduction(world):
    led, vid = world.ledger, world.village.id
    good, bad = world.household("001", "甲"), world.household("002", "乙")
    entry = led.entries.record(vid, EntryDraft(bad.id, "A16", dt.date(YEAR, 3, 1), points=-5))
    world.approve(entry.value)
    return good, bad


def test_the_plan_withholds_a_household_with_a_marked_deduction_last_year(world):
    led, vid = world.ledger, world.village.id
    good, bad = _village_with_a_deduction(world)
    before = led.base_points.plan(vid, YEAR + 1).withheld_by_default
    assert bad.id not in before  # nothing marked yet: a deduction alone withholds nothing
    YearCloseService(led).set_withhold_rules(vid, ["A16"])
    plan = led.base_points.plan(vid, YEAR + 1)
    reason = plan.withheld_by_default[bad.id]
    assert reason.startswith("上年有扣分：违反村规民约（2025-03-01，-5分）")
    assert good.id not in plan.withheld_by_default
    assert led.base_points.missing(vid, YEAR + 1) == 1
    assert YearCloseService(led).status(vid, YEAR).base.withhold == plan.withheld_by_default


def test_giving_with_the_default_list_logs_the_deduction(world):
    led, vid = world.ledger, world.village.id
    _, bad = _village_with_a_deduction(world)
    YearCloseService(led).set_withhold_rules(vid, ["A16"])
    result = led.base_points.give(vid, YEAR + 1).value
    assert result.given == 1
    assert [label for label, _ in result.withheld] == [f"{bad.number} {bad.head_name}"]
    with led.read() as s:
        logged = s.scalars(select(AuditRow.summary).where(AuditRow.action == WITHHOLD_ACTION)).all()
    assert any("002 乙" in t and "上年有扣分" in t for t in logged)
    assert led.verify().ok


def test_the_admin_may_still_give_it(world):
    led, vid = world.ledger, world.village.id
    _, bad = _village_with_a_deduction(world)
    YearCloseService(led).set_withhold_rules(vid, ["A16"])
    result = led.base_points.give(vid, YEAR + 1, withhold={}).value
    assert result.given == 2 and not result.withheld
    assert bad.id not in led.base_points.plan(vid, YEAR + 1).withheld_by_default
