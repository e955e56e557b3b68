"""A ledger that cannot be written: SQLite's "attempt to write a readonly database" (the file
or its folder is read-only, a USB stick's write-protect switch is on) turned into a domain error
that says what to do, instead of an unexpected error with a traceback."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from .errors import LedgerReadOnly

SQLITE_READONLY = 8  # the primary result code; extended codes keep it in the low byte
WHAT_TO_DO = (
    "请检查文件权限（台账文件和它所在的文件夹都要允许修改），"
    "或者U盘的写保护开关是否打开了；也可以把整个数据目录复制到电脑硬盘上再使用。"
)


def is_read_only(exc: BaseException) -> bool:
    """Whether ``exc`` (a DB-API error, or SQLAlchemy's wrapper of one) is SQLite refusing to
    write because the file or its folder is read-only."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, sqlite3.Error):
        return False
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == SQLITE_READONLY
    return "readonly database" in str(orig)


def refusal(path: Path, *, opening: bool = False) -> LedgerReadOnly:
    if opening:
        return LedgerReadOnly(
            f"打不开台账：{path} 或它所在的文件夹不能写入（打开台账时程序要在旁边写临时文件）。"
            + WHAT_TO_DO
        )
    return LedgerReadOnly(f"台账文件 {path} 不能写入，刚才的操作没有保存。" + WHAT_TO_DO)


@contextmanager
def refusing_read_only(path: Path, *, opening: bool = False) -> Iterator[None]:
    """Run the body; a read-only failure of SQLite inside it becomes ``LedgerReadOnly``."""
    try:
        yield
    except DBAPIError as exc:
        if is_read_only(exc):
            raise refusal(path, opening=opening) from exc
        raise
