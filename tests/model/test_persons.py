"""Persons within households (issue 21): a person's points are the approved entries naming them
(a view, never a second ledger), persons ranked within a group with the village's person grades,
participation and redeeming rates on a known small village, the person's archive (一事一记),
half-year periods, the two-year rule and titles awarded to persons."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sample_files import a_png

from jifen_desktop.model import periods
from jifen_desktop.model.calendar.honour_awards import HonourAwardService
from jifen_desktop.model.calendar.honour_pick import propose
from jifen_desktop.model.calendar.honours import Grade
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.person_archive import person_archive
from jifen_desktop.model.person_pick import propose_persons
from jifen_desktop.model.person_rates import village_rates
from jifen_desktop.model.persons import PersonService

H1 = periods.parse("2025H1")
YEAR = periods.year(2025)
PHOTOS = itertools.count()


@pytest.fixture
def people(world):
    """Two households: 001 王大山 (党员, 村干部) and his wife 李秀英; 002 赵四 (党员) and his
    son 赵小五, who moved out on 2025-03-01. 赵四 is never named by an entry."""
    led, vid = world.ledger, world.village.id
    h1, h2 = world.household("001", "王大山"), world.household("002", "赵四")
    members = {m.name: m for m in led.members.list(h1.id) + led.members.list(h2.id)}
    wang = members.get("王大山") or led.members.add(h1.id, "王大山", relation="户主").value
    led.members.update(wang.id, is_party_member=True, is_cadre=True)
    li = led.members.add(h1.id, "李秀英", relation="配偶").value
    zhao = members.get("赵四") or led.members.add(h2.id, "赵四", relation="户主").value
    led.members.update(zhao.id, is_party_member=True)
    son = led.members.add(h2.id, "赵小五", relation="子").value
    return {"h1": h1, "h2": h2, "wang": wang, "li": li, "zhao": zhao, "son": son, "vid": vid}


def record(world, household, code, day, member=None, points=None):
    """An entry of ``code`` with a photo (the catalog asks for evidence), naming ``member``."""
    photo = a_png(world.ledger.folder / f"photo-{next(PHOTOS)}.png", str(day))
    member_id = member.id if member else None
    draft = EntryDraft(household.id, code, day, points, member_id=member_id, evidence=(photo,))
    return world.ledger.entries.record(world.village.id, draft).value


def test_person_points_are_the_approved_entries_naming_them(world, people):
    p, led = people, world.ledger
    approved = [
        record(world, p["h1"], "B14", dt.date(2025, 2, 3), p["wang"]),
        record(world, p["h1"], "B05", dt.date(2025, 4, 9), p["wang"]),
        record(world, p["h1"], "B05", dt.date(2025, 5, 2), p["li"]),
        record(world, p["h2"], "B04", dt.date(2025, 2, 20), p["son"]),
    ]
    world.approve(*approved)
    record(world, p["h1"], "C10", dt.date(2025, 5, 5), p["wang"])  # pending: not counted
    rejected = record(world, p["h1"], "B04", dt.date(2025, 5, 6), p["li"])
    world.reject("照片看不清", rejected)
    household_only = record(world, p["h1"], "B05", dt.date(2025, 6, 1))  # names no one
    world.approve(household_only)
    # 弄虚作假 (found on 6-10): her entry is reversed and twice its points deducted, naming her.
    led.entries.false_declaration(approved[2].id, "没有参加", on=dt.date(2025, 6, 10))
    rows = {r.name: r for r in PersonService(led).list(p["vid"], H1)}
    assert rows["王大山"].points == approved[0].points + approved[1].points
    assert rows["李秀英"].points == -2 * approved[2].points
    assert rows["李秀英"].deducted == -3 * approved[2].points
    assert rows["赵小五"].points == approved[3].points
    assert rows["赵四"].points == 0 and rows["赵四"].entries == 0
    # The household keeps the sum of all its entries; persons are a view over them.
    household = {r.number: r for r in led.rankings.rank(p["vid"], H1)}["001"]
    named = rows["王大山"].points + rows["李秀英"].points
    assert household.points == named + household_only.points
    # A reversal (冲正) names the same person and cancels the points.
    led.entries.correct(approved[0].id, "记错了人家", on=dt.date(2025, 6, 2))
    again = {r.name: r for r in PersonService(led).list(p["vid"], H1)}
    assert again["王大山"].points == approved[1].points


def test_person_ranking_by_group_with_grades_and_a_moved_out_member(world, people):
    p, led = people, world.ledger
    led.honours.set_person_grades(
        p["vid"], [Grade("优秀", 10), Grade("合格", 5), Grade("诫勉", None)]
    )
    world.approve(
        record(world, p["h1"], "B14", dt.date(2025, 2, 3), p["wang"]),
        record(world, p["h1"], "B05", dt.date(2025, 4, 9), p["li"]),
        record(world, p["h2"], "B05", dt.date(2025, 2, 20), p["son"]),
    )
    led.members.set_status(p["son"].id, "moved_out", dt.date(2025, 3, 1))
    persons = PersonService(led)
    everyone = persons.rank(p["vid"], H1)
    assert [(r.rank, r.person.name, r.grade) for r in everyone] == [
        (1, "王大山", "优秀"),
        (2, "李秀英", "合格"),
        (2, "赵小五", "合格"),
        (4, "赵四", "诫勉"),
    ]
    assert [r.person.name for r in persons.rank(p["vid"], H1, "party")] == ["王大山", "赵四"]
    assert [r.person.name for r in persons.rank(p["vid"], H1, "cadre")] == ["王大山"]
    # After the move-out, the son is not among the persons of the second half-year.
    later = persons.rank(p["vid"], periods.parse("2025H2"))
    assert "赵小五" not in {r.person.name for r in later}
    assert all(r.grade == "" for r in persons.rank(p["vid"], periods.parse("2025Q1")))
    with pytest.raises(ValidationError, match="人员范围"):
        persons.rank(p["vid"], H1, "youth")


def test_rates_on_a_known_small_village(world, people):
    p, led = people, world.ledger
    led.entries.generate_base_points(p["vid"], 2025)  # base points name no one
    world.approve(record(world, p["h1"], "B14", dt.date(2025, 2, 3), p["wang"]))
    world.approve(record(world, p["h1"], "B05", dt.date(2025, 3, 3), p["li"]))
    led.store.add_goods(p["vid"], "肥皂", 5, unit="块")
    led.store.stock_in(p["vid"], "肥皂", 5, unit_cost_fen=250)
    led.store.redeem(
        p["vid"], p["h1"].id, [("肥皂", 1)], member_id=p["li"].id, on=dt.date(2025, 4, 1)
    )
    rates = village_rates(led, p["vid"], H1)
    assert (rates.present, rates.taking_part) == (4, 2)
    assert (rates.party_present, rates.party_taking_part) == (2, 1)
    assert rates.redeeming == 1 and rates.redeeming_rate == 0.25
    lines = {x.what: (x.count, x.rate, x.met) for x in rates.lines()}
    assert lines["党员参与率"] == ("1/2", "50%", False)
    assert lines["个人兑换率"] == ("1/4", "25%", False)
    assert [x.text for x in rates.lines()][1:] == [
        "党员参与率：1/2，50%（目标100%）",
        "个人兑换率：1/4，25%（目标≥30%）",
    ]
    assert village_rates(led, p["vid"], periods.parse("2025H2")).taking_part == 0


def test_archive_lists_every_entry_and_the_titles(world, people):
    p, led = people, world.ledger
    good = record(world, p["h1"], "B14", dt.date(2025, 2, 3), p["wang"])
    world.approve(good)
    bad = record(world, p["h1"], "B04", dt.date(2025, 3, 4), p["wang"])
    world.reject("不是本人参加", bad)
    pending = record(world, p["h1"], "C10", dt.date(2025, 5, 5), p["wang"])
    record(world, p["h1"], "B05", dt.date(2025, 5, 6), p["li"])  # someone else's
    awards = HonourAwardService(led)
    awards.award_persons(p["vid"], [p["wang"].id], "优秀党员", "2025H1", dt.date(2025, 7, 3))
    awards.award(p["vid"], [p["h1"].id], "文明家庭", "2025", dt.date(2026, 1, 10))
    archive = person_archive(led, p["wang"].id, H1)
    assert [e.id for e in archive.entries] == [good.id, bad.id, pending.id]
    assert [e.status for e in archive.entries] == ["approved", "rejected", "pending"]
    assert archive.person.points == good.points and archive.pending == 1
    assert [a.title for a in archive.person_titles] == ["优秀党员"]
    assert [a.title for a in archive.household_titles] == ["文明家庭"]
    assert "党员、村干部" in archive.who and archive.heading == "王大山 2025年上半年个人积分档案"
    assert person_archive(led, p["li"].id, H1).person_titles == ()


def test_award_to_persons_is_audited_idempotent_and_apart_from_the_household(world, people):
    p, led = people, world.ledger
    world.approve(record(world, p["h1"], "B14", dt.date(2025, 2, 3), p["wang"]))
    awards = HonourAwardService(led)
    made = awards.award_persons(
        p["vid"],
        [p["wang"].id],
        "优秀党员",
        "2025",
        dt.date(2026, 1, 5),
        "top",
        {p["wang"].id: "前1名"},
    ).value
    (award,) = made.awarded
    assert award.member_id == p["wang"].id and award.household_id == p["h1"].id
    assert award.household_label == "001 王大山" and award.points == 10
    again = awards.award_persons(p["vid"], [p["wang"].id], "优秀党员", "2025", dt.date(2026, 1, 5))
    assert again.value.awarded == () and again.value.already == (p["wang"].id,)
    # The household may hold the same title: a person's title is not the household's.
    assert awards.award(
        p["vid"], [p["h1"].id], "优秀党员", "2025", dt.date(2026, 1, 5)
    ).value.awarded
    audit = [r for r in led.audit.list(p["vid"]) if r.action == "honour.award"]
    assert any("王大山" in r.summary and "优秀党员" in r.summary for r in audit)
    led.vetoes.add(p["h2"].id, "违法建房", dt.date(2025, 6, 1), dt.date(2025, 12, 31))
    with pytest.raises(ValidationError, match="一票否决"):
        awards.award_persons(p["vid"], [p["zhao"].id], "优秀党员", "2025", dt.date(2026, 1, 5))
    proposal = propose_persons(led, p["vid"], YEAR, "top", "party", count=1)
    assert [r.person.name for r in proposal.proposed] == ["王大山"]
    assert [r.person.name for r in proposal.vetoed] == ["赵四"]
    wife = awards.award_persons(p["vid"], [p["li"].id], "好媳妇", "2025", dt.date(2026, 1, 5))
    lifted = awards.lift(wife.value.awarded[0].id, "查实弄虚作假", dt.date(2026, 2, 1)).value
    assert lifted.lifted_on == dt.date(2026, 2, 1) and lifted.recipient_name == "李秀英"
    lift_row = next(r for r in led.audit.list(p["vid"]) if r.action == "honour.lift")
    assert "撤销 001 李秀英 的2025年度“好媳妇”" in lift_row.summary
    assert led.verify().ok  # every award and lift audited with its values


def test_two_years_at_the_top_grade(world, people):
    p, led = people, world.ledger
    for grades in (led.honours.set_grades, led.honours.set_person_grades):
        grades(p["vid"], [Grade("优秀", 10), Grade("合格", None)])
    for y in (2024, 2025):
        world.approve(record(world, p["h1"], "B14", dt.date(y, 2, 3), p["wang"]))
    world.approve(record(world, p["h2"], "B14", dt.date(2025, 2, 3), p["son"]))
    honours = led.honours.honours(p["vid"], YEAR)
    assert [r.number for r in honours.two_years] == ["001"]
    proposal = propose(led, p["vid"], YEAR, "two_years")
    assert [r.number for r in proposal.proposed] == ["001"]
    assert proposal.chosen_by == "grade" and "连续两年优秀" in proposal.basis[p["h1"].id]
    with pytest.raises(ValidationError, match="年度"):
        propose(led, p["vid"], H1, "two_years")
    persons = propose_persons(led, p["vid"], YEAR, "two_years")
    assert [r.person.name for r in persons.proposed] == ["王大山"]
    assert led.honours.honours(p["vid"], periods.year(2024)).two_years == []


@pytest.mark.parametrize(
    ("text", "key", "label", "start", "end"),
    [
        ("2026H1", "2026H1", "2026年上半年", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        ("2026h2", "2026H2", "2026年下半年", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
        ("2026上半年", "2026H1", "2026年上半年", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        ("2026年下半年", "2026H2", "2026年下半年", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
    ],
)
def test_half_years_parse(text, key, label, start, end):
    period = periods.parse(text)
    assert (period.key, period.label, period.start, period.end) == (key, label, start, end)
    assert periods.half_of(start) == period == periods.half_of(end)


@pytest.mark.parametrize("text", ["2026H3", "2026H0", "9999H1"])
def test_bad_half_years_are_refused_in_chinese(text):
    with pytest.raises(ValidationError, match="期间|年份"):
        periods.parse(text)


def test_the_half_years_offered_are_those_begun():
    keys = [p.key for p in periods.half_years(dt.date(2026, 3, 7), 1)]
    assert keys == ["2026H1", "2025H2", "2025H1"]
    assert [p.key for p in periods.half_years(dt.date(2026, 7, 1), 0)] == ["2026H2", "2026H1"]
