"""The CLI's text layout: Chinese characters take two columns, help wraps by display width."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jifen_desktop.cli.argparse_zh import parse_date, wrap
from jifen_desktop.cli.output import clip, jsonable, table
from jifen_desktop.model.wording import display_width


def test_text_width_counts_chinese_double() -> None:
    assert display_width("abc") == 3
    assert display_width("王建国") == 6
    assert display_width("（一组）") == 8
    assert display_width("一组A") == 5


def test_table_columns_line_up_with_chinese() -> None:
    lines = table(
        ["户号", "户主", "合计"], [("0101", "王建国", 5), ("0102", "Li", -10)]
    ).splitlines()
    assert lines[0] == "户号  户主    合计"
    assert lines[2] == "0101  王建国     5"
    assert lines[3] == "0102  Li       -10"
    assert len({display_width(line) for line in lines}) == 1


def test_clip_cuts_by_display_width() -> None:
    assert clip("参与社区（村）组织的各类会议", 10) == "参与社区…"
    assert display_width(clip("参与社区（村）组织的各类会议", 10)) <= 10
    assert clip("短", 10) == "短"


def test_wrap_breaks_chinese_anywhere_but_keeps_words_and_punctuation() -> None:
    lines = wrap("recorder 网格员记录（默认）；declaration 村民申报；inspection 检查评比", 30)
    assert all(display_width(line) <= 32 for line in lines)
    assert "declaration" in "".join(lines).replace(" ", "")
    assert not any(line.startswith(("；", "，")) for line in lines)


def test_dates_in_several_spellings() -> None:
    for text in ("2026-03-05", "2026/3/5", "2026.3.5", "20260305", "2026年3月5日"):
        assert parse_date(text) == dt.date(2026, 3, 5)


def test_jsonable_converts_dates_and_sets() -> None:
    @dataclass(frozen=True)
    class Row:
        day: dt.date
        grids: frozenset[str]

    assert jsonable([Row(dt.date(2026, 1, 2), frozenset({"b", "a"}))]) == [
        {"day": "2026-01-02", "grids": ["a", "b"]}
    ]
