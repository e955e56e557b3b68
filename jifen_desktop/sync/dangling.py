"""A bundle whose rows refer to records this database does not hold (issue 20): refused in
words, on SQLite and PostgreSQL alike, with nothing changed.

An export carries every record its rows refer to, so a bundle refers to nothing missing unless
it was made by an older program, cut short, or forged; or an earlier bundle of that village was
never imported here. An import checks references when it commits (``defer_references``: a
bundle's rows may refer to rows later in it), so the database answers with its own
``IntegrityError`` once the transaction ends; ``refusing_dangling`` turns that answer (and only
that one: a foreign key's) into a ``BundleRefused`` naming the bundle, its village and what to
import first. The transaction has been rolled back by then: the database is as it was.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy.exc import IntegrityError

from jifen_desktop.model.row_form import by_name

from .bundle_file import OpenedBundle
from .errors import BundleRefused
from .trust import RECORD_NAMES

FOREIGN_KEY_SQLSTATE = "23503"  # PostgreSQL's foreign_key_violation
SQLITE_FOREIGN_KEY = "SQLITE_CONSTRAINT_FOREIGNKEY"


def is_dangling(exc: IntegrityError) -> bool:
    """Whether the database refused a reference to a record it does not hold."""
    orig = exc.orig
    if getattr(orig, "sqlstate", None) == FOREIGN_KEY_SQLSTATE:
        return True
    return getattr(orig, "sqlite_errorname", None) == SQLITE_FOREIGN_KEY


@contextmanager
def refusing_dangling(bundles: Sequence[OpenedBundle]) -> Iterator[None]:
    """Around the transaction importing ``bundles``: a reference to nothing refuses them."""
    try:
        yield
    except IntegrityError as exc:
        if not is_dangling(exc):
            raise
        raise dangling_refusal(bundles, exc) from exc


def dangling_refusal(bundles: Sequence[OpenedBundle], exc: IntegrityError) -> BundleRefused:
    """The refusal: which bundle, which village, what refers to what (where the server says),
    and what to import first."""
    files = "、".join(b.path.name for b in bundles)
    labels = dict.fromkeys(_village(b) for b in bundles)
    named = "、".join(f"{name}（{code}）" if code else name for name, code in labels)
    names = "、".join(dict.fromkeys(name for name, _code in labels))
    return BundleRefused(
        f"同步包 {files} 不能导入：{_what(exc)}，"
        f"多半是{named}更早的同步包还没有在本库导入。请先导入{names}更早的同步包"
        f"（或请{names}导出一份“全部数据”的同步包），再重新导入。本库没有任何改动。"
    )


def _village(bundle: OpenedBundle) -> tuple[str, str]:
    source = bundle.manifest.get("source") or {}
    return str(source.get("name") or "对方"), str(source.get("code") or "")


def _what(exc: IntegrityError) -> str:
    """What refers to what: "里面的农户状态变动引用的农户本库没有" where the server names the
    broken key (PostgreSQL), else that some record does."""
    diag: Any = getattr(exc.orig, "diag", None)
    synced = by_name().get(str(getattr(diag, "table_name", None)))
    if synced is None:
        return "里面有记录引用了本库没有的记录"
    key = getattr(diag, "constraint_name", None)
    child = RECORD_NAMES.get(synced.name, "记录")
    for constraint in synced.table.foreign_key_constraints:
        if constraint.name == key:
            parent = constraint.referred_table.name
            return f"里面的{child}引用的{RECORD_NAMES.get(parent, '记录')}本库没有"
    return f"里面有{child}引用了本库没有的记录"
