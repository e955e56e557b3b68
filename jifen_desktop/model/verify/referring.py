"""``jifen verify``: the digests of the audit rows stored as a reference (``audit_ref``).

Such a row is digested with its expansion: the record referred to, in its row form, without
the keys in ``$drop``, with the values in ``$set``, dumped as ``audit_ref.dump`` does (keys
sorted, ``", "`` and ``": "``). A village of 2,000 households over five years has some 110,000
of them; expanding each in Python took some 2.5 s, so SQLite expands them.

The rows are taken by their *shape*: the table referred to, the keys of the reference, what
it drops and which keys it sets, of which types; all rows of one shape expand by the same
SQL. A shape whose values are simple (text, whole numbers, true/false/null), with no key
twice, is expanded by SQLite: every value as *some* JSON text of the value Python reads, so a
text that equals the one the link was made of means the same values (this path can miss a
match, never make one: ``chain.check_rows`` then forms the row the program's way). Any other
shape (a list of lines in ``$set`` ...) is expanded in Python, by ``audit_ref`` itself.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

from ..audit_ref import _expand_form, _form, referable
from ..row_form import SyncedTable, by_name
from .sql_form import (
    Digested,
    Texts,
    all_of,
    column_sql,
    is_blob_error,
    is_boolean,
    json_array,
    raw_rows,
    text_columns,
)

# What pass A of ``digests`` says of an audit row stored as a reference: its shape.
SHAPE_SQL = """CASE WHEN json_valid(after_json) THEN json_array(
    (SELECT json_group_array(key) FROM json_each(after_json)),
    json_extract(after_json, '$."$of"'),
    json_type(after_json, '$."$drop"'), json_extract(after_json, '$."$drop"'),
    json_type(after_json, '$."$set"'),
    (SELECT json_group_array(json_array(key, type)) FROM json_each(after_json, '$."$set"'))
) END"""
SIMPLE = frozenset({"text", "integer", "null", "true", "false"})
FORM_KEYS = frozenset({"$of", "$drop", "$set"})  # what ``audit_ref`` expands by, no more
KEY = re.compile(r"[a-z][a-z0-9_]*")
IN_ROWIDS = 20000
MAX_ARGUMENTS = 120  # of an SQL function (SQLite's limit: 127)
_QUOTED: Callable[[str], str] = json.encoder.encode_basestring

Shape = tuple[SyncedTable, list[str], set[str]]  # the table, its keys dropped, keys set


def referring_digests(
    conn: Any, audit: SyncedTable, shapes: dict[str, list[int]], texts: Texts
) -> Iterator[Digested]:
    """(id, replica, seq, digest or None) of the audit rows (by rowid) of each shape;
    ``texts``: the audit log's columns of text affinity (``sql_form.text_columns``)."""
    for shape_text, rowids in shapes.items():
        shape = _shape(shape_text)
        for start in range(0, len(rowids), IN_ROWIDS):
            part = json.dumps(rowids[start : start + IN_ROWIDS])
            if shape is None:
                yield from _nothing(conn, part)
            elif _is_simple(shape_text):
                yield from _by_sql(conn, (audit, texts), shape, part)
            else:
                yield from _by_python(conn, audit, shape[0], part)


def _shape(text: str) -> Shape | None:
    """The shape's table, keys dropped and keys set; None: not one ``audit_ref`` expands."""
    top, of, drop_type, drop, set_type, sets = json.loads(text)
    if not isinstance(of, str) or of not in by_name() or not referable(of):
        return None
    if len(top) != len(set(top)) or not set(top) <= FORM_KEYS or drop_type not in (None, "array"):
        return None
    if set_type not in (None, "object"):
        return None
    dropped = drop if isinstance(drop, list) else []  # (an array, or none: ``drop_type``)
    if not all(isinstance(key, str) for key in dropped):
        return None
    return by_name()[of], dropped, {key for key, _type in sets}


def _is_simple(text: str) -> bool:
    """Whether SQLite expands rows of this shape: simple values, keys set once and plain."""
    sets = json.loads(text)[5]
    keys = [key for key, _type in sets]
    plain = all(isinstance(key, str) and KEY.fullmatch(key) for key in keys)
    return plain and len(keys) == len(set(keys)) and all(kind in SIMPLE for _k, kind in sets)


_ROWS = "FROM audit_log AS a WHERE a.rowid IN (SELECT value FROM json_each(?))"


def _nothing(conn: Any, rowids: str) -> Iterator[Digested]:
    for row_id, replica_id, seq in raw_rows(
        conn, f"SELECT a.id, a.replica_id, a.seq {_ROWS}", (rowids,)
    ):
        yield row_id, replica_id, seq, None


def _expansion_sql(shape: Shape, texts: Texts) -> str:
    """SQL of the expansion's text (``audit_ref.dump`` of the record's values, dropped, set),
    as one ``printf`` (a chain of ``||`` took a third longer)."""
    record, dropped, keys_set = shape
    keys = sorted({key for key in record.columns if key not in dropped} | keys_set)
    if not keys:
        return "'{}'"
    if len(keys) > MAX_ARGUMENTS or any(not KEY.fullmatch(key) for key in keys):
        return "NULL"  # (no such table: its rows would go the program's way)
    values = []
    for key in keys:
        if key in keys_set:
            values.append(f'(a.after_json -> \'$."$set"."{key}"\')')
        else:
            values.append(column_sql(record, key, "r.", "text", texts)[0])
    template = ", ".join(f'"{key}": %s' for key in keys)  # (plain keys: nothing to escape)
    return f"printf('{{{template}}}', {', '.join(values)})"


def _by_sql(
    conn: Any, audit: tuple[SyncedTable, Texts], shape: Shape, rowids: str
) -> Iterator[Digested]:
    """Rows of a shape SQLite expands; every value checked if a BLOB stops the query."""
    record_texts = text_columns(conn, shape[0].name)
    try:
        rows = list(raw_rows(conn, _by_sql_query(audit, shape, record_texts), (rowids,)))
    except sqlite3.OperationalError as error:
        if not is_blob_error(error):
            raise
        rows = list(raw_rows(conn, _by_sql_query((audit[0], None), shape, None), (rowids,)))
    sha256 = hashlib.sha256
    for row_id, replica_id, seq, text in rows:
        yield row_id, replica_id, seq, None if text is None else sha256(text).digest()


def _by_sql_query(audit: tuple[SyncedTable, Texts], shape: Shape, record_texts: Texts) -> str:
    (synced, texts), record = audit, shape[0]
    exprs, ok = [], []
    for name in synced.columns:
        expr, strict = column_sql(synced, name, "a.", "json", texts)
        exprs.append(_expansion_sql(shape, record_texts) if name == "after_json" else expr)
        ok.append(strict)
    ok += ["r.id IS NOT NULL"]
    ok += [column_sql(record, c, "r.", "text", record_texts)[1] for c in record.columns]
    return (
        f"SELECT a.id, a.replica_id, a.seq, CASE WHEN {all_of(ok)} "
        f"THEN CAST(json_array({', '.join(exprs)}) AS BLOB) END "
        f'FROM audit_log AS a LEFT JOIN "{record.name}" AS r ON r.id = a.object_id '
        "WHERE a.rowid IN (SELECT value FROM json_each(?))"
    )


def _by_python(
    conn: Any, audit: SyncedTable, record: SyncedTable, rowids: str
) -> Iterator[Digested]:
    """Rows of a shape SQLite does not expand: the record read in its JSON form by a join,
    expanded by ``audit_ref``; the audit row's other columns formed by SQLite."""
    after_at = audit.index("after_json")
    head, head_ok = json_array(audit, audit.columns[:after_at], "a.")
    tail, tail_ok = json_array(audit, audit.columns[after_at + 1 :], "a.")
    values = [column_sql(record, name, "r.", "raw") for name in record.columns]
    ok = all_of([head_ok, tail_ok, "r.id IS NOT NULL", *(strict for _, strict in values)])
    sql = (
        f"SELECT a.id, a.replica_id, a.seq, a.after_json, CASE WHEN {ok} THEN {head} END, "
        f"CASE WHEN {ok} THEN {tail} END, {ok}, {', '.join(expr for expr, _ in values)} "
        f'FROM audit_log AS a LEFT JOIN "{record.name}" AS r ON r.id = a.object_id '
        "WHERE a.rowid IN (SELECT value FROM json_each(?))"
    )
    bools = [at for at, name in enumerate(record.columns) if is_boolean(record, name)]
    for row_id, replica_id, seq, stored, first, last, ok, *base in raw_rows(conn, sql, (rowids,)):
        form = _form(stored) if ok else None
        if form is None:
            yield row_id, replica_id, seq, None
            continue
        for at in bools:
            base[at] = None if base[at] is None else bool(base[at])
        text = _expand_form(form, dict(zip(record.columns, base, strict=True)))
        yield row_id, replica_id, seq, _joined(first, _QUOTED(text), last)


def _joined(first: str, middle: str, last: str) -> bytes:
    """The sha256 of the JSON array ``first`` + one value + ``last`` (two arrays formed apart)."""
    head = first[:-1] + ("," if len(first) > 2 else "")
    tail = ("," if len(last) > 2 else "") + last[1:]
    return hashlib.sha256(f"{head}{middle}{tail}".encode()).digest()
