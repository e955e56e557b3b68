"""Households, members and ID numbers, status history, and the type-ahead search."""

from __future__ import annotations

import datetime as dt

import pytest

from jifen_desktop.model import idcard
from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.pinyin_keys import name_keys


def make_id(prefix17: str) -> str:
    return prefix17 + idcard.check_digit(prefix17)


def test_check_digit_known_numbers():
    assert idcard.check_digit("11010519491231002") == "X"  # the standard's own example
    assert idcard.validate("11010519491231002x") == "11010519491231002X"
    with pytest.raises(ValidationError, match="校验位不对（应为X）"):
        idcard.validate("110105194912310021")
    with pytest.raises(ValidationError, match="格式不对"):
        idcard.validate("12345")
    with pytest.raises(ValidationError, match="出生日期"):
        idcard.validate(make_id("42088119491331002"))
    assert idcard.mask("11010519491231002X") == "110105********002X"


def test_member_id_number_decides_birth_and_gender(world):
    h = world.household("001", "王建国")
    number = make_id("42088119800215001")  # 17th digit 1: male
    m = world.ledger.members.add(h.id, "王小军", relation="子", id_number=number).value
    assert (m.birth_date, m.gender) == (dt.date(1980, 2, 15), "男")
    with pytest.raises(ValidationError, match="性别与身份证号不一致"):
        world.ledger.members.add(
            h.id, "王小红", relation="女", gender="女", id_number=make_id("42088119900101003")
        )
    with pytest.raises(ValidationError, match="已登记在户 001"):
        world.ledger.members.add(h.id, "王重复", relation="子", id_number=number)


def test_household_number_unique_in_village(world):
    world.household("001", "王建国")
    with pytest.raises(ValidationError, match="户号 001 在本村已经存在"):
        world.household("001", "李四")


def test_head_is_first_member_and_status_history_kept(world):
    h = world.household("001", "王建国")
    assert [(m.name, m.relation) for m in world.ledger.members.list(h.id)] == [("王建国", "户主")]
    world.ledger.households.set_status(h.id, "moved_out", dt.date(2026, 1, 5), "迁往县城")
    world.ledger.households.set_status(h.id, "active", dt.date(2026, 6, 1), "回村居住")
    history = world.ledger.households.history(h.id)
    assert [(c.status, c.effective_on) for c in history] == [
        ("active", dt.date(2020, 1, 1)),
        ("moved_out", dt.date(2026, 1, 5)),
        ("active", dt.date(2026, 6, 1)),
    ]
    with pytest.raises(ValidationError, match="已经是“在册”"):
        world.ledger.households.set_status(h.id, "active", dt.date(2026, 6, 2))


def test_surname_readings_indexed():
    assert {"shanzhi", "sz", "danzhi"} <= name_keys("单志")
    assert "zengguofan" in name_keys("曾国藩")
    assert "ouyangxiu" in name_keys("欧阳修") and "oyx" in name_keys("欧阳修")
    assert "qiuqiang" in name_keys("仇强")


def test_search_by_number_name_initials_pinyin_and_member(world):
    a = world.household("0101", "单志")
    world.household("0102", "王建国")
    world.household("0201", "王建军")
    world.ledger.members.add(a.id, "单小梅", relation="女")

    def found(q):
        return [h.number for h in world.ledger.households.search(world.village.id, q)]

    assert found("0101") == ["0101"]
    assert found("sz") == ["0101"] and found("shan") == ["0101"] and found("dan") == ["0101"]
    assert found("wjg") == ["0102"]
    assert found("wangjian") == ["0102", "0201"]
    assert found("小梅") == ["0101"] and found("sxm") == ["0101"]
    assert found("建") == ["0102", "0201"]
    assert found("") == [] and found("%") == []


def test_search_keys_follow_edits(world):
    h = world.household("0101", "王建国")
    world.ledger.households.update(h.id, head_name="曾建国")
    assert [x.number for x in world.ledger.households.search(world.village.id, "zjg")] == ["0101"]


def test_unit_needs_a_name(world):
    with pytest.raises(ValidationError, match="单位名称不能为空"):
        world.household("D01", "李老板", kind="unit")


def test_household_with_members_in_one_call(world):
    number = make_id("42088119700305002")  # 17th digit 0: female
    h = world.ledger.households.add(
        world.village.id,
        "0301",
        "周桂英",
        grid_id=world.grid1.id,
        head_details={"id_number": number, "is_party_member": True},
        members=[
            {"name": "陈强", "relation": "配偶", "gender": "男"},
            {"name": "陈小燕", "relation": "女"},
        ],
    ).value
    members = world.ledger.members.list(h.id)
    assert [(m.name, m.relation) for m in members] == [
        ("周桂英", "户主"),
        ("陈强", "配偶"),
        ("陈小燕", "女"),
    ]
    assert members[0].gender == "女" and members[0].is_party_member
    assert [x.number for x in world.ledger.households.search(world.village.id, "cxy")] == ["0301"]


def test_household_with_a_bad_member_is_not_added_at_all(world):
    with pytest.raises(ValidationError, match="校验位不对"):
        world.ledger.households.add(
            world.village.id,
            "0302",
            "吴刚",
            grid_id=world.grid1.id,
            members=[{"name": "吴小刚", "relation": "子", "id_number": "110105194912310021"}],
        )
    assert world.ledger.households.list(world.village.id) == []


def test_matching_ids_are_what_search_finds_unranked(world):
    world.household("0101", "单志")
    world.household("0102", "王建国")
    world.household("0201", "王秀英", grid=world.grid2)
    households = world.ledger.households
    for query in ("w", "wang", "sz", "shan", "王", "01", "0201", "x", "不存在"):
        found = {h.id for h in households.search(world.village.id, query, limit=100)}
        assert households.matching_ids(world.village.id, query) == found, query
    assert households.matching_ids(world.village.id, "  ") == set()
