"""村庄考核 on paper, in Excel and from the command line (issue 22 part 1): the 考核表 of each
village and the township summary read back with pdftotext, the workbook with openpyxl, and
``jifen township scorecard`` / ``targets`` on the township of ``scorecard_world``."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import openpyxl
import pytest
from scorecard_world import YEAR, build_township
from sync_world import Laptop, use_in_cli

from jifen_desktop.cli import main
from jifen_desktop.reports.scorecard_pdf import write_scorecard_sheets, write_scorecard_summary
from jifen_desktop.reports.scorecard_xlsx import write_scorecard_excel
from jifen_desktop.sync.scorecard import Scorecard, ScorecardService

TODAY = dt.date(2026, 12, 7)
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Laptop:
    laptop = build_township(tmp_path_factory.mktemp("scorecard_files"))
    yield laptop
    laptop.close()


@pytest.fixture(scope="module")
def card(town: Laptop) -> Scorecard:
    return ScorecardService(town.ledger).scorecard(YEAR, TODAY)


def pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@needs_pdftotext
def test_one_page_per_village_with_figures_points_rank_and_signatures(card, tmp_path):
    written = write_scorecard_sheets(card, tmp_path / "考核表.pdf")
    assert written.pages == 3
    pages = pdf_text(written.path).split("\f")
    first = pages[0]
    assert "张集镇2025年度积分制管理考核表" in first and "示范村（640100100001）" in first
    assert "第 1 名（共 3 个村）" in first and "94.2 分（满分 100）" in first
    assert "12%（1/8）" in first and "4.2" in first  # persons redeeming and its points
    assert "考核人" in first and "乡镇（盖章）" in first
    assert "第 3 名（共 3 个村）" in pages[2] and "拖拉村" in pages[2]
    assert "6 / 12 个月" in pages[2] and "—（未登记党员）" in pages[2]
    one = write_scorecard_sheets(
        card, tmp_path / "一个村.pdf", village_ids=[card.villages[1].figures.village_id]
    )
    assert one.pages == 1 and "冷清村" in pdf_text(one.path)


@needs_pdftotext
def test_the_township_summary_ranks_every_village(card, tmp_path):
    written = write_scorecard_summary(card, tmp_path / "汇总.pdf")
    assert written.pages == 1
    lines = [line.split() for line in pdf_text(written.path).splitlines() if line.strip()]
    ranked = [(line[0], line[1], line[-1]) for line in lines if line[0] in {"1", "2", "3"}]
    assert ranked == [("1", "示范村", "94.2"), ("2", "冷清村", "58.5"), ("3", "拖拉村", "47.5")]
    weights = next(line for line in lines if line[0] == "权重")
    assert weights[1:] == ["20", "15", "15", "5", "10", "5", "10", "5", "5", "5", "5", "100"]


def test_the_workbook_holds_the_figures_as_numbers(card, tmp_path):
    written = write_scorecard_excel(card, tmp_path / "考核.xlsx")
    book = openpyxl.load_workbook(written.path)
    sheet = book["村庄考核"]
    header = [c.value for c in sheet[2]]
    rows = [
        dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(min_row=3)
    ]
    assert [(r["名次"], r["村"], r["总分"]) for r in rows] == [
        (1, "示范村", 94.2),
        (2, "冷清村", 58.5),
        (3, "拖拉村", 47.5),
    ]
    slow = rows[2]
    assert (slow["按时审核（个月）"], slow["逾期未审记录（条）"], slow["逾期未审记录得分"]) == (
        6,
        5,
        0,
    )
    assert slow["党员参与率"] is None and rows[1]["户参与率"] == pytest.approx(0.1)
    assert sheet["H3"].number_format.endswith("%")
    assert sheet.freeze_panes == "A3"
    weights = {r[0].value: r[2].value for r in book["考核指标与权重"].iter_rows(min_row=3)}
    assert weights["按时审核"] == 20 and sum(weights.values()) == 100


def test_the_command_line_ranks_saves_and_sets_targets(town, tmp_path, monkeypatch, capsys):
    use_in_cli(monkeypatch, town, "xiang", "secret-123")
    base = ("township", "scorecard", "--year", str(YEAR), "--as-of", str(TODAY))

    def jifen(*argv: str, code: int = 0) -> str:
        capsys.readouterr()
        assert (main(list(argv)) or 0) == code
        captured = capsys.readouterr()
        return captured.out + captured.err

    data = json.loads(jifen("--json", *base))
    assert [(v["rank"], v["figures"]["name"], v["total"]) for v in data["villages"]] == [
        (1, "示范村", 94.2),
        (2, "冷清村", 58.5),
        (3, "拖拉村", 47.5),
    ]
    text = jifen(*base)
    assert "村庄考核" in text and "47.5" in text and "≥12个月" in text
    assert "已保存" in jifen(*base, "--sheets", "冷清村", "--out", str(tmp_path / "a.pdf"))
    assert "已保存" in jifen(*base, "--out", str(tmp_path / "b.xlsx"))
    assert "没有叫“某村”的村" in jifen(
        *base, "--sheets", "某村", "--out", str(tmp_path / "c.pdf"), code=1
    )
    assert "权重合计应为 100 分，现在是 105 分" in jifen(
        "township", "targets", "set", "户参与率=70/20", code=1
    )
    shown = jifen("township", "targets", "set", "户参与率=70/20", "按时审核=12/15")
    assert "≥ 70%" in shown
    data = json.loads(jifen("--json", *base))
    assert data["targets"]["households"] == {"target": 70, "weight": 20}
    jifen("township", "targets", "set", "--defaults")
    assert "≥ 50%" in jifen("township", "targets", "show")
    assert "没有发现" in jifen("verify")
