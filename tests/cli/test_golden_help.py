"""``jifen --help`` and every command's help are exactly the golden texts (tests/data/golden/help),
on this Python and on the oldest and newest Python the program supports. Regenerate after a
deliberate change: ``.venv/bin/python tests/cli/golden_help.py --write`` (README)."""

from __future__ import annotations

import os
import re
import site
import subprocess
import sys
from pathlib import Path

import golden_help
import pytest

ROOT = Path(__file__).resolve().parents[2]
PYENV = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
OLDEST, NEWEST = (3, 10), (3, 13)  # pyproject: requires-python >= 3.10; tested up to 3.13


def test_every_help_page_matches_its_golden_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")  # whatever the terminal, the pages are made at 100
    assert list(golden_help.differences()) == []
    assert os.environ["COLUMNS"] == "60"
    assert len(golden_help.commands()) == len(list(golden_help.GOLDEN.glob("*.txt"))) > 30


def test_a_changed_help_text_is_caught(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(golden_help, "GOLDEN", tmp_path / "help")
    assert golden_help.write() == 0 and list(golden_help.differences()) == []
    page = golden_help.golden_path(("entry", "add"))
    page.write_text(page.read_text(encoding="utf-8").replace("哪一户", "哪户"), encoding="utf-8")
    found = list(golden_help.differences())
    assert len(found) == 1 and "+  --household 户号      哪一户" in found[0]


def _python(version: tuple[int, int]) -> Path | None:
    """The newest patch release of ``version`` under pyenv, or the one given by
    JIFEN_PYTHON_3_10-style variables (e.g. on CI)."""
    given = os.environ.get(f"JIFEN_PYTHON_{version[0]}_{version[1]}")
    if given:
        return Path(given)
    found = sorted(PYENV.glob(f"{version[0]}.{version[1]}.*/bin/python"), key=_patch)
    return found[-1] if found else None


def _patch(path: Path) -> int:
    m = re.search(r"\.(\d+)/bin", str(path))
    return int(m[1]) if m else 0


@pytest.mark.parametrize("version", [OLDEST, NEWEST], ids=["oldest", "newest"])
def test_help_is_the_same_on_the_oldest_and_newest_python(version: tuple[int, int]) -> None:
    if sys.version_info[:2] == version:
        python: Path | None = Path(sys.executable)
    else:
        python = _python(version)
    if python is None:
        pytest.skip(f"没有 Python {version[0]}.{version[1]}（pyenv 或 JIFEN_PYTHON_…）")
    # The help needs no compiled code: this venv's pure-Python packages serve the other Python.
    path = os.pathsep.join([str(ROOT), *site.getsitepackages()])
    done = subprocess.run(
        [str(python), str(ROOT / "tests" / "cli" / "golden_help.py")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": path},
        timeout=120,
    )
    assert f"Python {version[0]}.{version[1]}." in done.stdout, done.stderr
    assert done.returncode == 0, done.stdout + done.stderr
