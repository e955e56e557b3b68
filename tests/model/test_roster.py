"""Roster import (花名册导入): real .xlsx files read back through ``read_roster``, checked and
applied to a real migrated ledger — every kind of bad row reported by row, column and problem
with nothing written; only the good households with ``skip_invalid``; re-import changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from jifen_desktop.model import idcard
from jifen_desktop.model.errors import PermissionDenied, ValidationError
from jifen_desktop.model.roster.rows import FIELDS, RosterRow, grid_key, parse_date, party_of
from jifen_desktop.model.schema import AuditRow, Household, Member
from jifen_desktop.model.tx import Actor, Change
from jifen_desktop.reports.roster_read import RosterFileError, read_roster

HEADERS = list(FIELDS.values())


def make_id(birth: str, serial: str = "001") -> str:
    """A valid 18-digit number born on ``birth`` (YYYYMMDD); an odd last serial digit is male."""
    first17 = "420881" + birth + serial
    return first17 + idcard.check_digit(first17)


def wrong_check_digit(number: str) -> str:
    return number[:17] + ("1" if number[17] != "1" else "2")


def id_ending_in_x(birth: str) -> str:
    """A valid number of a man born on ``birth`` whose check character is X."""
    numbers = (make_id(birth, f"{i:03d}") for i in range(1, 1000, 2))
    return next(n for n in numbers if n.endswith("X"))


def exact_number(cell, digits: str) -> None:
    """A number cell holding every digit, as some programs write it (Excel keeps 15)."""
    cell._value, cell.data_type = digits, "n"


def write_xlsx(
    path: Path, rows: list[list[object]], above: list[list[object]] | None = None
) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    for row in [*(above or []), *rows]:
        ws.append(row)
    book.save(path)
    return path


def person(number: str, head: str, name: str, relation: str, **cells: str) -> list[object]:
    values = {"户号": number, "户主": head, "姓名": name, "与户主关系": relation} | cells
    return [values.get(h, "") for h in HEADERS]


def counts(world) -> tuple[int, int, int]:
    with world.ledger.read() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(t)) for t in (Household, Member, AuditRow)
        )


ID_WANG = make_id("19680312", "001")
ID_TWICE = make_id("19750101", "011")
BAD_ROWS = [
    HEADERS,
    person(
        "0201",
        "张三",
        "张三",
        "户主",
        身份证号=make_id("19700101", "031"),
        **{"网格/村民小组": "一组"},
    ),
    person("0201", "张三", "李四", "配偶", 身份证号=make_id("19720202", "042")),
    person("0202", "赵六", "赵六妻", "配偶"),  # row 4: no head
    person("0203", "钱七", "钱七", "户主"),
    person("0203", "钱七", "孙八", "户主"),  # row 6: two heads
    person("0204", "周九", "周九", "户主"),
    person("0204", "郑十一", "吴十", "子"),  # row 8: the number used by two households
    person("0101", "陈二", "陈二", "户主"),  # row 9: 0101 is 王建国's in the ledger
    person("0205", "冯一", "冯一", "户主", 身份证号=wrong_check_digit(make_id("19800101"))),
    person("0206", "褚二", "褚二", "户主", 身份证号="4208811980"),
    person("0207", "卫三", "卫三", "户主", 身份证号="420881198013320011"),  # month 13
    person("0208", "蒋四", "蒋四", "户主", 身份证号=ID_TWICE),
    person("0209", "沈五", "沈五", "户主", 身份证号=ID_TWICE),  # row 14: same ID as row 13
    person("0210", "韩六", "韩六", "户主", 身份证号=ID_WANG),  # row 15: 王建国's ID
    person("0211", "杨七", "杨七", "户主", **{"网格/村民小组": "九组"}),
    person("", "", "朱八", "配偶"),  # row 17: no household number
    person("0212", "", "", "户主"),  # row 18: no name
    person("0213", "秦九", "秦九", "户主", 性别="未知"),
    person("0214", "许十", "许十", "户主", 出生日期="八零年"),
]
EXPECTED = [
    (4, "与户主关系", "户号 0202 没有户主"),
    (6, "与户主关系", "户号 0203 有两个户主（第5行钱七、第6行孙八）"),
    (8, "户主", "户号 0204 在表中用于两户（户主“周九”和“郑十一”）"),
    (9, "户号", "户号 0101 在台账里的户主是王建国，表里是陈二"),
    (10, "身份证号", "校验位不对"),
    (11, "身份证号", "格式不对：应为18位"),
    (12, "身份证号", "出生日期（第7-14位）不是有效日期"),
    (13, "身份证号", "身份证号与第14行（沈五）重复"),
    (14, "身份证号", "身份证号与第13行（蒋四）重复"),
    (15, "身份证号", "已登记在户 0101 的成员“王建国”名下"),
    (16, "网格/村民小组", "网格“九组”不是本村的网格；本村的网格有：一组、二组"),
    (17, "户号", "朱八没有户号，不知道属于哪一户"),
    (18, "姓名", "没有填姓名"),
    (19, "性别", "性别“未知”不认识"),
    (20, "出生日期", "出生日期“八零年”看不懂"),
]


@pytest.fixture
def bad_sheet(world, tmp_path):
    world.household("0101", "王建国", head_id_number=ID_WANG)
    return read_roster(write_xlsx(tmp_path / "花名册.xlsx", BAD_ROWS))


def test_every_kind_of_bad_row_is_named_and_nothing_is_written(world, bad_sheet):
    before = counts(world)
    report = world.ledger.roster.check(world.village.id, bad_sheet)
    found = [(p.row, p.column, p.message) for p in report.problems]
    for row, column, fragment in EXPECTED:
        assert any(r == row and c == column and fragment in m for r, c, m in found), (
            row,
            column,
            fragment,
            found,
        )
    assert {p.row for p in report.problems} == {row for row, _c, _f in EXPECTED}
    assert not report.ok
    summary = report.summary
    assert (summary.households_new, summary.members_new) == (1, 2)  # only 0201 is good
    assert summary.households_skipped == 14 and summary.rows_skipped == 17
    with pytest.raises(
        ValidationError,
        match="花名册有15处问题，没有导入任何内容：第4行“与户主关系”：户号 0202 没有户主",
    ):
        world.ledger.roster.apply(world.village.id, bad_sheet, skip_invalid=False)
    assert counts(world) == before


def test_skip_invalid_imports_only_the_good_households(world, bad_sheet):
    households, members, audit = counts(world)
    op = world.ledger.roster.apply(world.village.id, bad_sheet, skip_invalid=True)
    assert op.changes == Change.HOUSEHOLDS | Change.MEMBERS
    assert op.value.households_written == 1
    assert counts(world) == (households + 1, members + 2, audit + 3)
    h = world.ledger.households.by_number(world.village.id, "0201")
    new_year = dt.date(dt.date.today().year, 1, 1)  # 登记日期 left empty: 1 January
    assert (h.head_name, h.grid_name, h.registered_on) == ("张三", "一组", new_year)
    people = world.ledger.members.list(h.id)
    assert [(m.name, m.relation, m.gender) for m in people] == [
        ("张三", "户主", "男"),
        ("李四", "配偶", "女"),
    ]
    assert world.ledger.households.search(world.village.id, "ls")[0].number == "0201"
    actions = [r.action for r in world.ledger.audit.list(world.village.id, limit=3)]
    assert sorted(actions) == ["household.create", "member.create", "member.create"]
    for number in ("0202", "0203", "0208", "0209", "0212"):
        with pytest.raises(Exception, match="找不到户号"):
            world.ledger.households.by_number(world.village.id, number)


GOOD_ROWS = [
    HEADERS,
    person("0301", "王德胜", "王德胜", "户主", 身份证号=make_id("19600505", "011"),
           联系电话="13907260001", **{"网格/村民小组": "一组", "住址": "张集村一组1号", "是否党员": "是"}),
    person("0301", "王德胜", "刘桂兰", "配偶", 出生日期="1962/3/8", 性别="女"),
    person("0302", "李大海", "李大海", "本人", **{"网格/村民小组": "二组"}),
    person("0302", "李大海", "李小海", "儿子", 身份证号=make_id("19900101", "013")),
]  # fmt: skip


def test_reimporting_the_same_sheet_changes_nothing(world, tmp_path):
    sheet = read_roster(write_xlsx(tmp_path / "good.xlsx", GOOD_ROWS))
    first = world.ledger.roster.apply(world.village.id, sheet, skip_invalid=False)
    assert first.value.report.ok and first.value.households_written == 2
    after_first = counts(world)
    again = world.ledger.roster.apply(world.village.id, sheet, skip_invalid=False)
    assert again.changes == Change.NONE and again.value.households_written == 0
    assert counts(world) == after_first
    summary = world.ledger.roster.check(world.village.id, sheet).summary
    assert (summary.households_unchanged, summary.members_unchanged) == (2, 4)
    assert summary.households_new == summary.members_new == summary.members_updated == 0
    h = world.ledger.households.by_number(world.village.id, "0302")
    assert [m.relation for m in world.ledger.members.list(h.id)] == ["户主", "子"]


def test_a_changed_sheet_updates_and_adds_and_is_audited(world, tmp_path):
    world.ledger.roster.apply(
        world.village.id,
        read_roster(write_xlsx(tmp_path / "a.xlsx", GOOD_ROWS)),
        skip_invalid=False,
    )
    changed = [row[:] for row in GOOD_ROWS]
    changed[1][HEADERS.index("联系电话")] = "13907269999"
    changed[3][HEADERS.index("网格/村民小组")] = "第一村民小组"
    changed.append(person("0302", "李大海", "李小红", "女", 出生日期="1995-06-01"))
    report = world.ledger.roster.check(
        world.village.id, read_roster(write_xlsx(tmp_path / "b.xlsx", changed))
    )
    s = report.summary
    assert (s.households_updated, s.households_unchanged) == (2, 0)
    assert (s.members_new, s.members_updated, s.members_unchanged) == (1, 1, 3)
    op = world.ledger.roster.apply(
        world.village.id, read_roster(tmp_path / "b.xlsx"), skip_invalid=False
    )
    assert op.value.households_written == 2
    h = world.ledger.households.by_number(world.village.id, "0302")
    assert h.grid_name == "一组"
    names = [r.summary for r in world.ledger.audit.list(world.village.id, limit=4)]
    assert any("花名册导入：修改户 0302" in n for n in names)
    assert any("花名册导入：修改户 0301 的成员 王德胜" in n for n in names)


def test_title_rows_variant_headers_and_ids_stored_as_numbers(world, tmp_path):
    headers = ["序号", "户编号", "户主姓名", "成员姓名", "关系", "性别", "出生年月",
               "公民身份号码", "手机", "村民小组", "家庭住址", "政治面貌"]  # fmt: skip
    head_id = make_id("19580808", "011")
    child_id = id_ending_in_x("19851111")
    rows = [
        [1, "0401", "孙立平", "孙立平", "户主", "男", dt.datetime(1958, 8, 8), None, 13800001111, "1组", "张集村", "中共党员"],
        [],
        [2, "0401", "孙立平", "孙小平", "长子", None, "1985.11.11", child_id.lower(), None, "1组", None, "群众"],
    ]  # fmt: skip
    path = tmp_path / "村里的表.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "2024年花名册"
    ws.append(["张集村村民花名册"])
    ws.merge_cells("A1:L1")
    ws.append(["填报单位：张集村委会", None, None, "填报日期：2024年3月"])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    exact_number(ws["H4"], head_id)
    book.save(path)

    sheet = read_roster(path)
    assert sheet.name == "2024年花名册" and sheet.headers["id_number"] == "公民身份号码"
    assert [r.row for r in sheet.rows] == [4, 6]
    assert sheet.rows[0].id_number == head_id and sheet.rows[0].birth_date == "1958-08-08"
    assert sheet.rows[0].phone == "13800001111" and sheet.rows[1].id_number == child_id.lower()
    report = world.ledger.roster.check(world.village.id, sheet)
    assert report.problems == () and report.summary.members_new == 2
    world.ledger.roster.apply(world.village.id, sheet, skip_invalid=False)
    h = world.ledger.households.by_number(world.village.id, "0401")
    assert h.grid_name == "一组" and h.phone == "13800001111"
    members = world.ledger.members.list(h.id)
    assert [(m.name, m.relation, m.is_party_member) for m in members] == [
        ("孙立平", "户主", True),
        ("孙小平", "子", False),
    ]
    assert members[1].birth_date == dt.date(1985, 11, 11) and members[1].gender == "男"
    assert members[1].id_number == child_id


def test_problems_use_the_sheets_own_headers_and_excel_rounded_ids_get_a_hint(world, tmp_path):
    rounded = float(make_id("19800315", "011")[:15] + "000")  # what Excel keeps of a number
    path = write_xlsx(
        tmp_path / "x.xlsx",
        [["户号", "姓名", "关系", "身份证号码"], ["0501", "马六", "户主", rounded]],
        above=[["花名册"], []],
    )
    (problem,) = world.ledger.roster.check(world.village.id, read_roster(path)).problems
    assert (problem.row, problem.column) == (4, "身份证号码")
    assert "Excel只保留前15位" in problem.message


def test_unknown_relation_is_a_note_and_imports_as_other(world, tmp_path):
    path = write_xlsx(
        tmp_path / "x.xlsx",
        [HEADERS, person("0601", "何一", "何一", "户主"), person("0601", "何一", "何二", "侄子")],
    )
    report = world.ledger.roster.check(world.village.id, read_roster(path))
    (note,) = report.problems
    assert not note.blocking and "“侄子”不认识，导入时记为“其他”" in note.message
    assert report.ok
    world.ledger.roster.apply(world.village.id, read_roster(path), skip_invalid=False)
    h = world.ledger.households.by_number(world.village.id, "0601")
    assert [m.relation for m in world.ledger.members.list(h.id)] == ["户主", "其他"]


def test_rows_built_by_hand_and_roles(world):
    rows = [RosterRow(2, number="0701", name="吕一", relation="户主")]
    assert world.ledger.roster.check(world.village.id, rows).summary.households_new == 1
    viewer = world.ledger.as_actor(Actor("x", "v", "查看员", "viewer"))
    with pytest.raises(PermissionDenied, match="无权导入花名册"):
        viewer.roster.check(world.village.id, rows)


def test_a_file_that_is_not_a_roster_says_what_to_do(tmp_path):
    with pytest.raises(RosterFileError, match="找不到表头"):
        read_roster(write_xlsx(tmp_path / "x.xlsx", [["甲", "乙"], [1, 2]]))
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(RosterFileError, match="另存为"):
        read_roster(old)
    with pytest.raises(RosterFileError, match="没有叫“名单”的工作表"):
        read_roster(write_xlsx(tmp_path / "y.xlsx", [HEADERS]), "名单")


def test_cell_spellings():
    assert parse_date("1980年1月2日") == parse_date("19800102") == dt.date(1980, 1, 2)
    assert parse_date("1980/1/2 00:00:00") == dt.date(1980, 1, 2)
    assert grid_key("第一村民小组") == grid_key("1组") == grid_key("一组")
    assert grid_key("12组") == grid_key("十二组")
    assert (party_of("中共预备党员"), party_of("群众"), party_of("")) == (True, False, None)


def test_members_added_to_a_known_household_need_no_head_row(world, tmp_path):
    world.household("0101", "王建国")
    rows = [
        HEADERS,
        person("0101", "王建国", "王小丽", "女", 出生日期="2001-05-06"),
        person("0101", "李四", "李小四", "子"),  # 0101 is 王建国's
    ]
    report = world.ledger.roster.check(
        world.village.id, read_roster(write_xlsx(tmp_path / "x.xlsx", rows))
    )
    assert [(p.row, p.column) for p in report.problems] == [(3, "户主")]
    assert "户号 0101 在表中用于两户（户主“王建国”和“李四”）" in report.problems[0].message
    rows.pop()
    sheet = read_roster(write_xlsx(tmp_path / "y.xlsx", rows))
    assert world.ledger.roster.check(world.village.id, sheet).ok
    world.ledger.roster.apply(world.village.id, sheet, skip_invalid=False)
    h = world.ledger.households.by_number(world.village.id, "0101")
    assert [m.name for m in world.ledger.members.list(h.id)] == ["王建国", "王小丽"]


def test_a_moved_out_household_gets_a_note_and_keeps_its_status(world, tmp_path):
    h = world.household("0801", "曹一")
    world.ledger.households.set_status(h.id, "moved_out", dt.date(2024, 5, 1), "迁往县城")
    rows = [HEADERS, person("0801", "曹一", "曹一", "户主", 联系电话="13900000000")]
    report = world.ledger.roster.check(
        world.village.id, read_roster(write_xlsx(tmp_path / "x.xlsx", rows))
    )
    (note,) = report.problems
    assert not note.blocking and "已办理迁出，导入不会改变户的状态" in note.message
    assert report.summary.households_updated == 1


def test_one_row_per_household_and_numbers_that_lost_their_zeros(world, tmp_path):
    world.household("0101", "王建国")
    path = write_xlsx(
        tmp_path / "x.xlsx",
        [["户号", "户主", "组别"], [101, "王建国", "一组"], ["0102", "李秀英", "二组"]],
    )
    sheet = read_roster(path)
    assert [(r.name, r.relation) for r in sheet.rows] == [("王建国", "户主"), ("李秀英", "户主")]
    report = world.ledger.roster.check(world.village.id, sheet)
    (note,) = report.problems
    assert not note.blocking and "户号 101 按台账里的户号 0101 对上了" in note.message
    s = report.summary
    assert (s.households_unchanged, s.households_new, s.members_new) == (1, 1, 1)


def test_one_household_under_two_spellings_of_its_number(world, tmp_path):
    world.household("0101", "王建国")
    rows = [["户号", "户主", "姓名"], ["0101", "王建国", "王建国"], [101, "王建国", "王建国"]]
    report = world.ledger.roster.check(
        world.village.id, read_roster(write_xlsx(tmp_path / "x.xlsx", rows))
    )
    (problem,) = report.problems
    assert (problem.row, problem.column, problem.blocking) == (3, "户号", True)
    assert "户号 101 和 0101 在台账里是同一户（0101）：请把表里的户号改成一样的" in problem.message
