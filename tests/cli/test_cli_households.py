"""Households, units and members from the command line: add, search, show, status changes."""

from __future__ import annotations

from jifen_cli_testing import Run, assert_one_chinese_error


def test_household_add_then_search_and_show(village: Run) -> None:
    added = village(
        "household",
        "add",
        "--number",
        "0201",
        "--head",
        "孙立平",
        "--grid",
        "二组",
        "--registered",
        "2024-03-01",
        "--address",
        "张集村二组8号",
        "--phone",
        "13800001111",
    )
    assert "已登记农户 0201 孙立平，网格：二组" in added.out
    by_pinyin = village("household", "search", "slp").out
    assert "0201" in by_pinyin and "孙立平" in by_pinyin
    assert village("household", "search", "孙立").out.count("0201") == 1
    shown = village("household", "show", "0201").out
    for text in (
        "户主：",
        "孙立平",
        "张集村二组8号",
        "13800001111",
        "在册",
        "成员：",
        "累计积分：",
    ):
        assert text in shown


def test_household_json_has_iso_dates(village: Run) -> None:
    rows = village("household", "list", "--grid", "一组", "--json").json
    assert [r["number"] for r in rows] == ["0101", "0102"]
    assert rows[0]["registered_on"] == "2024-01-01"
    assert rows[0]["grid_name"] == "一组"


def test_household_number_must_be_unique(village: Run) -> None:
    again = village("household", "add", "--number", "0101", "--head", "别人", ok=False)
    assert_one_chinese_error(again, "户号 0101 在本村已经存在")


def test_unknown_grid_and_household_are_clear(village: Run) -> None:
    assert_one_chinese_error(
        village(
            "household", "add", "--number", "0301", "--head", "某某", "--grid", "九组", ok=False
        ),
        "找不到网格“九组”",
        "一组",
    )
    assert_one_chinese_error(village("household", "show", "9999", ok=False), "9999")


def test_unit_is_added_with_its_name(village: Run) -> None:
    unit = village(
        "--json",
        "household",
        "add",
        "--number",
        "D01",
        "--head",
        "赵老板",
        "--unit-name",
        "张集超市",
        "--registered",
        "2024-01-01",
    ).json
    assert unit["kind"] == "unit" and unit["unit_name"] == "张集超市"
    listed = village("household", "list", "--kind", "unit").out
    assert "张集超市" in listed and "单位" in listed


def test_members_add_list_and_move_out(village: Run) -> None:
    added = village(
        "--json",
        "member",
        "add",
        "0101",
        "--name",
        "李桂兰",
        "--relation",
        "配偶",
        "--gender",
        "女",
        "--birth",
        "1962-05-01",
    ).json
    assert added["birth_date"] == "1962-05-01"
    listing = village("member", "list", "0101").out
    assert "王建国" in listing and "李桂兰" in listing and "户主" in listing
    short = added["id"][-8:]
    assert short in listing
    moved = village("member", "move-out", short, "--date", "2025-06-01")
    assert "李桂兰 已改为“迁出”" in moved.out
    assert "迁出" in village("member", "list", "0101").out


def test_member_id_number_is_checked_and_masked(village: Run) -> None:
    bad = village(
        "member", "add", "0102", "--name", "王小明", "--id-number", "420881199001011234", ok=False
    )
    assert_one_chinese_error(bad, "校验位")
    village("member", "add", "0102", "--name", "王小明", "--id-number", "11010519491231002X")
    listing = village("member", "list", "0102").out
    assert "11010519491231002X" not in listing
    assert "1949-12-31" in listing


def test_move_out_reactivate_and_history(village: Run) -> None:
    village("household", "move-out", "0104", "--date", "2025-05-01", "--reason", "迁往县城")
    assert "0104" not in village("household", "list", "--status", "active").out
    again = village("household", "move-out", "0104", "--date", "2025-05-02", ok=False)
    assert_one_chinese_error(again, "已经是“迁出”")
    village("household", "reactivate", "0104", "--date", "2025-08-01")
    shown = village("household", "show", "0104").out
    assert "迁往县城" in shown and "状态变化" in shown
    village("household", "dissolve", "0104", "--date", "2025-09-01", "--reason", "户内无人")
    assert "注销" in village("household", "list", "--status", "dissolved").out


def test_edit_household(village: Run) -> None:
    village("household", "edit", "0101", "--grid", "二组", "--phone", "13900000000")
    assert "0101" in village("household", "list", "--grid", "二组").out
    nothing = village("household", "edit", "0101", ok=False)
    assert_one_chinese_error(nothing, "没有要修改的内容")
