"""``jifen backup`` / ``backups`` / ``restore`` of a township on a PostgreSQL server: ``pg_dump``
into the backups folder, listed with the file backups, and ``pg_restore`` back — into the same
database after rows were lost (an admin's confirmation), or into an empty one (no login) — with
``jifen verify`` clean and the rows back. Runs on the throwaway cluster (tests/pg.py) whenever
PostgreSQL is installed: these tests are about the server, whatever engine the session uses."""

from __future__ import annotations

import json
from pathlib import Path

import pg
import pytest
from sqlalchemy import text
from sync_world import Laptop, new_township, new_village, server_url

from jifen_desktop.cli import main
from jifen_desktop.model import db, pg_tools
from jifen_desktop.model.errors import LedgerStateError
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.setup import AdminDetails, create_township

pytestmark = pytest.mark.skipif(pg.bin_dir() is None, reason="PostgreSQL is not installed")
PASSWORD = "secret-123"


def _township_on_server(root: Path) -> Laptop:
    """A township on the server holding one village's bundle (households, entries, decisions)."""
    village = new_village(root, "420881100001", "张集村")
    for household_id in list(village.names.values())[:2]:
        village.record(household_id)
    village.approve_pending()
    folder = root / "town"
    ledger, _ = create_township(
        folder, "张集镇", "420881100", AdminDetails("xiang", "乡镇办", PASSWORD),
        database=pg.new_database(),
    )  # fmt: skip
    town = Laptop(ledger, root)
    bundle = village.export()
    town.trust(bundle)
    town.take(bundle)
    village.close()
    return town


def _cli(monkeypatch: pytest.MonkeyPatch, folder: Path, url: str, user: str = "xiang") -> None:
    monkeypatch.setenv("JIFEN_DATA_DIR", str(folder))
    monkeypatch.setenv("JIFEN_DATABASE_URL", url)
    monkeypatch.setenv("JIFEN_USER", user)
    monkeypatch.setenv("JIFEN_PASSWORD", PASSWORD)


def _jifen(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(list(argv)) or 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return int(code), out, err


def _count(url: str, table: str) -> int:
    engine = db.make_server_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()


def test_backup_lose_rows_restore_and_verify_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    town = _township_on_server(tmp_path)
    url, folder = server_url(town.ledger) or "", town.ledger.folder
    decisions, audit = _count(url, "entry_decisions"), _count(url, "audit_log")
    assert decisions == 2
    town.close()
    _cli(monkeypatch, folder, url)
    code, out, err = _jifen(capsys, "--json", "backup")
    assert code == 0, err
    made = json.loads(out)
    dump = Path(made["path"])
    assert dump.parent == folder / "backups" and dump.name.endswith(f"-r{db.HEAD_REVISION}.dump")
    assert made["kind"] == "manual" and made["village_code"] == "420881100"
    assert not list(dump.parent.glob(".*.part"))  # written under a temporary name, renamed
    code, out, _ = _jifen(capsys, "backups")
    assert code == 0 and dump.name in out and "手动" in out

    engine = db.make_server_engine(url)  # someone with a database tool empties a table
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM entry_decisions"))
    engine.dispose()
    code, out, _ = _jifen(capsys, "verify")
    assert code == 1

    code, _, err = _jifen(capsys, "restore", str(dump))  # not a terminal: asks for --yes
    assert code == 1 and "--yes" in err and _count(url, "entry_decisions") == 0
    code, out, err = _jifen(capsys, "restore", str(dump), "--yes")
    assert code == 0, err
    assert "换下来的台账另存为" in out and "jifen verify" in out
    assert _count(url, "entry_decisions") == decisions
    assert _count(url, "audit_log") == audit + 1  # the restore's own audit row
    code, out, err = _jifen(capsys, "verify")
    assert code == 0, out + err
    kept = [p.name for p in (folder / "backups").glob("*_restore-r*.dump")]
    assert len(kept) == 1  # the ledger replaced, dumped first


def test_restore_into_an_empty_database_needs_no_login(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    town = _township_on_server(tmp_path)
    url = server_url(town.ledger) or ""
    town.close()
    _cli(monkeypatch, town.ledger.folder, url)
    code, out, err = _jifen(capsys, "--json", "backup", "--out", str(tmp_path / "stick"))
    assert code == 0, err
    dump = json.loads(out)["path"]
    empty = pg.cluster().url(_empty_database())
    _cli(monkeypatch, tmp_path / "clerk2", empty, user="")
    code, out, err = _jifen(capsys, "--json", "restore", dump)
    assert code == 0, err
    restored = json.loads(out)
    assert restored["kept"] is None and restored["households"] == 3 and restored["entries"] == 2
    with Ledger.open(tmp_path / "clerk2", empty) as ledger:
        assert ledger.mode == "township" and ledger.verify().ok


def test_a_viewer_a_file_backup_or_no_dump_is_refused_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    town = new_township(tmp_path)
    url = server_url(town.ledger)
    if url is None:  # (an SQLite session: put this township on the server)
        url = pg.new_database()
        create_township(tmp_path / "t", "张集镇", "420881100",
                        AdminDetails("xiang", "乡镇办", PASSWORD), database=url)[0].close()  # fmt: skip
    town.close()
    with Ledger.open(tmp_path / "t", url) as ledger:
        ledger.operators.add("chakan", "查看员", "viewer", PASSWORD, village_id=None)
    _cli(monkeypatch, tmp_path / "t", url, user="chakan")
    for argv in (["backup"], ["backups"]):
        code, _, err = _jifen(capsys, *argv)
        assert code == 1 and "无权" in err and "管理员" in err, argv
    assert not (tmp_path / "t" / "backups").exists()
    _cli(monkeypatch, tmp_path / "t", url)
    code, _, err = _jifen(capsys, "restore", str(tmp_path / "x.sqlite3.xz"), "--yes")
    assert code == 1 and "move-to-server" in err
    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"not a dump")
    code, _, err = _jifen(capsys, "restore", str(junk), "--yes")
    assert code == 1 and "不是 pg_dump 做的备份" in err


def test_missing_or_old_tools_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg_tools, "SEARCH_GLOBS", ())
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(LedgerStateError, match="找不到 PostgreSQL 的 pg_dump"):
        pg_tools.find_tool("pg_dump", 15)
    monkeypatch.undo()
    found = pg_tools.find_tool("pg_dump", 15)
    with pytest.raises(LedgerStateError, match=f"是 {found.major}"):
        pg_tools.find_tool("pg_dump", found.major + 1)


def _empty_database() -> str:
    name = f"empty_{id(object())}"
    pg.cluster().execute(f"CREATE DATABASE {name}")
    return name
