"""``jifen report notice`` paper and scope options: A3 landscape, one notice per grid, one grid's
part of the village's notice (or the grid's own publication when it has one), and the refusals
for an unknown grid and for options that exclude each other."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jifen_cli_testing import assert_one_chinese_error
from pypdf import PdfReader

LAST_YEAR = dt.date.today().year - 1
QUARTER = f"{LAST_YEAR}Q1"


def notice(run, out: Path, *options: str):
    return run("--json", "report", "notice", "--quarter", QUARTER, *options, "--out", str(out))


def text_of(path: str) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def sizes(path: str) -> set[tuple[int, int]]:
    return {(round(p.mediabox.width), round(p.mediabox.height)) for p in PdfReader(path).pages}


def test_paper_orientation_and_grids(village, tmp_path: Path):
    run = village
    run("publish", "draft", "--quarter", QUARTER)
    portrait = notice(run, tmp_path / "a4.pdf").json
    assert sizes(portrait["path"]) == {(595, 842)}  # A4 portrait unless asked
    a3 = notice(run, tmp_path / "a3.pdf", "--paper", "a3", "--landscape").json
    assert sizes(a3["path"]) == {(1191, 842)} and a3["rows"] == 4
    per_grid = notice(run, tmp_path / "g.pdf", "--per-grid").json
    assert per_grid["pages"] == 2 and per_grid["rows"] == 4  # two grids, a page each
    text = text_of(per_grid["path"])
    assert "积分公示（一组）" in text and "积分公示（二组）" in text
    part = notice(run, tmp_path / "one.pdf", "--grid", "二组").json
    assert part["rows"] == 2 and "排名为全村排名" in text_of(part["path"])
    run("publish", "draft", "--quarter", QUARTER, "--grid", "一组")
    own = notice(run, tmp_path / "own.pdf", "--grid", "一组").json
    assert own["rows"] == 2 and "排名为全村排名" not in text_of(own["path"])


def test_refusals(village, tmp_path: Path):
    run = village
    run("publish", "draft", "--quarter", QUARTER)
    out = ("--out", str(tmp_path / "n.pdf"))
    unknown = run("report", "notice", "--quarter", QUARTER, "--grid", "九组", *out, ok=False)
    assert_one_chinese_error(unknown, "九组")
    both = run(
        "report", "notice", "--quarter", QUARTER, "--grid", "一组", "--per-grid", *out, ok=False
    )
    assert "不能与参数" in both.err and not (tmp_path / "n.pdf").exists()
