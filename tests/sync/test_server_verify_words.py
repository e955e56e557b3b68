"""``jifen verify`` on a PostgreSQL server says what it checked there instead of the file:
the server's version and that every reference (foreign key) of the ledger is validated and
enforced; a reference whose triggers were switched off behind the program is a finding. Runs on
the throwaway cluster (tests/pg.py) whenever PostgreSQL is installed."""

from __future__ import annotations

from pathlib import Path

import pg
import pytest
from sqlalchemy import text
from test_server_backup import _cli, _jifen, _township_on_server

from jifen_desktop.model import db

pytestmark = pytest.mark.skipif(pg.bin_dir() is None, reason="PostgreSQL is not installed")


def _sql(url: str, statement: str) -> None:
    engine = db.make_server_engine(url)
    with engine.begin() as conn:
        conn.execute(text(statement))
    engine.dispose()


def test_verify_names_the_server_checks_and_a_reference_switched_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    town = _township_on_server(tmp_path)
    url = town.ledger.engine.url.render_as_string(hide_password=False)
    town.close()
    _cli(monkeypatch, town.ledger.folder, url)
    code, out, err = _jifen(capsys, "verify")
    assert code == 0, out + err
    assert "数据库文件" not in out
    assert "数据库服务器" in out and "条引用约束都在生效" in out and "台账完好" in out
    _sql(url, "ALTER TABLE entry_decisions DISABLE TRIGGER ALL")
    code, out, err = _jifen(capsys, "verify")
    assert code == 1 and "台账完好" not in out
    assert "entry_decisions 表的引用约束" in out and "ENABLE TRIGGER ALL" in out
    _sql(url, "ALTER TABLE entry_decisions ENABLE TRIGGER ALL")
    code, out, _ = _jifen(capsys, "--json", "verify")
    assert code == 0 and '"problems": []' in out
