"""``jifen restore FILE.dump`` onto a PostgreSQL server that is not there: refused in one Chinese
line that says what to check (``model.pg_restore_check`` turns the driver's error into the
model's ``LedgerStateError``); nothing is asked and nothing restored. Needs no server: the
address names a socket folder that does not exist."""

from __future__ import annotations

from pathlib import Path

import pytest
from jifen_cli_testing import Run, assert_one_chinese_error

from jifen_desktop.model.errors import LedgerStateError
from jifen_desktop.model.pg_restore_check import before_restore

GONE = "postgresql://jifen@/nowhere?host=/nonexistent-socket-dir&port=5439"


def test_a_restore_onto_a_server_not_there_says_what_to_check(run: Run, tmp_path: Path) -> None:
    dump = tmp_path / "张集镇.dump"
    dump.write_bytes(b"PGDMP")
    refused = run("--database", GONE, "restore", str(dump), "--yes", ok=False)
    assert_one_chinese_error(refused, "连不上台账数据库服务器", "没有恢复", "JIFEN_DATABASE_URL")


def test_the_model_refuses_it_in_its_own_error(tmp_path: Path) -> None:
    with pytest.raises(LedgerStateError, match="jifen restore") as refused:
        before_restore(GONE, tmp_path / "张集镇.dump")
    assert "nonexistent-socket-dir" in refused.value.message  # the driver's reason is kept
