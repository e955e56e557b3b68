"""Person grades (个人等次, issue 21): a village sets its persons' grades apart from the
households' 评星定级 (which count base points), audited as its own action; the person ranking
and 连续两年优秀 for persons use them; a village that set none ranks its persons ungraded."""

from __future__ import annotations

import datetime as dt

import pytest
from sample_files import a_png

from jifen_desktop.model import periods
from jifen_desktop.model.audit_labels import field_name, plain_value
from jifen_desktop.model.calendar.honours import DEFAULT_GRADES, Grade
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.persons import PersonService

YEAR = periods.year(2025)
PARTY = [Grade("优秀", 60), Grade("合格", 30), Grade("基本合格", 10), Grade("不合格", None)]


def named(world, household, code, day, member):
    photo = a_png(world.ledger.folder / f"p-{code}-{day}.png", str(day))
    draft = EntryDraft(household.id, code, day, member_id=member.id, evidence=(photo,))
    return world.ledger.entries.record(world.village.id, draft).value


@pytest.fixture
def head(world):
    """001 王大山, the head, named by one approved B14 in 2024 and in 2025; base points given."""
    led = world.ledger
    household = world.household("001", "王大山")
    member = next(m for m in led.members.list(household.id) if m.name == "王大山")
    for y in (2024, 2025):
        led.entries.generate_base_points(world.village.id, y)
        world.approve(named(world, household, "B14", dt.date(y, 2, 3), member))
    return member


def test_person_grades_are_set_apart_and_audited(world):
    led, vid = world.ledger, world.village.id
    assert led.honours.person_grades(vid) == []  # none until the village sets some
    done = led.honours.set_person_grades(vid, PARTY).value
    assert done == PARTY and led.honours.person_grades(vid) == PARTY
    assert led.honours.grades(vid) == list(DEFAULT_GRADES)  # the households' untouched
    row = next(r for r in led.audit.list(vid) if r.action == "village.person_grades")
    assert row.action_name == "设定个人等次"
    assert row.summary == "个人等次：优秀≥60、合格≥30、基本合格≥10、不合格"
    assert field_name("person_tiers", "villages") == "个人等次"
    assert "基本合格≥10" in str(plain_value("villages", "person_tiers", row.after["person_tiers"]))
    with pytest.raises(ValidationError, match="从高到低"):
        led.honours.set_person_grades(vid, [Grade("优秀", 10), Grade("合格", 30)])
    with pytest.raises(ValidationError, match="至少要有一个等级"):
        led.honours.set_person_grades(vid, [])
    assert led.honours.person_grades(vid) == PARTY
    assert led.verify().ok


def test_persons_are_graded_by_person_grades_not_the_households(world, head):
    led, vid = world.ledger, world.village.id
    persons = PersonService(led)
    led.honours.set_grades(vid, [Grade("优秀", 100), Grade("合格", None)])
    household = led.honours.honours(vid, YEAR).grades
    assert [(g.name, [r.number for r in rows]) for g, rows in household] == [
        ("优秀", ["001"]),  # 100 base points and the deed
        ("合格", []),
    ]
    # No person grades: the head is ranked without a grade, and no 连续两年 either.
    assert [(r.person.name, r.grade) for r in persons.rank(vid, YEAR)] == [("王大山", "")]
    assert persons.two_years(vid, YEAR) == []
    points = persons.rank(vid, YEAR)[0].person.points
    led.honours.set_person_grades(vid, [Grade("优秀", points), Grade("合格", None)])
    assert [(r.person.name, r.grade) for r in persons.rank(vid, YEAR)] == [("王大山", "优秀")]
    assert [r.person.name for r in persons.two_years(vid, YEAR)] == ["王大山"]
    led.honours.set_person_grades(vid, [Grade("优秀", points + 1), Grade("合格", None)])
    assert persons.rank(vid, YEAR)[0].grade == "合格"
    assert persons.two_years(vid, YEAR) == []
    assert led.verify().ok


def test_a_person_of_a_vetoed_household_is_ranked_but_not_graded(world, head):
    """As the household itself: a 一票否决 household's people keep their rank, marked, with no
    grade (the CLI printed 优秀 beside 一票否决户，不参评)."""
    led, vid = world.ledger, world.village.id
    persons = PersonService(led)
    led.honours.set_person_grades(vid, [Grade("优秀", 1), Grade("合格", None)])
    assert [(r.grade, r.vetoed) for r in persons.rank(vid, YEAR)] == [("优秀", False)]
    led.vetoes.add(head.household_id, "违法建房", dt.date(2025, 6, 1), dt.date(2025, 12, 31))
    assert [(r.rank, r.grade, r.vetoed) for r in persons.rank(vid, YEAR)] == [(1, "", True)]
