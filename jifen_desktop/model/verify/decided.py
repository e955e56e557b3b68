"""``jifen verify``: the digests of the decisions' audit rows stored derived
(``audit_decision``), for ``verify.digests``: read a batch at a time, expanded by
``audit_ref.read_form`` (their entries read a batch at a time too), hashed in their row form."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from ..audit_decision import DERIVED
from ..audit_ref import read_form
from ..row_form import SyncedTable, digest_bytes, stored_json_rows
from .sql_form import Digested, raw_rows

SHAPE = '"derived decision"'  # what pass A of ``digests`` puts such a row under
IS_DERIVED = f"before_json = '{DERIVED}'"
IN_IDS = 900


def decided_digests(conn: Any, audit: SyncedTable, rowids: Sequence[int]) -> Iterator[Digested]:
    """(id, replica, seq, digest) of the audit rows (by rowid) stored derived."""
    at = [audit.index(name) for name in ("id", "replica_id", "seq")]
    for start in range(0, len(rowids), IN_IDS):
        part = json.dumps(list(rowids[start : start + IN_IDS]))
        sql = "SELECT id FROM audit_log WHERE rowid IN (SELECT value FROM json_each(?))"
        ids = [row[0] for row in raw_rows(conn, sql, (part,))]
        for values in read_form(conn, audit, stored_json_rows(conn, audit, ids)):
            yield values[at[0]], values[at[1]], values[at[2]], digest_bytes(values)
