"""``jifen bundle import A B C``: several files in one run through ``import_bundles`` (the
next files checked in worker processes); a damaged one among them is named and nothing of it
written, the others are imported; the first Ctrl-C asks the import to stop (the bundle being
written rolls back), a second one interrupts."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest
from jifen_cli_testing import Run

from jifen_desktop.cli.cmd_bundle import _ctrl_c_sets


def _township(village: Run, tmp_path: Path) -> list[str]:
    town = ["--data-dir", str(tmp_path / "township"), "--user", "xiang"]
    village(*town[:2], "init", "--mode", "township", "--code", "420881100", "--name", "张集镇",
            "--admin", "xiang")  # fmt: skip
    return town


def test_several_files_one_damaged(village: Run, tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    town = _township(village, tmp_path)
    first = village("--json", "bundle", "export", "--out", str(stick), "--full").json["path"]
    village("entry", "add", "--household", "0101", "--rule", "B05", "--date", "2026-03-10")
    second = village("--json", "bundle", "export", "--out", str(stick), "--full").json["path"]
    fingerprint = village("--json", "key", "show").json["fingerprint"]
    village(*town, "key", "enrol", first, "--fingerprint", fingerprint)
    damaged = stick / "坏的.jfb"
    data = bytearray(Path(second).read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))

    result = village(*town, "--json", "bundle", "import", first, str(damaged), second, ok=False)
    assert result.code == 1
    files = [(Path(r["file"]).name, "refused" in r) for r in result.json]
    assert files == [(Path(first).name, False), ("坏的.jfb", True), (Path(second).name, False)]
    assert "坏的.jfb" in result.json[1]["refused"]
    assert result.json[2]["counts"]["tables"]["entries"]["new"] == 1
    assert "3 个同步包中有 1 个没有导入" in result.err
    again = village(*town, "bundle", "import", first, second).out
    assert again.count("以前已经导入过") == 2
    village(*town, "verify")  # clean: exit status 0


def test_the_first_ctrl_c_asks_to_stop_a_second_interrupts() -> None:
    assert threading.current_thread() is threading.main_thread()
    stop = threading.Event()
    before = signal.getsignal(signal.SIGINT)
    with _ctrl_c_sets(stop):
        os.kill(os.getpid(), signal.SIGINT)
        assert stop.is_set()
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is before
