"""``jifen report check-sheet``: a grid's paper check sheet with the chosen items, written to
--out (or named after the village and grid in the current folder); an unknown grid and an item
a sheet cannot carry are refused in one Chinese line, and no file is left behind."""

from __future__ import annotations

from pathlib import Path

from jifen_cli_testing import assert_one_chinese_error
from pypdf import PdfReader


def text_of(path: str | Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def test_a_grids_check_sheet(village, tmp_path: Path, monkeypatch):
    run = village
    out = tmp_path / "一组检查表.pdf"
    made = run(
        "--json", "report", "check-sheet", "--grid", "一组", "--items", "E08，E05",
        "--date", "2026-03-05", "--out", str(out),
    ).json  # fmt: skip
    assert made["pages"] == 1 and made["rows"] == 2 and Path(made["path"]) == out.resolve()
    text = text_of(out)
    assert "0101" in text and "0102" in text and "0103" not in text
    assert "E08" in text and "E05" in text and "2026年3月5日" in text
    monkeypatch.chdir(tmp_path)
    named = run("report", "check-sheet", "--grid", "二组", "--items", "E01")
    assert "张集村二组检查表.pdf" in named.out
    assert "0103" in text_of(tmp_path / "张集村二组检查表.pdf")


def test_refusals(village, tmp_path: Path):
    run = village
    out = tmp_path / "x.pdf"
    unknown = run(
        "report", "check-sheet", "--grid", "九组", "--items", "E08", "--out", str(out), ok=False
    )
    assert_one_chinese_error(unknown, "九组")
    ranged = run(
        "report", "check-sheet", "--grid", "一组", "--items", "C18", "--out", str(out), ok=False
    )
    assert_one_chinese_error(ranged, "C18", "固定分值")
    assert not out.exists()
