"""``jifen --database postgresql://…``: a township on a PostgreSQL server (tests/pg.py's
throwaway cluster; run with ``JIFEN_TEST_PG=1``, as scripts/test does when PostgreSQL is
installed). Set-up, the refusals that name what to do instead (a second init, a village or a
demo on the server, a file backup, an address that is no server, a server that is not there),
and the write lock: writers queue, readers never wait."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pg
import pytest
from jifen_cli_testing import PASSWORD, Run, assert_one_chinese_error

from jifen_desktop.model import db
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.setup import AdminDetails, create_township

pytestmark = pytest.mark.skipif(not pg.enabled(), reason="PostgreSQL tests: JIFEN_TEST_PG=1")

TOWNSHIP = ["--mode", "township", "--code", "420881100", "--name", "张集镇", "--admin", "admin"]


def test_a_township_is_set_up_on_the_server_and_verifies_clean(run: Run, env: Path) -> None:
    url = pg.new_database()
    made = run("--database", url, "--json", "init", *TOWNSHIP).json
    assert made["mode"] == "township"
    assert not (env / "ledger.sqlite3").exists()  # nothing of the ledger in the data folder
    assert run("--database", url, "--json", "verify").json["ok"]
    assert "台账完好" in run("--database", url, "verify").out
    again = run("--database", url, "init", *TOWNSHIP, ok=False)
    assert_one_chinese_error(again, "已经有台账", "新建一个空数据库")


def test_the_environment_names_the_server_too(
    run: Run, monkeypatch: pytest.MonkeyPatch, env: Path
) -> None:
    monkeypatch.setenv("JIFEN_DATABASE_URL", pg.new_database())
    run("init", *TOWNSHIP)
    listed = run("--json", "key", "list").json
    assert listed == []
    assert not (env / "ledger.sqlite3").exists()


def test_file_work_is_refused_with_what_to_do_instead(run: Run) -> None:
    url = pg.new_database()
    village = run("--database", url, "init", "--code", "420881100001", "--name", "张集村",
                  "--township", "张集镇", ok=False)  # fmt: skip
    assert_one_chinese_error(village, "--mode township")
    assert_one_chinese_error(run("--database", url, "demo", ok=False), "去掉 --database")
    run("--database", url, "init", *TOWNSHIP)
    # (backup and backups run pg_dump there: tests/sync/test_server_backup.py)
    refused = run("--database", url, "restore", "x.sqlite3.xz", "--yes", ok=False)
    assert_one_chinese_error(refused, "jifen township move-to-server", "pg_dump")


def test_an_address_that_is_no_server_and_a_server_not_there_are_refused(run: Run) -> None:
    wrong = run("--database", "mysql://x@y/z", "init", *TOWNSHIP, ok=False)
    assert_one_chinese_error(wrong, "postgresql://")
    gone = "postgresql://jifen@/nowhere?host=/nonexistent-socket-dir&port=5439"
    absent = run("--database", gone, "key", "list", ok=False)
    assert_one_chinese_error(absent, "连不上台账数据库服务器", "JIFEN_DATABASE_URL")


def _township(tmp_path: Path) -> Ledger:
    admin = AdminDetails("admin", "乡镇办", PASSWORD)
    return create_township(tmp_path, "张集镇", "420881100", admin, database=pg.new_database())[0]


def test_writers_queue_and_readers_never_wait(tmp_path: Path) -> None:
    town = _township(tmp_path)
    with town.engine.connect() as holder, holder.begin():  # another clerk's import, say
        holder.exec_driver_sql(f"SELECT pg_advisory_xact_lock({db.WRITE_LOCK_KEY})")
        started = time.monotonic()
        assert town.mode == "township"  # a read, while the write lock is held
        assert time.monotonic() - started < 2
        done = threading.Event()

        def write() -> None:
            town.operators.add("wgy", "网格员", "viewer", PASSWORD, village_id=None)
            done.set()

        writer = threading.Thread(target=write)
        writer.start()
        assert not done.wait(1.0)  # queued behind the lock
    writer.join(10)
    assert done.is_set()
    assert [o.username for o in town.operators.list()] == ["admin", "wgy"]
    town.close()
