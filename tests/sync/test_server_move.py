"""``jifen township move-to-server``: an SQLite township (with a village's bundle imported)
copied into an empty PostgreSQL database — a bare one (Alembic makes the tables) or one already
migrated — in one transaction; the counts equal, verify clean on the server, the file byte for
byte as it was; refused (nothing written) for a database that holds data, a village's file, or
someone who is not the township's admin. Runs on the throwaway cluster (tests/pg.py) whenever
PostgreSQL is installed."""

from __future__ import annotations

import json
from pathlib import Path

import pg
import pytest
from sqlalchemy import text
from sync_world import Laptop, fingerprint, new_village
from test_server_backup import PASSWORD, _cli, _jifen

from jifen_desktop.model import db, paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.setup import AdminDetails, create_township

pytestmark = pytest.mark.skipif(pg.bin_dir() is None, reason="PostgreSQL is not installed")


def _file_township(root: Path) -> Path:
    """A township ledger file holding one village's bundle; its folder."""
    village = new_village(root, "420881100001", "张集村")
    for household_id in village.names.values():
        village.record(household_id)
    village.approve_pending()
    folder = root / "town"
    ledger, _ = create_township(folder, "张集镇", "420881100",
                                AdminDetails("xiang", "乡镇办", PASSWORD))  # fmt: skip
    town = Laptop(ledger, root)
    bundle = village.export()
    town.trust(bundle)
    town.take(bundle)
    ledger.operators.add("chakan", "查看员", "viewer", PASSWORD, village_id=None)
    village.close()
    town.close()
    return folder


def _digest(folder: Path) -> str:
    """The file's bytes (``sync_world.fingerprint`` of an engine that never connected)."""
    return fingerprint(Laptop(Ledger(folder, db.make_engine(paths.db_path(folder))), folder))


def _bare_database() -> str:
    name = f"bare_{id(object())}"
    pg.cluster().execute(f"CREATE DATABASE {name}")
    return pg.cluster().url(name)


def _rows(url: str) -> dict[str, int]:
    engine = db.make_server_engine(url)
    try:
        with engine.connect() as conn:
            names = [r[0] for r in conn.execute(text(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema() AND table_name <> 'alembic_version'"
            ))]  # fmt: skip
            return {
                n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names
            }
    finally:
        engine.dispose()


def _indexes(url: str) -> list[tuple[str, str]]:
    engine = db.make_server_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(
                "SELECT indexname, indexdef FROM pg_indexes"
                " WHERE schemaname = current_schema() ORDER BY indexname"
            ))]  # fmt: skip
    finally:
        engine.dispose()


@pytest.mark.parametrize("made", [_bare_database, pg.new_database], ids=["bare", "migrated"])
def test_the_township_file_moves_whole_and_stays_as_it_was(
    made, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _file_township(tmp_path)
    before = _digest(folder)
    with Ledger.open(folder) as ledger:
        assert ledger.verify().ok
        households = len(ledger.households.list(ledger.villages.list()[0].id))
    url = made()
    _cli(monkeypatch, folder, "")
    monkeypatch.delenv("JIFEN_DATABASE_URL")
    code, out, err = _jifen(capsys, "--json", "township", "move-to-server", "--database", url)
    assert code == 0, err
    moved = json.loads(out)
    assert moved["ok"] and moved["findings"] == []
    assert moved["counts"]["entries"] == 3 and moved["counts"]["entry_decisions"] == 3
    on_server = _rows(url)
    assert {t: n for t, n in on_server.items() if t in moved["counts"]} == moved["counts"]
    assert not {t: n for t, n in on_server.items() if t not in moved["counts"] and n}
    assert _digest(folder) == before  # the file is left untouched
    assert _indexes(url) == _indexes(pg.new_database())  # dropped for the copy, all made again
    with Ledger.open(tmp_path / "clerk", url) as server:
        assert server.mode == "township" and server.verify().ok
        assert len(server.households.list(server.villages.list()[0].id)) == households
        server.login("xiang", PASSWORD)  # the township's operators came along
        server.operators.add(
            "xiang2", "乡镇办二", "admin", PASSWORD, village_id=None
        )  # writes work
    # A second move into the now occupied database is refused, changing nothing there.
    digest = pg.content_digest(url)
    code, _, err = _jifen(capsys, "township", "move-to-server", "--database", url)
    assert code == 1 and "不是空的" in err
    assert pg.content_digest(url) == digest


def test_a_village_file_or_a_non_admin_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _file_township(tmp_path)
    url = _bare_database()
    _cli(monkeypatch, folder, url, user="chakan")
    code, _, err = _jifen(capsys, "township", "move-to-server")
    assert code == 1 and "管理员" in err
    assert _rows(url) == {}  # nothing made on the server
    monkeypatch.setenv("JIFEN_USER", "admin")
    village = tmp_path / "village"
    Ledger.create(village).close()
    with Ledger.open(village) as ledger:
        made = ledger.villages.create("420881100002", "李湾村", "张集镇").value
        ledger.operators.add("admin", "管理员", "admin", PASSWORD, village_id=made.id)
    monkeypatch.setenv("JIFEN_DATA_DIR", str(village))
    code, _, err = _jifen(capsys, "township", "move-to-server")
    assert code == 1 and "村台账留在村里的电脑上" in err
    assert _rows(url) == {}
