"""``jifen report honours-poster`` and ``jifen report certificates``: the 光荣榜 and 奖状 of the
titles awarded with ``jifen honours award``, all titles or one; nothing awarded refused in
Chinese with nothing written; verify clean after the awards."""

from __future__ import annotations

from pathlib import Path

from jifen_cli_testing import assert_one_chinese_error
from pypdf import PdfReader


def text_of(path: str) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages)


def test_poster_and_certificates_of_the_awarded(village, tmp_path: Path):
    run = village
    none = run(
        "report", "certificates", "--year", "2026", "--out", str(tmp_path / "n.pdf"), ok=False
    )
    assert_one_chinese_error(none, "还没有授予")
    assert not (tmp_path / "n.pdf").exists()
    award = ("honours", "award", "--period", "2026", "--meeting", "2026-12-05")
    run(*award, "--title", "十星级文明户", "--household", "0101", "0103")
    run(*award, "--title", "最美家庭", "--household", "0104")
    poster = run(
        "--json", "report", "honours-poster", "--year", "2026", "--out", str(tmp_path / "p.pdf")
    ).json
    assert poster["pages"] == 1 and poster["rows"] == 3
    text = text_of(poster["path"])
    assert "0101 王*国" in text and "0103 张*山" in text and "0104 赵*梅" in text
    assert "王建国" not in text and "0102" not in text
    one = ("--title", "最美家庭", "--out", str(tmp_path / "c.pdf"))
    certs = run("--json", "report", "certificates", "--year", "2026", *one).json
    assert certs["pages"] == 1 and "赵红梅 家庭" in text_of(certs["path"])
    every = run(
        "--json", "report", "certificates", "--year", "2026", "--out", str(tmp_path / "a.pdf")
    ).json
    assert every["pages"] == 3
    assert run("verify").code == 0
