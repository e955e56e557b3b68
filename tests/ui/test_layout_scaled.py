"""The layout check on a 1920×1080 screen with Windows' 125 % scaling (issue 18): Qt then works
in a logical 1536×864 with a device pixel ratio of 1.25. Qt's scale is fixed when the
application starts, so the check runs in a child pytest whose offscreen platform is given that
screen (tests/screens/desktop-1920x1080-125.json: 120 dpi, as Windows reports 125 %): every
page and tab at 标准 and 特大, and the dialogs and the first-run wizard at 特大."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from layout_check import EXPECTED_SCREEN

TESTS = Path(__file__).parent
SCREEN_CONFIG = TESTS.parent / "screens" / "desktop-1920x1080-125.json"
SELECTED = (
    "test_the_check_runs_on_the_screen_it_is_meant_for",
    "test_every_page_fits_at_each_type_size[normal]",
    "test_every_page_fits_at_each_type_size[larger]",
)
DIALOGS = ("test_every_dialog_fits_at_each_type_size[larger]",)
DIALOG_MODULES = (
    "test_layout_dialogs.py",
    "test_layout_more_dialogs.py",
    "test_layout_other_dialogs.py",
)
WIZARD = "test_layout_more_dialogs.py::test_every_wizard_page_fits_at_each_type_size[larger]"


def run_scaled(*tests: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN_CONFIG}"
    env[EXPECTED_SCREEN] = "1536x864@1.25"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests]
    return subprocess.run(
        command, cwd=TESTS.parent.parent, env=env, capture_output=True, text=True, timeout=900
    )


def test_pages_fit_on_1920x1080_at_125_percent():
    ids = [f"{TESTS / 'test_layout_sizes.py'}::{name}" for name in SELECTED]
    result = run_scaled(*ids)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert f"{len(SELECTED)} passed" in result.stdout


def test_dialogs_fit_on_1920x1080_at_125_percent():
    ids = [f"{TESTS / module}::{name}" for module in DIALOG_MODULES for name in DIALOGS]
    ids.append(f"{TESTS / WIZARD}")
    result = run_scaled(*ids)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert f"{len(ids)} passed" in result.stdout
