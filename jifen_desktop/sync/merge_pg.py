"""Merging a bundle into PostgreSQL set-based (issue 20): the rules of ``merge.Merger``, with
every arriving row staged by ``COPY`` (``model.bulk_pg``) and the new ones inserted with one
``INSERT … SELECT`` per table, in the import's one transaction.

Per table, while the bundle's rows stream in, every row is checked in Python exactly as the
Merger checks it (``WriteRights``: what the signer may write; every stamp; the hash chain for
each append-only row whose line is not the one its carried link lists, noted once it is known
to be new) and its line is copied to the server. When the table is read, the server marks the
rows the Merger would not simply insert: a record held here already (unchanged, older, newer,
a conflict, or another village's: ``_check_held``), an id the bundle carries twice, and of a
one-per-parent table (decisions, returns) a row whose parent already has one here or twice in
the bundle. Those go through the Merger's own row-by-row merge in bundle order, so counts,
conflicts (and ``sync_conflicts``), last-writer-wins and first-wins are the Merger's; the rest,
all of a first import, go in at once.

Tables the Merger keeps in a form of its own (operators' password hashes; a township's audit
rows, kept as members) and a bundle of an older layout (columns reordered or missing) merge
row by row as before. Dry runs use the Merger (they write nothing).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from jifen_desktop.model.bulk_pg import Staging, quoted
from jifen_desktop.model.row_form import SyncedTable

from .merge import ONE_PER_PARENT, TOUCHED, Merger, MergeReport, TableCounts

ROW_BY_ROW = frozenset({"operators"})  # password hashes kept or filled (``HashKeeper``)


def merger_for(session: Session) -> type[Merger]:
    """The merger for this database: set-based on PostgreSQL, row by row elsewhere."""
    return PgMerger if session.get_bind().dialect.name == "postgresql" else Merger


class PgMerger(Merger):
    """``Merger`` for PostgreSQL: stages each table's rows and inserts the new ones at once."""

    def run(self, progress: Callable[[float, str], None]) -> MergeReport:
        self._staged: _Staged | None = None
        report = super().run(progress)
        self._finish()
        return report

    def _merge_chunk(
        self,
        synced: SyncedTable,
        rows: list[list[Any]],
        lines: list[bytes] | None,
        counts: TableCounts,
    ) -> None:
        staged = self._staged
        if staged is not None and staged.synced is not synced:
            self._finish()
            staged = None
        if lines is None or not self.apply or self._not_staged(synced):
            super()._merge_chunk(synced, rows, lines, counts)
            return
        if staged is None:
            staged = self._staged = _Staged(
                synced, counts, Staging(self.conn, synced.name, synced.columns)
            )
        self._check_rows(synced, rows, {})  # ``_check_held`` runs with the held rows later
        if not synced.mutable and self.chain is not None:
            staged.unchecked.extend(self._unlisted(synced, rows, lines))
        staged.staging.copy(lines)

    def _not_staged(self, synced: SyncedTable) -> bool:
        if synced.name in ROW_BY_ROW:
            return True
        return synced.name == "audit_log" and getattr(self, "members", None) is not None

    def _unlisted(
        self, synced: SyncedTable, rows: list[list[Any]], lines: list[bytes]
    ) -> list[tuple[list[Any], bytes]]:
        """The rows whose line is not the one a link carried in the bundle lists (the chain
        checks them once they are known to be new: ``_note``)."""
        assert self.chain is not None
        expected = self.chain.expected
        replica_at, seq_at = synced.index("replica_id"), synced.index("seq")
        found = []
        for values, line in zip(rows, lines, strict=True):
            if not _listed(expected.get((values[replica_at], values[seq_at])), synced.name, line):
                found.append((values, line))
        return found

    def _finish(self) -> None:
        """The staged table's merge: mark, row-by-row part, then the set-based insert."""
        staged, self._staged = getattr(self, "_staged", None), None
        if staged is None:
            return
        synced, staging = staged.synced, staged.staging
        staging.cast()
        staging.mark(_conditions(synced))
        new_ids = staging.unmarked_of([v[synced.index("id")] for v, _ in staged.unchecked])
        for values, line in staged.unchecked:
            if values[synced.index("id")] in new_ids:
                self._note(synced, values, line)
        count, ids = staging.insert(TOUCHED.get(synced.name))
        staged.counts.new += count
        self.report.touch(synced.name, ids)
        for lines in staging.marked_lines():
            rows = json.loads(b"[" + b",".join(lines) + b"]")
            super()._merge_chunk(synced, rows, lines, staged.counts)
        staging.close()


def _listed(want: tuple[str, str] | None, table: str, line: bytes) -> bool:
    """Whether ``line`` is the row of ``table`` a carried link lists (``want``: its table
    and digest prefix)."""
    if want is None or want[0] != table:
        return False
    return hashlib.sha256(line).hexdigest().startswith(want[1])


class _Staged:
    """The table being staged: its rows on the server, and rows the chain checks later."""

    def __init__(self, synced: SyncedTable, counts: TableCounts, staging: Staging) -> None:
        self.synced = synced
        self.counts = counts
        self.staging = staging
        self.unchecked: list[tuple[list[Any], bytes]] = []


def _conditions(synced: SyncedTable) -> list[str]:
    """SQL over the staged rows (``s``) naming those the row-by-row merge takes."""
    table = quoted(synced.name)
    found = [
        f"EXISTS (SELECT 1 FROM {table} AS t WHERE t.id = s.id)",
        "s.id IN (SELECT id FROM {staged} GROUP BY id HAVING count(*) > 1)",
    ]
    parent = ONE_PER_PARENT.get(synced.name)
    if parent is not None:
        column = quoted(parent)
        found.append(f"EXISTS (SELECT 1 FROM {table} AS t WHERE t.{column} = s.{column})")
        found.append(
            f"s.{column} IN (SELECT {column} FROM {{staged}} GROUP BY {column} HAVING count(*) > 1)"
        )
    return found
