"""``jifen verify``: the digests of the append-only rows, formed by SQLite (``verify.chain``).

A row's digest is the sha256 of its canonical row form (``row_form``): a JSON array of its
values, dates and times ISO, booleans true/false. Forming that array in Python took most of
verify's time on a big village (a tuple, a list and converted values per row, for 600,000
rows); here SQLite forms it (``json_array`` of the values in their JSON form,
``verify.sql_form``), and Python only hashes the text.

SQLite's JSON text is Python's canonical one for the values the program writes (the same
escapes, no spaces). A row holding anything else (a real number, a blob, a time in another
form) gets no digest here (None): the caller forms it the program's way (``row_form``). So
does a row whose digest does not match its link: this path may miss a match, never make one
(``chain.check_rows`` tries the program's form before it names a row). An audit row stored as
a reference (``audit_ref``) is digested with its expansion (``verify.referring``).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from typing import Any

from ..audit_ref import MARK
from ..row_form import SyncedTable
from .decided import IS_DERIVED, SHAPE, decided_digests
from .referring import SHAPE_SQL, referring_digests
from .sql_form import Digested, Texts, is_blob_error, json_array, raw_rows, text_columns


def _reference_sql(synced: SyncedTable) -> tuple[str, str]:
    """(SQL of whether the row is an audit row stored as a reference, SQL of its shape)."""
    if synced.name != "audit_log":
        return "0", "NULL"
    test = f"substr(after_json, 1, {len(MARK)}) = '{MARK}'"
    shape = f"CASE WHEN {test} THEN {SHAPE_SQL} WHEN {IS_DERIVED} THEN '{SHAPE}' END"
    return f"({test} OR {IS_DERIVED})", shape


def sql_digests(conn: Any, synced: SyncedTable) -> Iterator[Digested]:
    """(id, replica, seq, digest or None) of every row of the table (an SQLite connection);
    the audit rows stored as a reference last. Values are checked only as far as needed
    (``sql_form.text_columns``); if a BLOB stops the query, it goes on from that row with every
    value checked."""
    texts = text_columns(conn, synced.name)
    shapes: dict[str, list[int]] = {}
    after = [-(2**63)]  # the rowid of the last row read
    try:
        yield from _rows(conn, synced, texts, shapes, after)
    except sqlite3.OperationalError as error:
        if not is_blob_error(error):
            raise
        yield from _rows(conn, synced, None, shapes, after)
    derived = shapes.pop(SHAPE, [])  # a decision's row stored derived (``verify.decided``)
    yield from referring_digests(conn, synced, shapes, texts)
    yield from decided_digests(conn, synced, derived)


def _rows(
    conn: Any, synced: SyncedTable, texts: Texts, shapes: dict[str, list[int]], after: list[int]
) -> Iterator[Digested]:
    """The rows past ``after`` in rowid order; the audit rows stored as a reference are put
    in ``shapes`` (shape -> rowids) instead."""
    array, strict = json_array(synced, synced.columns, texts=texts)
    is_reference, shape = _reference_sql(synced)
    sql = (
        f"SELECT id, replica_id, seq, CASE WHEN {strict} AND NOT {is_reference} "
        f"THEN CAST({array} AS BLOB) END, {shape}, rowid "
        f'FROM "{synced.name}" WHERE rowid > ? ORDER BY rowid'
    )
    sha256 = hashlib.sha256
    for row_id, replica_id, seq, text, shape_text, rowid in raw_rows(conn, sql, (after[0],)):
        after[0] = rowid
        if shape_text is not None:
            shapes.setdefault(shape_text, []).append(rowid)
        elif text is not None:
            yield row_id, replica_id, seq, sha256(text).digest()
        else:  # (a value in another form, or a reference that is no JSON)
            yield row_id, replica_id, seq, None
