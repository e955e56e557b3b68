"""``jifen verify``: the set-based checks run beside the others (issue 20: a township of
1,000,000 entries in < 60 s on two cores).

SQLite's ``integrity_check`` and the summaries' comparison are a few statements each in which
SQLite (or the PostgreSQL server) does all the work, in C, with Python's GIL released; the
hash chain, the members and the records are Python reading row after row. So the first run
on a connection of their own in a worker thread while the main thread checks the chain, and
their findings are put where they would stand had they run in turn (the file's first, the
summaries' after the snapshots'): the report reads the same either way.

They run in turn, on the caller's session, when the session is not on an engine a second
connection can share a file with (an SQLite database in memory, a session bound to one
connection).

When the main check raises (a progress callback that stops it, a lost connection ...), the
checks beside it are stopped before the error goes on (``Beside`` is a context manager: ``stop``
on the way out): no check starts after, the statement running is interrupted (SQLite's
``interrupt``, PostgreSQL's cancel) and the thread is waited for, so no thread is left behind
an error holding a connection and a core.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from .report import VerifyReport

Check = Callable[[Session, VerifyReport], None]


@dataclass
class Beside:
    """Named checks, each with a report of its own, run in a worker thread (or in turn)."""

    checks: dict[str, Check]
    reports: dict[str, VerifyReport] = field(default_factory=dict)
    errors: dict[str, Exception] = field(default_factory=dict)  # raised by ``result``
    _thread: threading.Thread | None = None
    _error: BaseException | None = None  # (the worker's own: its connection, say)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _interrupt: Callable[[], Any] | None = None  # (while a check runs in the thread)

    def __enter__(self) -> Beside:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is not None:
            self.stop()

    def start(self, session: Session) -> None:
        """Start the checks in a worker thread on a connection of their own, if the session's
        database allows one; else run them now, on the session."""
        engine = _shareable(session)
        if engine is None:
            self._run(session)
            return
        self._thread = threading.Thread(
            target=self._in_thread, args=(engine,), name="verify-beside", daemon=True
        )
        self._thread.start()

    def _in_thread(self, engine: Engine) -> None:
        try:
            with Session(engine) as session, session.begin():
                self._run(session, _interrupter(session))
        except BaseException as error:  # (raised again in the caller's thread by ``result``)
            self._error = error

    def _run(self, session: Session, interrupt: Callable[[], Any] | None = None) -> None:
        """Each check in turn (until ``stop``); one that fails (a value it cannot read) keeps
        its error for ``result`` and the others still run."""
        for name, check in self.checks.items():
            if self._stopping.is_set():
                break
            report = self.reports[name] = VerifyReport()
            try:
                with session.begin_nested():
                    self._interrupt = interrupt
                    try:
                        check(session, report)
                    finally:
                        self._interrupt = None
            except Exception as error:
                self.errors[name] = error

    def stop(self) -> None:
        """Stop the checks in the worker thread and wait for it: no check starts after this,
        the statement running is interrupted (again until the thread is done: a check may run
        several)."""
        self._stopping.set()
        thread, self._thread = self._thread, None
        while thread is not None and thread.is_alive():
            interrupt = self._interrupt
            if interrupt is not None:
                interrupt()
            thread.join(0.05)

    def result(self, name: str) -> VerifyReport:
        """What the check ``name`` found, once the checks are done (waits for them)."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            raise self._error
        if name in self.errors:
            raise self.errors[name]
        return self.reports[name]

    def into(self, name: str, report: VerifyReport, at: int | None = None) -> None:
        """Put what the check ``name`` found into ``report``: its findings at ``at`` (at the
        end if None), its file's check as the report's."""
        found = self.result(name)
        place = len(report.findings) if at is None else at
        report.findings[place:place] = found.findings
        if found.integrity:
            report.integrity = found.integrity


def _interrupter(session: Session) -> Callable[[], Any] | None:
    """What stops the statement running on the session's connection from another thread:
    sqlite3's ``interrupt``, psycopg's ``cancel``."""
    driver = session.connection().connection.driver_connection
    return getattr(driver, "interrupt", None) or getattr(driver, "cancel", None)


def _shareable(session: Session) -> Engine | None:
    """The session's engine, if a second connection may read the same database beside it."""
    bind = session.get_bind()
    if not isinstance(bind, Engine):
        return None
    if bind.dialect.name == "sqlite" and bind.url.database in (None, "", ":memory:"):
        return None
    return bind
