"""A person moved by 分户 keeps one account in the person views: the old row (迁出) and the new
one are joined by ID number, so the ranking lists the person once with the points of both, and
the archive holds the entries before and after the move."""

from __future__ import annotations

from test_household_changes import YEAR, deed, family, members_of, split_son

from jifen_desktop.model import idcard
from jifen_desktop.model.periods import year as year_period
from jifen_desktop.model.person_archive import person_archive
from jifen_desktop.model.persons import PersonService

SON_ID = "42088119950312001" + idcard.check_digit("42088119950312001")


def test_a_person_moved_by_a_split_is_one_person_with_both_rows_points(world):
    led = world.ledger
    h = family(world)
    son = members_of(world, h)["王小军"]
    led.members.update(son.id, id_number=SON_ID)
    before = deed(world, h.id, son.id)  # named while in the old household
    world.approve(before)
    change = split_son(world, h, rule="none")
    moved = members_of(world, led.households.by_number(world.village.id, "031"))["王小军"]
    assert moved.id != son.id
    after = deed(world, moved.household_id, moved.id)
    world.approve(after)

    period = year_period(YEAR)
    persons = PersonService(led)
    rows = [r for r in persons.list(world.village.id, period) if r.name == "王小军"]
    assert len(rows) == 1, "one person, not one row per household"
    (row,) = rows
    assert row.member_id == moved.id and row.household_number == "031"
    assert row.entries == 2 and row.points == before.points + after.points
    assert persons.get(son.id, period).points == row.points  # from the old row too
    archive = person_archive(led, moved.id, period)
    assert {e.id for e in archive.entries} == {before.id, after.id}
    assert change.kind == "split"
