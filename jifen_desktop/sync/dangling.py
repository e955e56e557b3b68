"""A bundle whose rows refer to records this database does not hold (issue 20): refused in
words, on SQLite and PostgreSQL alike, with nothing changed.

An export carries every record its rows refer to, so a bundle refers to nothing missing unless
it was made by an older program, cut short, or forged; or an earlier bundle of that village was
never imported here. An import checks references when it commits (``defer_references``: a
bundle's rows may refer to rows later in it), so the database answers with its own
``IntegrityError`` once the transaction ends; ``refusing_dangling`` turns that answer (and only
that one: a foreign key's) into a ``BundleRefused`` naming the bundle, its village and what to
import first. The transaction has been rolled back by then: the database is as it was.

A dry run writes nothing, so nothing is checked at its end: ``check_references`` reads the
bundle's references and looks up those it does not carry, and refuses with the same words.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jifen_desktop.model.row_form import by_name, synced_tables

from .bundle_file import OpenedBundle
from .errors import BundleRefused
from .trust import RECORD_NAMES

FOREIGN_KEY_SQLSTATE = "23503"  # PostgreSQL's foreign_key_violation
SQLITE_FOREIGN_KEY = "SQLITE_CONSTRAINT_FOREIGNKEY"
IN_CHUNK = 900
Key = tuple[str, str]  # (table, the table it refers to)


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
        raise dangling_refusal(bundles, _what(exc)) from exc


def dangling_refusal(bundles: Sequence[OpenedBundle], what: str) -> BundleRefused:
    """The refusal: which bundle, which village, ``what`` refers to what (``_what``), and
    what to import first."""
    files = "、".join(b.path.name for b in bundles)
    labels = dict.fromkeys(_village(b) for b in bundles)
    named = "、".join(f"{name}（{code}）" if code else name for name, code in labels)
    names = "、".join(dict.fromkeys(name for name, _code in labels))
    return BundleRefused(
        f"同步包 {files} 不能导入：{what}，"
        f"多半是{named}更早的同步包还没有在本库导入。请先导入{names}更早的同步包"
        f"（或请{names}导出一份“全部数据”的同步包），再重新导入。本库没有任何改动。"
    )


def check_references(session: Session, bundle: OpenedBundle) -> None:
    """For a dry run (which writes nothing, so no commit checks): every reference the
    bundle's rows make is to a row in the bundle or held here, else the import's refusal."""
    carried, wanted = _references(bundle)
    for (child, parent), ids in wanted.items():
        missing = sorted(ids - carried.get(parent, set()))
        if missing and _not_held(session, parent, missing):
            raise dangling_refusal([bundle], _what_of(child, parent))


def _references(bundle: OpenedBundle) -> tuple[dict[str, set[Any]], dict[Key, set[Any]]]:
    """The ids each table of the bundle carries (of tables others refer to), and the ids
    each (table, referred table) refers to."""
    referred = {fk.column.table.name for t in synced_tables() for fk in t.table.foreign_keys}
    carried: dict[str, set[Any]] = {}
    wanted: dict[Key, set[Any]] = {}
    present = set(bundle.data_tables())
    for synced in (t for t in synced_tables() if t.name in present):
        for columns, rows, _lines in bundle.rows_and_lines(synced.name):
            keys = [
                (columns.index(fk.parent.name), fk.column.table.name)
                for fk in synced.table.foreign_keys
                if fk.parent.name in columns
            ]
            if synced.name in referred and "id" in columns:
                at = columns.index("id")
                carried.setdefault(synced.name, set()).update(row[at] for row in rows)
            for at, parent in keys:
                found = wanted.setdefault((synced.name, parent), set())
                found.update(row[at] for row in rows if row[at] is not None)
    return carried, wanted


def _not_held(session: Session, table: str, ids: list[Any]) -> bool:
    """Whether any of ``ids`` is not a row of ``table`` held here."""
    column = by_name()[table].table.c.id
    for start in range(0, len(ids), IN_CHUNK):
        part = ids[start : start + IN_CHUNK]
        if len(set(session.scalars(select(column).where(column.in_(part))))) < len(part):
            return True
    return False


def _village(bundle: OpenedBundle) -> tuple[str, str]:
    source = bundle.manifest.get("source") or {}
    return str(source.get("name") or "对方"), str(source.get("code") or "")


def _what(exc: IntegrityError) -> str:
    """What refers to what, where the server names the broken key (PostgreSQL: "里面的家庭成员
    引用的农户本库没有"), else that some record does."""
    diag: Any = getattr(exc.orig, "diag", None)
    synced = by_name().get(str(getattr(diag, "table_name", None)))
    if synced is None:
        return "里面有记录引用了本库没有的记录"
    key = getattr(diag, "constraint_name", None)
    for constraint in synced.table.foreign_key_constraints:
        if constraint.name == key:
            return _what_of(synced.name, constraint.referred_table.name)
    return f"里面有{RECORD_NAMES.get(synced.name, '记录')}引用了本库没有的记录"


def _what_of(child: str, parent: str) -> str:
    return (
        f"里面的{RECORD_NAMES.get(child, '记录')}引用的{RECORD_NAMES.get(parent, '记录')}本库没有"
    )
