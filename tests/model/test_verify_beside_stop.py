"""``jifen verify``'s checks beside the main one (``verify.beside``: the file's integrity_check,
the snapshots', the summaries', in a worker thread on a connection of their own) are stopped
when the main check raises: the thread is gone before the error reaches the caller, and the
ledger verifies clean again afterwards."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy.orm import Session

from jifen_desktop.model.verify import service
from jifen_desktop.model.verify.report import VerifyReport

# A statement that runs for minutes unless interrupted (SQLite counts to 10^10 in C).
SLOW = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000000) "
    "SELECT count(*) FROM c"
)


class Stopped(Exception):
    """What the caller's progress callback raises (a window closed, say)."""


def _stop_at_the_chain(fraction: float, _message: str) -> None:
    if fraction >= 0.2:  # (正在检查哈希链: the beside thread has started)
        raise Stopped


def _beside_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "verify-beside" and t.is_alive()]


def test_an_error_in_the_main_check_stops_the_beside_thread(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = service._check_integrity

    def slow_file_check(session: Session, report: VerifyReport, quick: bool = False) -> None:
        session.connection().exec_driver_sql(SLOW).scalar()
        real(session, report, quick)

    monkeypatch.setattr(service, "_check_integrity", slow_file_check)
    started = time.perf_counter()
    with pytest.raises(Stopped):
        world.ledger.verify(_stop_at_the_chain)
    assert _beside_threads() == []
    assert time.perf_counter() - started < 20
    monkeypatch.undo()
    report = world.ledger.verify()  # (its connection back and usable)
    assert report.ok and report.integrity == ["ok"], report.findings
    assert _beside_threads() == []
