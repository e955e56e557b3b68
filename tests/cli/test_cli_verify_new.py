"""``jifen verify --new``: only the part of the hash chain written since the last check on this
computer; a change made after it is named (exit 1), and nothing new is quick and clean."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from demo_copies import copy_ledger_file, make_demo

from jifen_desktop.cli import main
from jifen_desktop.demo import DEMO_PASSWORD
from jifen_desktop.model import paths


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo"), households=8)


def test_verify_new_checks_what_is_new_and_names_a_change(
    demo_folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = copy_ledger_file(demo_folder, tmp_path / "ledger")
    assert main(["--data-dir", str(folder), "verify", "--new"]) == 0
    out = capsys.readouterr().out
    assert "本机第一次检查" in out and "新增部分完好" in out
    assert main(["--data-dir", str(folder), "verify", "--new"]) == 0
    assert "哈希链：    0 段" in capsys.readouterr().out
    monkeypatch.setenv("JIFEN_USER", "admin")
    monkeypatch.setenv("JIFEN_PASSWORD", DEMO_PASSWORD)
    add = ["household", "add", "--number", "0999", "--head", "新户主", "--grid", "一组"]
    assert main(["--data-dir", str(folder), *add]) == 0
    capsys.readouterr()
    with closing(sqlite3.connect(paths.db_path(folder))) as raw:
        raw.execute(
            "UPDATE household_status_changes SET reason = '改过' WHERE seq = "
            "(SELECT MAX(seq) FROM household_status_changes)"
        )
        raw.commit()
    assert main(["--data-dir", str(folder), "verify", "--new"]) == 1
    out, err = capsys.readouterr()
    assert "与写入时不同" in out and "jifen verify" in err
