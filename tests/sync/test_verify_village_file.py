"""``jifen verify --village CODE`` checks the database file too (``verify.village``: SQLite's
``quick_check`` of the whole file): a broken file (here a page no table or free list holds,
which no village's rows lead to) is not reported clean by a village's check, and the command
line says which file check ran."""

from __future__ import annotations

import struct
from pathlib import Path

import pg
import pytest
from sync_world import Laptop, new_township, new_village, reopen, use_in_cli

from jifen_desktop.cli import main
from jifen_desktop.model import paths

A = "420881100001"


@pytest.fixture
def town(tmp_path: Path) -> Laptop:
    if pg.ledger_target() is not None:
        pytest.skip("SQLite's file check (the server's pages are pg_amcheck's)")
    town = new_township(tmp_path)
    village = new_village(tmp_path, A, "张集村")
    village.record(village.names["0001"])
    village.approve_pending()
    bundle = village.export()
    town.trust(bundle)
    town.take(bundle)
    return town


def _page_never_used(folder: Path) -> None:
    """One page more at the end of the (closed, checkpointed) file, held by nothing."""
    db = paths.db_path(folder)
    data = bytearray(db.read_bytes())
    page_size = struct.unpack(">H", data[16:18])[0] or 65536
    pages = struct.unpack(">I", data[28:32])[0]
    data[28:32] = struct.pack(">I", pages + 1)
    db.write_bytes(bytes(data) + bytes(page_size))


def test_a_broken_file_is_not_clean_for_a_village(town: Laptop) -> None:
    clean = town.ledger.verify(village=A)
    assert clean.ok and clean.integrity == ["ok"], clean.findings
    town.ledger.close()
    _page_never_used(town.ledger.folder)
    town.ledger = reopen(town.ledger)
    report = town.ledger.verify(village=A)
    assert not report.ok and report.integrity != ["ok"]
    assert [f.kind for f in report.findings] == ["integrity"], report.findings
    assert "never used" in report.findings[0].message
    assert "请从备份恢复" in report.findings[0].message
    whole = town.ledger.verify()
    assert [f.message for f in whole.findings] == [f.message for f in report.findings]


def test_the_command_line_says_the_village_s_file_check(
    town: Laptop, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    town.close()
    use_in_cli(monkeypatch, town, "xiang", "secret-123")
    assert main(["verify", "--village", A]) == 0
    out = capsys.readouterr().out
    assert "张集村（420881100001）" in out and "快速检查完好" in out
    _page_never_used(town.ledger.folder)
    assert main(["verify", "--village", A]) != 0
    assert "有损坏" in capsys.readouterr().out
