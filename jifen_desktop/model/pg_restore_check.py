"""Before ``jifen restore FILE.dump`` on a PostgreSQL server: what the dump holds (refused when
it is no ledger's, or newer than this program: ``pg_backup.inspect_dump``) and whether the
database already holds a ledger, so that the caller can ask for a confirmation first. A server
that cannot be reached is refused in the model's own words (``LedgerStateError``), not as the
database driver's error."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import OperationalError

from . import db
from .errors import LedgerStateError
from .pg_backup import holds_ledger, inspect_dump
from .pg_dump_file import DumpContents


@dataclass(frozen=True)
class RestoreTarget:
    """The dump's contents, and whether restoring it would replace a ledger (``occupied``)."""

    contents: DumpContents
    occupied: bool


def before_restore(database: str, file: Path) -> RestoreTarget:
    """Look at ``file`` and at the server ``database`` (a ``postgresql://`` address)."""
    engine = db.make_server_engine(database)
    try:
        return RestoreTarget(inspect_dump(engine, file), holds_ledger(engine))
    except OperationalError as exc:
        reason = " ".join(str(exc.orig).split())[:200]  # (the driver's words, on one line)
        raise LedgerStateError(
            f"连不上台账数据库服务器（{reason}），没有恢复。请检查 --database"
            " 或 JIFEN_DATABASE_URL 里的服务器地址、端口、用户名和密码，以及服务器是否开着，"
            "再运行 jifen restore。"
        ) from None
    finally:
        engine.dispose()
