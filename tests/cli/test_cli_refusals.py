"""Input at the edge of the calendar and of what SQLite can hold, and a ledger that cannot be
written: each is one Chinese line and exit status 1 (not "程序出了意外错误" and a traceback in
the log), and nothing is written."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from jifen_cli_testing import Run, assert_one_chinese_error

import jifen_desktop.model.db as db_module

HUGE = "99999999999999999999"


def row_counts(folder: Path) -> dict[str, int]:
    """Every table's number of rows: the same before and after a refusal."""
    with sqlite3.connect(f"file:{folder / 'ledger.sqlite3'}?mode=ro", uri=True) as conn:
        names = [
            name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {
            name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names
        }


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (("entry", "add", "--household", "0101", "--rule", "B05", "--date", "9999-12-31"), "9999"),
        (("review", "open", "--month", "9999-12"), "2000年到2100年"),
        (("publish", "draft", "--quarter", "9999Q4"), "2000年到2100年"),
        (("publish", "draft", "--quarter", "1950Q4"), "2000年到2100年"),
        (("rank", "--period", "9999"), "2000年到2100年"),
        (
            (
                "veto", "add", "--household", "0101", "--reason", "打架",
                "--from", "0001-01-01", "--to", "9999-12-31",
            ),
            "否决期限的开始日期",
        ),
        (("audit", "--limit", HUGE), "1000000"),
        (("entry", "list", "--limit", HUGE), "1000000"),
        (("store", "stock", "in", "肥皂", HUGE, "--cost", "1"), "1000000"),
        (("store", "stock", "in", "肥皂", "5", "--cost", HUGE), "1000000元"),
        (("store", "stock", "stocktake", f"肥皂:{HUGE}"), "1000000"),
        (("member", "add", "0101", "--name", "王六", "--birth", "0001-01-01"), "出生日期"),
        (
            ("entry", "add", "--household", "0101", "--rule", "B05", "--note", "长" * 10_000),
            "说明太长",
        ),
        (
            ("entry", "add", "--household", "0101", "--rule", "B05", "--place", "村\x1b[2J委会"),
            "地点里有看不见的控制字符",
        ),
        (
            (
                "household", "add", "--number", "0301", "--head", "周某",
                "--registered", "1900-01-01",
            ),
            "登记日期",
        ),
    ],
)  # fmt: skip
def test_out_of_range_input_is_refused_in_chinese(
    village: Run, env: Path, argv: tuple[str, ...], fragment: str
) -> None:
    village("store", "goods", "add", "肥皂", "--price", "10")
    before = row_counts(env)
    assert_one_chinese_error(village(*argv, ok=False), fragment)
    assert row_counts(env) == before
    assert not (env / "logs" / "jifen.log").exists() or "Traceback" not in (
        env / "logs" / "jifen.log"
    ).read_text(encoding="utf-8")


def test_audit_until_the_last_day_of_the_calendar_lists(village: Run) -> None:
    assert "新建网格" in village("audit", "--until", "9999-12-31").out


@pytest.fixture
def read_only_ledger(env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The village's ledger file made read-only (mode 0444). Root writes through file modes,
    so then the ledger is also opened the way SQLite opens a file it may not write."""
    path = env / "ledger.sqlite3"
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    if os.geteuid() == 0:
        make = db_module.create_engine

        def read_only_engine(url: str, **kwargs: object):  # type: ignore[no-untyped-def]
            return make(f"sqlite:///file:{path}?mode=ro&uri=true", **kwargs)

        monkeypatch.setattr(db_module, "create_engine", read_only_engine)
    yield path
    path.chmod(0o600)


@pytest.mark.parametrize(
    "argv",
    [
        ("grid", "add", "三组"),
        ("household", "add", "--number", "0301", "--head", "周大海", "--grid", "一组"),
        ("entry", "add", "--household", "0101", "--rule", "B05", "--date", "2026-01-05"),
        ("review", "open", "--month", "2026-01"),
    ],
)
def test_a_write_to_a_read_only_ledger_says_what_to_do(
    village: Run, env: Path, read_only_ledger: Path, argv: tuple[str, ...]
) -> None:
    before = row_counts(env)
    assert_one_chinese_error(village(*argv, ok=False), "不能写入", "文件权限", "写保护")
    assert row_counts(env) == before
    assert "0101" in village("household", "list").out  # reading still works


def test_household_numbers_and_names_are_cleaned_or_refused(village: Run, env: Path) -> None:
    spaced = village("household", "add", "--number", "80 06", "--head", "周大海", ok=False)
    assert_one_chinese_error(spaced, "户号“80 06”中间有空格")
    escaped = village("household", "add", "--number", "0105", "--head", "周\x1b[31m大海", ok=False)
    assert_one_chinese_error(escaped, "户主姓名", "控制字符")
    long_name = village("household", "add", "--number", "0105", "--head", "周" * 10_000, ok=False)
    assert_one_chinese_error(long_name, "户主姓名太长")
    assert (
        "已登记农户 0105 周大海"
        in village("household", "add", "--number", "０１０５", "--head", "周大海").out
    )
    assert "周大海" in village("household", "show", "0105").out


def test_a_name_that_came_in_before_the_checks_does_not_drive_the_terminal(
    village: Run, env: Path
) -> None:
    with sqlite3.connect(env / "ledger.sqlite3") as conn:
        conn.execute(
            "UPDATE households SET head_name = ? WHERE number = '0101'", ("王\x1b[2J建国",)
        )
    listed = village("household", "list").out
    assert "\x1b" not in listed and "王\ufffd[2J建国" in listed
