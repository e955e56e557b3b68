"""``jifen roster template`` and ``jifen roster import``: the template filled in as a clerk would,
the dry run's summary and problem table, refusing a sheet with problems, --skip-invalid, and a
second import that changes nothing."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from jifen_cli_testing import Run, assert_one_chinese_error

from jifen_desktop.model import idcard


def valid_id(first17: str) -> str:
    return first17 + idcard.check_digit(first17)


HEAD_ID = valid_id("42088119660606001")
PEOPLE = [
    # 户号, 户主, 姓名, 与户主关系, 性别, 出生日期, 身份证号, 联系电话, 网格, 住址, 是否党员
    ("0105", "孙立平", "孙立平", "户主", "男", "", HEAD_ID, "13800002222", "二组", "二组5号", "是"),
    ("0105", "孙立平", "周小英", "妻子", "女", "1968-02-03", "", "", "二组", "", ""),
    ("0106", "吴德", "吴德", "户主", "", "", "", "", "三组", "", ""),  # no such grid
    ("0107", "", "郑凯", "子", "男", "", "", "", "一组", "", ""),  # household without a head
    ("0101", "王建国", "王小丽", "女", "女", "2001-05-06", "", "", "一组", "", ""),
]  # fmt: skip


def filled_template(run: Run, folder: Path) -> Path:
    path = folder / "花名册.xlsx"
    run("roster", "template", "--out", str(path))
    book = openpyxl.load_workbook(path)
    for values in PEOPLE:
        book["花名册"].append(values)
    book.save(path)
    return path


def numbers(run: Run) -> list[str]:
    return [h["number"] for h in run("household", "list", "--json").json]


def test_template_has_the_headers_instructions_and_grid_list(village: Run, tmp_path: Path) -> None:
    out = tmp_path / "模板.xlsx"
    said = village("roster", "template", "--out", str(out), "--with-grids").out
    assert "已生成花名册模板" in said
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["花名册", "填写说明"]
    headers = [c.value for c in book["花名册"][1]]
    assert headers[:4] == ["户号", "户主", "姓名", "与户主关系"] and "身份证号" in headers
    assert book["花名册"].max_row == 1  # no example rows to import by mistake
    lists = [dv.formula1 for dv in book["花名册"].data_validations.dataValidation]
    assert '"一组,二组"' in lists
    assert not list((tmp_path).glob("*.part"))


def test_dry_run_lists_problems_and_writes_nothing(village: Run, tmp_path: Path) -> None:
    path = filled_template(village, tmp_path)
    before = numbers(village)
    out = village("roster", "import", str(path), "--dry-run").out
    assert "将新增 1 户、3 人；将更新 1 户、0 人" in out
    assert "有问题、不能导入的：2 户，共 2 行" in out
    assert "网格“三组”不是本村的网格；本村的网格有：一组、二组" in out
    assert "户号 0107 没有户主" in out
    lines = out.splitlines()
    row_of = {line.split()[0]: line for line in lines if "网格/村民小组" in line or "户主" in line}
    assert "4" in row_of and "5" in row_of  # the rows as Excel numbers them
    assert "这是预览，没有写入任何内容" in out
    assert numbers(village) == before

    data = village("--json", "roster", "import", str(path), "--dry-run").json
    assert data["applied"] is False and data["sheet"] == "花名册" and data["rows"] == 5
    assert {(p["row"], p["column"]) for p in data["problems"]} == {
        (4, "网格/村民小组"),
        (5, "与户主关系"),
    }
    assert data["summary"]["households_new"] == 1 and data["summary"]["members_new"] == 3


def test_import_refuses_a_sheet_with_problems_then_skips_them(village: Run, tmp_path: Path) -> None:
    path = filled_template(village, tmp_path)
    before = numbers(village)
    refused = village("roster", "import", str(path), ok=False)
    assert_one_chinese_error(refused, "花名册有2处问题，没有导入任何内容", "--skip-invalid")
    assert "户号 0107 没有户主" in refused.out
    assert numbers(village) == before

    done = village("roster", "import", str(path), "--skip-invalid").out
    assert "已新增 1 户、3 人；已更新 1 户、0 人" in done and "已跳过：2 户，共 2 行" in done
    assert numbers(village) == sorted([*before, "0105"])
    shown = village("household", "show", "0105").out
    assert "孙立平" in shown and "周小英" in shown and "配偶" in shown
    assert "王小丽" in village("member", "list", "0101").out

    again = village("--json", "roster", "import", str(path), "--skip-invalid").json
    assert again["applied"] is True and again["households_written"] == 0
    assert again["summary"]["households_unchanged"] == 2


def test_a_wrong_file_or_sheet_is_one_clear_line(village: Run, tmp_path: Path) -> None:
    path = filled_template(village, tmp_path)
    assert_one_chinese_error(
        village("roster", "import", str(path), "--sheet", "名单", ok=False),
        "没有叫“名单”的工作表",
        "花名册、填写说明",
    )
    assert_one_chinese_error(
        village("roster", "import", str(tmp_path / "没有.xlsx"), ok=False), "找不到文件"
    )


def test_new_households_without_a_date_are_registered_on_the_day_given(
    village: Run, tmp_path: Path
) -> None:
    path = filled_template(village, tmp_path)
    village("roster", "import", str(path), "--skip-invalid", "--registered", "2026-03-01")
    added = {h["number"]: h for h in village("household", "list", "--json").json}["0105"]
    assert added["registered_on"] == "2026-03-01"
    refused = village("roster", "import", str(path), "--registered", "1999-12-31", ok=False)
    assert_one_chinese_error(refused, "登记日期")
