"""``jifen verify``: the digests of the decisions' audit rows stored derived
(``audit_decision``), for ``verify.digests``: formed by SQLite like the other rows, with the
summary's head made from the row's action and its entry (a join) and the ``before_json`` put
back. A row SQLite cannot form so (its entry missing, a value in another form) gets no digest
(None): the caller forms it the program's way (``audit_ref.read_form``)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from ..audit_decision import DERIVED, PENDING, STATUS_WORDS
from ..row_form import SyncedTable
from .sql_form import Digested, Texts, all_of, column_sql, is_blob_error, raw_rows, text_columns

SHAPE = '"derived decision"'  # what pass A of ``digests`` puts such a row under
IS_DERIVED = f"before_json = '{DERIVED}'"
IN_ROWIDS = 5000
_WORDS = " ".join(f"WHEN '{action}' THEN '{words}'" for action, words in STATUS_WORDS.items())
# ``audit_decision.head`` in SQL, followed by the summary stored
SUMMARY = (
    f"(CASE a.action {_WORDS} END || '：' || e.rule_code || ' ' || e.rule_name || ' ' "
    "|| printf('%+d', e.points) || '分' || a.summary)"
)
ENTRY_OK = (
    "e.id IS NOT NULL AND typeof(e.rule_code) = 'text' AND typeof(e.rule_name) = 'text' "
    f"AND typeof(e.points) = 'integer' AND typeof(a.summary) = 'text' "
    f"AND a.action IN ({', '.join(repr(action) for action in STATUS_WORDS)})"
)


def decided_digests(conn: Any, audit: SyncedTable, rowids: Sequence[int]) -> Iterator[Digested]:
    """(id, replica, seq, digest or None) of the audit rows (by rowid) stored derived."""
    texts: Texts = text_columns(conn, audit.name)
    sha256 = hashlib.sha256
    for start in range(0, len(rowids), IN_ROWIDS):
        part = json.dumps(list(rowids[start : start + IN_ROWIDS]))
        try:
            rows = list(raw_rows(conn, _query(audit, texts), (part,)))
        except sqlite3.OperationalError as error:
            if not is_blob_error(error):
                raise
            rows = list(raw_rows(conn, _query(audit, None), (part,)))
        for row_id, replica_id, seq, text in rows:
            yield row_id, replica_id, seq, None if text is None else sha256(text).digest()


def _query(audit: SyncedTable, texts: Texts) -> str:
    exprs, ok = [], [ENTRY_OK]
    for name in audit.columns:
        expr, strict = column_sql(audit, name, "a.", "json", texts)
        exprs.append({"summary": SUMMARY, "before_json": f"'{PENDING}'"}.get(name, expr))
        ok.append(strict)
    return (
        f"SELECT a.id, a.replica_id, a.seq, CASE WHEN {all_of(ok)} "
        f"THEN CAST(json_array({', '.join(exprs)}) AS BLOB) END "
        "FROM audit_log AS a LEFT JOIN entries AS e ON e.id = a.object_id "
        "WHERE a.rowid IN (SELECT value FROM json_each(?))"
    )
