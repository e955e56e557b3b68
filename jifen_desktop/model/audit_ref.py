"""Audit rows that refer to the record they create instead of copying it (store each fact once).

The audit row written with a new append-only record (an entry, a redemption, a stock movement
...) used to hold that record's values in full in ``after_json``, although the record never
changes and is sealed in the hash chain itself. Such a row may now be stored in its *reference
form*::

    {"$of":"entries","$drop":["seq"],"$set":{"recorded_at":"2026-12-07 06:22:14"}}

Its *expansion* is the record of that table whose id is the audit row's ``object_id``, its
values as the row form gives them (``row_form``: dates ISO, booleans true/false), without the
keys in ``$drop``, with the values in ``$set``, dumped as the audit writer dumps values
(``dump``). A row is stored in the reference form only when that is shorter and its expansion
is the full text byte for byte (checked where it is written: ``Tx`` and migration 0009);
otherwise the full text stays. Everything that reads an audit row reads the expansion: the
hash chain digests it and bundles carry it, so links written before still match, bundles are
unchanged, and a replica may hold a row in either form.

Only records nothing ever removes are referred to: not the audit rows themselves, nor a
decision or a return, which a merge may set aside for one made first on another laptop.
Records that may change (households ...) keep their values in full: they change later.

A migration that adds a column to a table referred to must add it nullable and leave it out
of the expansion while it is NULL (as out of the digest, ``chain``), or every expansion of
the rows referring to that table would change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .audit_decision import expand_values
from .row_form import SyncedTable, by_name, stored_json_rows

MARK = '{"$of":'
NOT_REFERRED = frozenset({"audit_log", "entry_decisions", "redemption_returns"})
IN_CHUNK = 900
CHUNK = 2000
# The audit log's columns a row is expanded by (a reference; a decision stored derived).
EXPANDED_BY = ("action", "object_id", "summary", "before_json", "after_json")

Bases = dict[tuple[str, str], dict[str, Any]]
_DUMP = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str).encode


def dump(values: dict[str, Any]) -> str:
    """How the audit writer dumps a row's values (``Tx.audit``)."""
    return _DUMP(values)


def referable(table: str) -> bool:
    return table not in NOT_REFERRED


def is_reference(text: str | None) -> bool:
    return bool(text) and str(text).startswith(MARK)


def base_values(synced: SyncedTable, row: Sequence[Any]) -> dict[str, Any]:
    """A record's values as its reference expands them: its row form, by column name."""
    values = dict(zip(synced.columns, row, strict=True))
    for _at, name, conv in synced.converted:
        values[name] = conv(values[name])
    return values


def referred(full_text: str, table: str, base: dict[str, Any]) -> str:
    """The reference form of ``full_text`` (the audit values of the record ``base`` of
    ``table``), or ``full_text`` itself where the reference would not be shorter or would
    not expand back to it byte for byte."""
    try:
        full = json.loads(full_text)
    except ValueError:
        return full_text
    if not isinstance(full, dict) or is_reference(full_text):
        return full_text
    form: dict[str, Any] = {"$of": table}
    drop = sorted(key for key in base if key not in full)
    changed = {k: v for k, v in full.items() if k not in base or not _same(base[k], v)}
    if drop:
        form["$drop"] = drop
    if changed:
        form["$set"] = changed
    text = json.dumps(form, ensure_ascii=False, separators=(",", ":"))
    if len(text) < len(full_text) and _expand(text, base) == full_text:
        return text
    return full_text


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def reference_table(text: str) -> str | None:
    """The table a stored ``after_json`` refers to, if it is a reference to a known table."""
    form = _form(text) if is_reference(text) else None
    table = None if form is None else form["$of"]
    return table if table in by_name() and referable(str(table)) else None


def held(conn: Any, table: str, record_id: str) -> bool:
    """Whether the record of this (known) table is here."""
    synced = by_name()[table]
    found = conn.execute(select(synced.table.c.id).where(synced.table.c.id == record_id))
    return found.first() is not None


def _form(text: str) -> dict[str, Any] | None:
    try:
        form = json.loads(text)
    except ValueError:
        return None
    return form if isinstance(form, dict) and isinstance(form.get("$of"), str) else None


def _expand(text: str, base: dict[str, Any] | None) -> str:
    """A reference's full text; the text as stored when its record is not here (removed
    behind the program's back: ``verify`` names the audit row and the record)."""
    form = _form(text)
    return text if form is None or base is None else _expand_form(form, base)


def _expand_form(form: dict[str, Any], base: dict[str, Any]) -> str:
    drop = set(form.get("$drop", ()))
    values = {k: v for k, v in base.items() if k not in drop} if drop else dict(base)
    values.update(form.get("$set", {}))
    return _DUMP(values)


def load_bases(
    conn: Any,
    wanted: Mapping[str, Iterable[str]],
    tables: Mapping[str, SyncedTable] | None = None,
) -> Bases:
    """(table, id) -> base values of the records referred to (a query per 900 ids);
    ``tables``: the row forms to read them by (a migration's reflected tables)."""
    forms = tables if tables is not None else by_name()
    bases: Bases = {}
    for table, ids in wanted.items():
        synced = forms.get(table)
        if synced is None or not referable(table):
            continue
        listed = sorted(set(ids))
        for start in range(0, len(listed), IN_CHUNK):
            for values in _by_id(conn, synced, listed[start : start + IN_CHUNK]):
                bases[(table, values["id"])] = values
    return bases


def _by_id(conn: Any, synced: SyncedTable, ids: list[str]) -> Iterator[dict[str, Any]]:
    """Base values of the records with these ids (straight from SQLite where it is one)."""
    connection = conn.connection() if isinstance(conn, Session) else conn
    if connection.dialect.name == "sqlite":
        for values in stored_json_rows(connection, synced, ids):
            yield dict(zip(synced.columns, values, strict=True))
        return
    cols = [synced.table.c[name] for name in synced.columns]
    for row in connection.execute(select(*cols).where(synced.table.c.id.in_(ids))):
        yield base_values(synced, row)


def expand_texts(
    conn: Any,
    pairs: Sequence[tuple[str, str]],
    tables: Mapping[str, SyncedTable] | None = None,
) -> list[str]:
    """The full ``after_json`` of each (object_id, after_json), loading the records referred
    to in batches."""
    forms = {at: _form(text) for at, (_id, text) in enumerate(pairs) if is_reference(text)}
    if not forms:
        return [text for _id, text in pairs]
    wanted: dict[str, set[str]] = {}
    for at, form in forms.items():
        if form is not None:
            wanted.setdefault(form["$of"], set()).add(pairs[at][0])
    bases = load_bases(conn, wanted, tables)
    result = []
    for at, (object_id, text) in enumerate(pairs):
        form = forms.get(at)
        base = None if form is None else bases.get((form["$of"], object_id))
        result.append(text if form is None or base is None else _expand_form(form, base))
    return result


def expanded(conn: Any, object_id: str, text: str) -> str:
    """One audit row's full ``after_json``."""
    return expand_texts(conn, [(object_id, text)])[0] if is_reference(text) else text


def read_form(
    conn: Any,
    synced: SyncedTable,
    rows: Iterable[Sequence[Any]],
    tables: Mapping[str, SyncedTable] | None = None,
) -> Iterator[Sequence[Any]]:
    """Rows of ``synced`` (its columns in row-form order, raw or JSON-ready) as they read:
    audit rows with their full ``after_json`` (and a decision's summary and ``before_json``:
    ``audit_decision``); rows of other tables as they are."""
    if synced.name != "audit_log":
        yield from rows
        return
    at = {name: synced.index(name) for name in EXPANDED_BY}
    chunk: list[Sequence[Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from _expand_chunk(conn, chunk, at, tables)
            chunk = []
    yield from _expand_chunk(conn, chunk, at, tables)


def _expand_chunk(
    conn: Any,
    chunk: list[Sequence[Any]],
    at: Mapping[str, int],
    tables: Mapping[str, SyncedTable] | None,
) -> Iterator[Sequence[Any]]:
    """The rows of a chunk with their references expanded, then a decision's row stored
    derived (``audit_decision``)."""
    id_at, after_at = at["object_id"], at["after_json"]
    texts = expand_texts(conn, [(row[id_at], row[after_at]) for row in chunk], tables)
    read: list[Sequence[Any]] = []
    for row, text in zip(chunk, texts, strict=True):
        if text is row[after_at]:
            read.append(row)
        else:
            values = list(row)
            values[after_at] = text
            read.append(values)
    yield from expand_values(conn, read, at)


def refer_written(conn: Any, rows: list[dict[str, Any]], written: Mapping[str, str]) -> None:
    """Store the audit rows about to be inserted (``Tx``) in the reference form where they
    audit a record written in the same transaction (``written``: id -> table) and may."""
    wanted: dict[str, set[str]] = {}
    for row in rows:
        table = written.get(row["object_id"])
        if table is not None and referable(table) and row.get("after_json"):
            wanted.setdefault(table, set()).add(row["object_id"])
    if not wanted:
        return
    bases = load_bases(conn, wanted)
    for row in rows:
        table = written.get(row["object_id"])
        base = None if table is None else bases.get((table, row["object_id"]))
        if base is not None:
            row["after_json"] = referred(row["after_json"], str(table), base)
