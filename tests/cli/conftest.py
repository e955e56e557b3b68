"""Fixtures for running ``jifen`` in-process: ``run("household", "list")`` calls ``main`` on a
temp data folder as the admin and hands back the exit status and what went to stdout and stderr.

The village used by most tests (张集村, grids 一组 and 二组, households 0101-0104) is set up once
through the CLI itself and copied for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from jifen_cli_testing import CODE, PASSWORD, Result, Run, invoke

from jifen_desktop.cli import main


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data folder, logged in as admin by environment."""
    folder = tmp_path / "data"
    monkeypatch.setenv("JIFEN_DATA_DIR", str(folder))
    monkeypatch.setenv("JIFEN_USER", "admin")
    monkeypatch.setenv("JIFEN_PASSWORD", PASSWORD)
    return folder


@pytest.fixture
def run(env: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    def runner(*argv: str, ok: bool = True) -> Result:
        result = invoke(capsys, *argv)
        if ok:
            assert result.code == 0, f"{argv} failed: {result.err}"
        return result

    return runner


@pytest.fixture(scope="session")
def village_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-village") / "data"
    mp = pytest.MonkeyPatch()
    mp.setenv("JIFEN_USER", "admin")
    mp.setenv("JIFEN_PASSWORD", PASSWORD)
    base = ["--data-dir", str(folder)]
    try:
        steps = [
            ["init", "--code", CODE, "--name", "张集村", "--township", "张集镇"],
            ["grid", "add", "一组"],
            ["grid", "add", "二组"],
            # The tests' entries are the recorder's own observations: no photo needed; and the
            # village has added the deductions that are not the scheme's (A16 …).
            ["rule", "observations", "yes"],
            ["rule", "add-optional"],
            [
                "household",
                "add",
                "--number",
                "0101",
                "--head",
                "王建国",
                "--grid",
                "一组",
                "--registered",
                "2024-01-01",
            ],
            [
                "household",
                "add",
                "--number",
                "0102",
                "--head",
                "李秀英",
                "--grid",
                "一组",
                "--registered",
                "2024-01-01",
            ],
            [
                "household",
                "add",
                "--number",
                "0103",
                "--head",
                "张大山",
                "--grid",
                "二组",
                "--registered",
                "2024-01-01",
            ],
            [
                "household",
                "add",
                "--number",
                "0104",
                "--head",
                "赵红梅",
                "--grid",
                "二组",
                "--registered",
                "2024-01-01",
            ],
        ]
        for step in steps:
            assert main(base + step) == 0, step
    finally:
        mp.undo()
    return folder


@pytest.fixture
def village(village_template: Path, env: Path, run: Run) -> Run:
    """``run`` on a copy of the ready village."""
    shutil.copytree(village_template, env)
    return run
