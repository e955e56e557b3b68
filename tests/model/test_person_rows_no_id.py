"""A person recorded without an ID number, moved by 分户 or 合户, is one person in the person
views: the change record names the members it moved, so the old row (迁出) and the new one are
joined by it — the ranking lists them once with the points of both rows, either row finds the
same points, the archive holds the entries before and after, and two moves lead back to one
person. Two rows of one name the change cannot tell apart stay apart."""

from __future__ import annotations

import datetime as dt

from test_household_changes import ON, YEAR, deed, family, members_of, split_son

from jifen_desktop.model.household_changes import HouseholdChangeService, SplitPlan
from jifen_desktop.model.periods import year as year_period
from jifen_desktop.model.person_archive import person_archive
from jifen_desktop.model.persons import PersonService


def rows_named(world, name):  # type: ignore[no-untyped-def]
    period = year_period(YEAR)
    return [r for r in PersonService(world.ledger).list(world.village.id, period) if r.name == name]


def approved_deed(world, household_id, member_id):  # type: ignore[no-untyped-def]
    entry = deed(world, household_id, member_id)
    world.approve(entry)
    return entry


def test_a_person_without_an_id_number_is_one_person_across_a_split_and_a_merge(world):
    led = world.ledger
    h = family(world)
    son = members_of(world, h)["王小军"]
    assert not son.id_number
    before = approved_deed(world, h.id, son.id)
    split_son(world, h, rule="none")
    new = led.households.by_number(world.village.id, "031")
    moved = members_of(world, new)["王小军"]
    after = approved_deed(world, new.id, moved.id)
    (row,) = rows_named(world, "王小军")
    assert (row.member_id, row.entries, row.points) == (moved.id, 2, before.points + after.points)
    period = year_period(YEAR)
    persons = PersonService(led)
    assert persons.get(son.id, period).points == row.points == persons.get(moved.id, period).points
    assert {e.id for e in person_archive(led, son.id, period).entries} == {before.id, after.id}
    # 合户 back into the first household: three rows, one person.
    HouseholdChangeService(led).merge(new.id, h.id, dt.date.today(), transfer="none")
    back = members_of(world, h)["王小军"]
    last = approved_deed(world, h.id, back.id)
    (row,) = rows_named(world, "王小军")
    assert row.member_id == back.id and row.entries == 3
    assert row.points == before.points + after.points + last.points
    assert {e.id for e in person_archive(led, son.id, period).entries} == {
        before.id,
        after.id,
        last.id,
    }
    report = led.verify()
    assert report.ok, report.findings


def test_a_namesake_who_stays_is_not_joined(world):
    led = world.ledger
    h = family(world)
    grandson = led.members.add(h.id, "王小军", relation="孙子").value  # stays behind
    son = next(m for m in led.members.list(h.id) if m.relation == "子")
    before = approved_deed(world, h.id, son.id)
    plan = SplitPlan((son.id,), son.id, "031", None, ON, reason="另立门户")
    HouseholdChangeService(led).split(h.id, plan)  # the son leaves; the grandson stays
    rows = {r.member_id: r for r in rows_named(world, "王小军")}
    moved = members_of(world, led.households.by_number(world.village.id, "031"))["王小军"]
    assert set(rows) == {grandson.id, moved.id}
    assert (rows[moved.id].points, rows[grandson.id].entries) == (before.points, 0)
    assert dt.date.today() >= ON  # the split's day
