"""``jifen report slips``: the 积分通知单 of a posted quarter, whole (grid by grid) or one grid's;
a quarter not posted yet and an unknown grid refused in Chinese, nothing written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jifen_cli_testing import assert_one_chinese_error
from pypdf import PdfReader

LAST_YEAR = dt.date.today().year - 1
QUARTER = f"{LAST_YEAR}Q2"


def slips(run, out: Path, *options: str, ok: bool = True):
    argv = ("report", "slips", "--quarter", QUARTER, *options, "--out", str(out))
    return run("--json", *argv) if ok else run(*argv, ok=False)


def test_slips_of_a_posted_quarter_whole_and_one_grid(village, tmp_path: Path):
    run = village
    run("entry", "add", "--household", "0103", "--rule", "B05", "--date", f"{LAST_YEAR}-05-10")
    run("publish", "draft", "--quarter", QUARTER, "--contact", "王书记 13900000000")
    run("publish", "post", "--quarter", QUARTER, "--from", f"{LAST_YEAR}-07-08")
    whole = slips(run, tmp_path / "all.pdf").json
    assert whole["rows"] == 4 and whole["pages"] == 2
    text = "".join(p.extract_text() for p in PdfReader(whole["path"]).pages)
    for number in ("0101", "0102", "0103", "0104"):
        assert text.count(number) == 1
    assert f"{LAST_YEAR}-07-14 前" in text and "王书记" in text
    part = slips(run, tmp_path / "g.pdf", "--grid", "二组").json
    assert part["rows"] == 2 and part["pages"] == 1
    unknown = slips(run, tmp_path / "x.pdf", "--grid", "九组", ok=False)
    assert_one_chinese_error(unknown, "九组")
    assert not (tmp_path / "x.pdf").exists()


def test_a_quarter_not_posted_is_refused(village, tmp_path: Path):
    run = village
    missing = slips(run, tmp_path / "s.pdf", ok=False)
    assert_one_chinese_error(missing, "还没有公示")
    run("publish", "draft", "--quarter", QUARTER)
    draft = slips(run, tmp_path / "s.pdf", ok=False)
    assert_one_chinese_error(draft, "请先张贴公示")
    assert not (tmp_path / "s.pdf").exists()
