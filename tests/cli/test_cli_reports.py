"""``jifen report``: a notice, a card, a receipt and the Excel exports written where asked, with
the path and page count in ``--json``; refusals as one Chinese line and no file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from jifen_cli_testing import assert_one_chinese_error

YEAR = dt.date.today().year
LAST_YEAR = YEAR - 1


def test_notice_card_and_receipt_as_pdf(village, tmp_path: Path):
    run = village
    run("publish", "draft", "--quarter", f"{LAST_YEAR}Q1")
    notice = run(
        "--json",
        "report",
        "notice",
        "--quarter",
        f"{LAST_YEAR}Q1",
        "--out",
        str(tmp_path / "n.pdf"),
    ).json
    assert notice["pages"] == 1 and notice["rows"] == 4 and notice["font"]
    assert Path(notice["path"]).read_bytes().startswith(b"%PDF")
    card = run("report", "card", "--household", "0101", "--out", str(tmp_path / "c.pdf"))
    assert "已保存" in card.out and "1 页" in card.out and (tmp_path / "c.pdf").is_file()
    run("base-points", "--year", str(YEAR))
    run("store", "goods", "add", "肥皂", "--price", "10", "--unit", "块")
    run("store", "stock", "in", "肥皂", "10", "--cost", "2.50")
    run("store", "redeem", "--household", "0101", "--item", "肥皂:2")
    receipt = run(
        "--json",
        "report",
        "receipt",
        "--receipt",
        f"DH{YEAR}-0001",
        "--out",
        str(tmp_path / "r.pdf"),
    ).json
    assert receipt["pages"] == 1 and receipt["rows"] == 1


def test_excel_exports(village, tmp_path: Path):
    run = village
    out = run("--json", "report", "households", "--out", str(tmp_path / "h.xlsx")).json
    assert out["rows"] == 4 and out["pages"] == 0
    sheet = openpyxl.load_workbook(out["path"]).worksheets[0]
    assert sheet["A3"].value == "0101" and sheet.freeze_panes == "A3"
    for command in ("ledger", "ranking", "summary"):
        made = run(
            "report",
            command,
            "--period",
            str(LAST_YEAR),
            "--out",
            str(tmp_path / f"{command}.xlsx"),
        )
        assert "已保存" in made.out and (tmp_path / f"{command}.xlsx").is_file()


def test_refusals_are_one_chinese_line_and_write_nothing(village, tmp_path: Path):
    run = village
    target = tmp_path / "n.pdf"
    missing = run("report", "notice", "--quarter", f"{LAST_YEAR}Q2", "--out", str(target), ok=False)
    assert_one_chinese_error(missing, "还没有公示", "jifen publish draft")
    wrong = run("report", "ledger", "--out", str(target), ok=False)
    assert_one_chinese_error(wrong, ".xlsx")
    folder = run(
        "report", "card", "--household", "0101", "--out", str(tmp_path / "no" / "c.pdf"), ok=False
    )
    assert_one_chinese_error(folder, "不存在")
    font = tmp_path / "fake.ttf"
    font.write_bytes(b"not a font")
    run("publish", "draft", "--quarter", f"{LAST_YEAR}Q1")
    bad = run(
        "report",
        "notice",
        "--quarter",
        f"{LAST_YEAR}Q1",
        "--font",
        str(font),
        "--out",
        str(target),
        ok=False,
    )
    assert_one_chinese_error(bad, "不能用来打印")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["fake.ttf"]
