"""Helpers for the CLI tests: run ``main`` in-process and capture what it printed."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from jifen_desktop.cli import main

PASSWORD = "secret-123"
CODE = "420881100001"


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)


Run = Callable[..., Result]


def invoke(capsys: pytest.CaptureFixture[str], *argv: str) -> Result:
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def assert_one_chinese_error(result: Result, *fragments: str) -> None:
    """Exit status 1 and exactly one line on stderr, in Chinese, with no traceback."""
    assert result.code == 1, (result.out, result.err)
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("错误：")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def add_entry(run: Run, number: str, rule: str, day: str, *extra: str) -> str:
    """Record an entry (pending) and return its full id."""
    entry = run(
        "--json", "entry", "add", "--household", number, "--rule", rule, "--date", day, *extra
    ).json
    assert entry["status"] == "pending"
    return str(entry["id"])
