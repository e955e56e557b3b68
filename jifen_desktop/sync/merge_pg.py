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

In a first load into an empty township (``first_load``) a table's rows skip the staging: they
go by ``COPY`` straight into the table, in a savepoint, the client sending the values it has
parsed anyway (the server reads each as its column's type, as the cast would). The table's
primary key and unique columns (the parent of a one-per-parent table) refuse every row the
staging would have marked; at the first such refusal the savepoint is rolled back, and the
table's rows are staged and merged as above after all (those copied before read again from
the bundle). The staging's typed copy, marking and ``INSERT … SELECT`` cost the server about
as much as the rows' final insert; a first load of villages that share nothing skips them.
The ``COPY`` stays open from one chunk to the next (``bulk_pg.OpenCopy``): the server inserts
a chunk on its own core while this process reads, parses and hashes the next; it is ended
(and a refusal seen) before anything else runs on the connection: before the next chunk's
checks, when the table's last chunk has been handed over (``_Ending``), or on the way out of
a refusal. A first load's audit rows (kept as members) skip the lookup of held rows when
none can be held (``first_load_audit``).

Tables the Merger keeps in a form of its own (operators' password hashes; a township's audit
rows, kept as members) and a bundle of an older layout (columns reordered or missing) merge
row by row as before. Dry runs use the Merger (they write nothing).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any, cast

from sqlalchemy.orm import Session

from jifen_desktop.model.bulk_pg import OpenCopy, Staging, is_unique_violation, quoted
from jifen_desktop.model.row_form import SyncedTable

from .bundle_file import OpenedBundle
from .first_load import loading_first
from .first_load_audit import LoadedAudit
from .merge import ONE_PER_PARENT, TOUCHED, Chunk, Merger, MergeReport, TableCounts, chained_at

ROW_BY_ROW = frozenset({"operators"})  # password hashes kept or filled (``HashKeeper``)
MERGER = "jifen.merger"  # in ``session.info``: a merger of its own (``first_load_pg_worker``)


def merger_for(session: Session) -> type[Merger]:
    """The merger for this database: the one ``session.info`` names, else set-based on
    PostgreSQL, row by row elsewhere."""
    chosen: type[Merger] | None = session.info.get(MERGER)
    if chosen is not None:
        return chosen
    return PgMerger if session.get_bind().dialect.name == "postgresql" else Merger


class PgMerger(Merger):
    """``Merger`` for PostgreSQL: stages each table's rows and inserts the new ones at once."""

    def run(self, progress: Callable[[float, str], None]) -> MergeReport:
        self._staged: _Staged | None = None
        self._loaded = LoadedAudit.of(self.session) if self.members is not None else None
        self.bundle = cast(OpenedBundle, _Ending(self.bundle, self._settle))
        try:
            report = super().run(progress)
        except BaseException as exc:  # (a refusal, a cancel: an open ``COPY`` is given up)
            if self._staged is not None:
                self._staged.abort(exc)
            raise
        self._finish()
        return report

    def _settle(self) -> None:
        """End the table's open ``COPY`` (``_Staged.settle``)."""
        if self._staged is not None:
            self._staged.settle()

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
            self._settle()
            super()._merge_chunk(synced, rows, lines, counts)
            return
        if staged is None:
            staged = self._staged = _Staged(self, synced, counts)
        unlisted = (
            [] if synced.mutable or self.chain is None else self._unlisted(synced, rows, lines)
        )
        staged.settle()  # (the previous chunk's ``COPY`` ran while this one was read and hashed)
        self._check_rows(synced, rows, {})  # ``_check_held`` runs with the held rows later
        staged.unchecked.extend(unlisted)
        staged.add(rows, lines)

    def _local(self, synced: SyncedTable, rows: list[list[Any]]) -> dict[str, list[Any]]:
        """As the Merger's, but nothing read for a first load's chunk of audit rows none of
        which this load has added before (``first_load_audit``): none is held."""
        loaded = self._loaded
        at = chained_at(synced.name) if self._kept_as_members(synced) else None
        if loaded is not None and at is not None and loaded.none_held(rows, at):
            return {}
        return super()._local(synced, rows)

    def _insert(
        self, synced: SyncedTable, values: list[Any], line: bytes | None, chunk: Chunk
    ) -> None:
        if self._loaded is not None and self._kept_as_members(synced):
            replica_at, seq_at, _id_at = chained_at(synced.name)
            self._loaded.add(values[replica_at], values[seq_at])
        super()._insert(synced, values, line, chunk)

    def straight_copy(self, synced: SyncedTable) -> tuple[Any, Any]:
        """A first load's way straight into ``synced``'s table: (a savepoint, the ``COPY``
        left open; ``bulk_pg.OpenCopy``'s ``write``, ``end`` and ``abort``)."""
        return self.conn.begin_nested(), OpenCopy(self.conn, synced.name, synced.columns)

    def _not_staged(self, synced: SyncedTable) -> bool:
        return synced.name in ROW_BY_ROW or self._kept_as_members(synced)

    def _unlisted(
        self, synced: SyncedTable, rows: list[list[Any]], lines: list[bytes]
    ) -> list[tuple[list[Any], bytes]]:
        """The rows whose line is not the one a link carried in the bundle lists (the chain
        checks them once they are known to be new: ``_note``)."""
        assert self.chain is not None
        expected, name, sha256 = self.chain.expected, synced.name, hashlib.sha256
        replica_at, seq_at = synced.index("replica_id"), synced.index("seq")
        found = []
        for values, line in zip(rows, lines, strict=True):
            want = expected.get((values[replica_at], values[seq_at]))
            if want is None or want[0] != name or not sha256(line).hexdigest().startswith(want[1]):
                found.append((values, line))
        return found

    def _finish(self) -> None:
        """The table's merge: rows copied straight in are all new (checked by the chain); of
        staged rows, mark, the row-by-row part, then the set-based insert."""
        staged, self._staged = getattr(self, "_staged", None), None
        if staged is None:
            return
        synced = staged.synced
        staged.settle()
        if staged.staging is None:  # a first load, nothing clashed: as the Merger inserts each
            staged.done()
            for values, line in staged.unchecked:
                self._note(synced, values, line)
            self._count(staged, (staged.copied, staged.touched))
            return
        staging = staged.staging
        staging.cast()
        staging.mark(_conditions(synced))
        new_ids = staging.unmarked_of([v[synced.index("id")] for v, _ in staged.unchecked])
        for values, line in staged.unchecked:
            if values[synced.index("id")] in new_ids:
                self._note(synced, values, line)
        self._count(staged, staging.insert(TOUCHED.get(synced.name)))
        for lines in staging.marked_lines():
            rows = json.loads(b"[" + b",".join(lines) + b"]")
            super()._merge_chunk(synced, rows, lines, staged.counts)
        staging.close()

    def _count(self, staged: _Staged, inserted: tuple[int, list[Any]]) -> None:
        count, ids = inserted
        staged.counts.new += count
        self.report.touch(staged.synced.name, ids)


class _Staged:
    """The table being merged: in a first load its rows go straight into the table by
    ``COPY`` (in a savepoint, the ``COPY`` open from chunk to chunk) until one clashes, when
    they are staged instead (those sent so far read again from the bundle); otherwise staged
    from the start. And the rows the chain checks later."""

    def __init__(self, merger: PgMerger, synced: SyncedTable, counts: TableCounts) -> None:
        self.conn = merger.conn
        self.synced = synced
        self.counts = counts
        self.unchecked: list[tuple[list[Any], bytes]] = []
        self.again = lambda: merger.bundle.rows_and_lines(synced.name)
        self.chunks = self.copied = 0
        self.touched: list[Any] = []
        first = loading_first(merger.session)
        self.savepoint: Any = None
        self.copy: Any = None
        if first:
            self.savepoint, self.copy = merger.straight_copy(synced)
        self.staging = None if first else self._staging()

    def _staging(self) -> Staging:
        return Staging(self.conn, self.synced.name, self.synced.columns)

    def add(self, rows: list[list[Any]], lines: list[bytes]) -> None:
        """Send these rows straight in (the ``COPY`` left open: ``settle`` ends it), or stage
        their lines once one has clashed."""
        self.chunks += 1
        if self.staging is not None:
            self.staging.copy(lines)
            return
        assert self.copy is not None
        self.copy.write(rows)
        self.copied += len(rows)
        column = TOUCHED.get(self.synced.name)
        if column is not None:
            at = self.synced.index(column)
            self.touched.extend(values[at] for values in rows)

    def settle(self) -> None:
        """End the open ``COPY`` (before anything else runs on the connection). When the
        server refused a row as held already (or twice), nothing of the table stays: every
        chunk sent is staged from the bundle instead."""
        if self.copy is None or self.staging is not None:
            return
        try:
            self.copy.end()
        except Exception as exc:
            if not is_unique_violation(exc):
                raise
            assert self.savepoint is not None
            self.savepoint.rollback()
            self.staging = self._staging()
            for _columns, _rows, lines in islice(self.again(), self.chunks):
                self.staging.copy(lines)
            self.copied, self.touched = 0, []

    def abort(self, why: BaseException) -> None:
        """The merge stopped (``why``): give an open ``COPY`` up."""
        if self.copy is not None:
            self.copy.abort(why)

    def done(self) -> None:
        """Every row copied: keep them (release the savepoint, if any)."""
        if self.savepoint is not None:
            self.savepoint.commit()


class _Ending:
    """The bundle as the Merger reads it, each table's chunks followed by ``settle``: a
    table's open ``COPY`` ends once its last chunk is handed over, before the Merger runs a
    statement of its own (the audit members it writes at the end)."""

    def __init__(self, bundle: OpenedBundle, settle: Callable[[], None]) -> None:
        self._bundle = bundle
        self._settle = settle

    def __getattr__(self, name: str) -> Any:
        return getattr(self._bundle, name)

    def rows_and_lines(
        self, table: str, *args: Any, **kwargs: Any
    ) -> Iterator[tuple[list[str], list[list[Any]], list[bytes]]]:
        yield from self._bundle.rows_and_lines(table, *args, **kwargs)
        self._settle()


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
