"""Names, household numbers, addresses and phones: cleaned (full-width digits, spaces) or refused
(inner spaces in a number, control characters, overlong values) in one place, the same for
households, members, the roster import, grids and goods."""

from __future__ import annotations

import pytest

from jifen_desktop.model import text_fields
from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.roster.rows import RosterRow

ESC_NAME = "王\x1b[2J\x1b[31m建国"
LONG = "长" * 10_000


def test_full_width_digits_and_spaces_are_cleaned():
    assert text_fields.clean_number(" ０１０１ ") == "0101"
    assert text_fields.clean_phone("１３８ ０００ 01111") == "138 000 01111"
    assert text_fields.clean_phone("+86 138-0000-1111") == "+86 138-0000-1111"
    assert text_fields.clean_name("  王　 建国 ", "户主姓名") == "王 建国"
    assert text_fields.clean_name("刘䶮", "户主姓名") == "刘䶮"  # rare characters stay as typed
    assert (
        text_fields.clean_text("第一行 \r\n 第二行", "备注", 50, multiline=True) == "第一行\n第二行"
    )


@pytest.mark.parametrize(
    ("clean", "value", "fragment"),
    [
        (text_fields.clean_number, "80 06", "户号“80 06”中间有空格"),
        (text_fields.clean_number, "8" * 21, "户号太长（最多20个字"),
        (text_fields.clean_number, "", "户号不能为空"),
        (lambda v: text_fields.clean_name(v, "成员姓名"), LONG, "成员姓名太长（最多30个字"),
        (lambda v: text_fields.clean_name(v, "成员姓名"), ESC_NAME, "控制字符（U+001B"),
        (lambda v: text_fields.clean_name(v, "成员姓名"), "王\u202e国建", "控制字符（U+202E"),
        (lambda v: text_fields.clean_name(v, "成员姓名"), "王\u200b建国", "控制字符"),
        (lambda v: text_fields.clean_name(v, "成员姓名"), "王\udcff", "控制字符"),
        (lambda v: text_fields.clean_name(v, "成员姓名"), "王\n建国", "不能分行"),
        (text_fields.clean_address, LONG, "地址太长（最多100个字"),
        (text_fields.clean_phone, "1" * 10_000, "电话太长（最多20个字"),
        (text_fields.clean_phone, "138abc", "只能填数字"),
    ],
)
def test_bad_text_is_refused_naming_the_field(clean, value, fragment):
    with pytest.raises(ValidationError) as refused:
        clean(value)
    assert fragment in refused.value.message


def test_household_numbers_are_stored_and_found_in_ascii(world):
    h = world.household("０１０１", "王建国")
    assert h.number == "0101"
    assert world.ledger.households.by_number(world.village.id, "０１０１").id == h.id
    found = world.ledger.households.search(world.village.id, "０１０")
    assert [f.number for f in found] == ["0101"]
    with pytest.raises(ValidationError, match="户号 0101 在本村已经存在"):
        world.household("0101", "别人")
    with pytest.raises(ValidationError, match="中间有空格") as refused:
        world.household("80 06", "李四")
    assert refused.value.field == "number"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"head": ESC_NAME}, "head_name"),
        ({"head": LONG}, "head_name"),
        ({"address": LONG}, "address"),
        ({"phone": LONG}, "phone"),
        ({"phone": "请打村委会"}, "phone"),
    ],
)
def test_household_fields_are_checked_on_add_and_update(world, fields, field):
    values = {"head": "王建国", "address": "", "phone": ""} | fields
    with pytest.raises(ValidationError) as refused:
        world.household("0102", values["head"], address=values["address"], phone=values["phone"])
    assert refused.value.field == field
    h = world.household("0103", "张大山")
    changes = {field: values["head"] if field == "head_name" else values[field]}
    with pytest.raises(ValidationError) as refused:
        world.ledger.households.update(h.id, **changes)
    assert refused.value.field == field
    assert world.ledger.households.get(h.id).head_name == "张大山"


def test_member_name_and_phone_are_checked(world):
    h = world.household("0101", "王建国")
    for name in (LONG, ESC_NAME):
        with pytest.raises(ValidationError, match="成员姓名") as refused:
            world.ledger.members.add(h.id, name, relation="子")
        assert refused.value.field == "name"
    with pytest.raises(ValidationError, match="电话"):
        world.ledger.members.add(h.id, "王小军", relation="子", phone=LONG)
    member = world.ledger.members.add(
        h.id, "王小军", relation="子", phone="１３８００００１１１１"
    ).value
    assert member.phone == "13800001111"
    with pytest.raises(ValidationError, match="成员姓名"):
        world.ledger.members.update(member.id, name=ESC_NAME)
    with pytest.raises(ValidationError, match="电话"):
        world.ledger.members.update(member.id, phone="1" * 50)


def test_grid_and_goods_names_are_checked(world):
    with pytest.raises(ValidationError, match="网格名称里有看不见的控制字符"):
        world.ledger.villages.add_grid(world.village.id, "三\x1b组")
    with pytest.raises(ValidationError, match="网格名称太长"):
        world.ledger.villages.add_grid(world.village.id, LONG)
    with pytest.raises(ValidationError, match="商品名称太长"):
        world.ledger.store.add_goods(world.village.id, LONG, 10)
    with pytest.raises(ValidationError, match="商品名称里有看不见的控制字符"):
        world.ledger.store.add_goods(world.village.id, "肥\x1b皂", 10)


def _row(row: int, number: str, name: str, **cells: str) -> RosterRow:
    return RosterRow(row, number=number, head=name, name=name, relation="户主", **cells)


def test_roster_rows_are_cleaned_and_refused_the_same_way(world):
    rows = [
        _row(2, "０２０１", "张三", phone="１３８００００１１１１"),
        _row(3, "02 02", "李四"),
        _row(4, "0203", ESC_NAME),
        _row(5, "0204", "赵六", address=LONG),
    ]
    report = world.ledger.roster.check(world.village.id, rows)
    found = {(p.row, p.column, p.blocking) for p in report.problems}
    assert found == {(3, "户号", True), (4, "姓名", True), (4, "户主", True), (5, "住址", False)}
    world.ledger.roster.apply(world.village.id, rows, skip_invalid=True)
    added = world.ledger.households.by_number(world.village.id, "0201")
    assert (added.head_name, added.phone) == ("张三", "13800001111")
    # an address too long is left out, the household is imported
    assert world.ledger.households.by_number(world.village.id, "0204").address == ""


def test_operator_display_names_are_checked(world, admin_password):
    ops = world.ledger.operators
    with pytest.raises(ValidationError, match="姓名里有看不见的控制字符") as refused:
        ops.add("zhang", "张\x1b[8m网格员", "recorder", admin_password, village_id=world.village.id)
    assert refused.value.field == "display_name"
    with pytest.raises(ValidationError, match="姓名太长"):
        ops.add("zhang", LONG, "recorder", admin_password, village_id=world.village.id)
    added = ops.add(
        "zhang", " 张　网格员 ", "recorder", admin_password, village_id=world.village.id
    )
    assert added.value.display_name == "张 网格员"
    with pytest.raises(ValidationError, match="姓名太长"):
        ops.update("zhang", display_name=LONG)
