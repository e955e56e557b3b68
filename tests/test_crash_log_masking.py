"""The crash log's command line hides what a clerk typed that others must not read (issue 16):
passwords under any abbreviation argparse accepts, ID numbers and phones cut to their last 4
digits; and the log files are private to the user."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from jifen_desktop import crash_log
from jifen_desktop.model import paths


@pytest.fixture(autouse=True)
def no_log_left_open():
    yield
    crash_log.close_log()


def test_an_abbreviated_password_option_is_masked() -> None:
    argv = ["jifen", "operator", "passwd", "wgy1", "--new", "S3cretNewPW", "--old-p=Old1pass"]
    assert crash_log._command_line(argv) == [
        "jifen", "operator", "passwd", "wgy1", "--new", "***", "--old-p=***",
    ]  # fmt: skip
    assert crash_log._command_line(["jifen", "init", "--admin-pass", "x1y2z3w4"])[-1] == "***"
    assert crash_log._command_line(["jifen", "login", "--pa", "pw"])[-1] == "***"


def test_id_numbers_and_phones_keep_only_their_last_four_digits() -> None:
    argv = [
        "jifen", "member", "add", "--id-number", "420881199001011234", "--phone=13800138000",
        "--ph", "13912345678", "household", "search", "11010519491231002X",
    ]  # fmt: skip
    line = " ".join(crash_log._command_line(argv))
    for secret in ("420881199001011234", "13800138000", "13912345678", "11010519491231002X"):
        assert secret not in line
    assert "***1234" in line and "--phone=***8000" in line and "***5678" in line
    assert "**************002X" in line
    # ordinary words are left alone
    assert crash_log._command_line(["jifen", "rank", "--period", "2026Q1", "--top", "10"]) == [
        "jifen", "rank", "--period", "2026Q1", "--top", "10",
    ]  # fmt: skip


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_the_log_folder_and_files_are_private(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    old = os.umask(0o022)
    try:
        folder = tmp_path / "data"
        folder.mkdir()
        paths.db_path(folder).touch()
        try:
            1 / 0  # noqa: B018
        except ZeroDivisionError as exc:
            report = crash_log.record(exc, folder=folder)
        assert report.log_file is not None
        assert stat.S_IMODE(report.log_file.stat().st_mode) == 0o600
        assert stat.S_IMODE(report.log_file.parent.stat().st_mode) == 0o700
    finally:
        os.umask(old)
