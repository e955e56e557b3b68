"""A PostgreSQL first load's worker process: a group of bundles checked and made into ``COPY`` data.

As on SQLite (``first_load_worker``), a worker merges its group of bundles in order into a
scratch SQLite copy of the empty township (here made from the server's rows:
``first_load_pg_workers.sqlite_template``), by the import's own code and checks, in the same
words. But the rows a first load sends straight into PostgreSQL's tables (``merge_pg``: every
table but the operators and the township's audit rows, kept as members) do not go into the
scratch file: ``CopyingMerger`` writes them, formatted by psycopg exactly as the one-process
load's open ``COPY`` sends them, into a file per bundle and table (``CopyFile``), which the
writer streams to the server as it is. What the merge writes otherwise (the audit members, the
chain links, operators, conflicts listed) is in the scratch file, and the writer copies its
new rows.

So the scratch file lacks the group's earlier bundles' rows of those tables: a record one
bundle refers to that an earlier bundle of the group brought is "outside" (not held), which
the writer checks against the server after every group is in (a hit means the usual way:
``Sequential``). The tables' keys refuse a record held twice when the writer streams it
(``Sequential`` too). Summaries are made by the server after the indexes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psycopg.adapt import Transformer
from sqlalchemy.orm import Session

from jifen_desktop.model import privacy
from jifen_desktop.model.row_form import SyncedTable

from .first_load_worker import BundleDone, GroupDone, drop_held, in_scratch, merge_one
from .merge_pg import MERGER, PgMerger

try:  # (psycopg's formatter of ``COPY`` rows: where 3.2 and later keep it, else 3.1's place)
    from psycopg._copy_base import TextFormatter
except ImportError:  # pragma: no cover
    from psycopg.copy import TextFormatter  # type: ignore[attr-defined,no-redef]

COPIES = "jifen.first_load.copies"  # in ``session.info``: the bundle's ``CopyFile``s so far
FOLDER = "jifen.first_load.folder"  # in ``session.info``: where they are written


@dataclass(frozen=True)
class CopyFile:
    """A bundle's rows of one table as ``COPY … FROM STDIN`` text data."""

    table: str
    columns: tuple[str, ...]
    path: str
    rows: int


@dataclass
class PgGroupDone(GroupDone):
    """``GroupDone`` and, per bundle in order, its tables' ``COPY`` data."""

    copies: list[list[CopyFile]] = field(default_factory=list)


class FileCopy:
    """``bulk_pg.OpenCopy``'s part for a worker: a table's rows formatted as psycopg's
    ``COPY`` sends them (text format), appended to a file."""

    def __init__(self, path: Path, synced: SyncedTable) -> None:
        self.path = path
        privacy.create_private_file(path)  # (the villages' rows: 0600 like the ledger)
        self.table = synced.name
        self.columns = tuple(synced.columns)
        self.rows = 0
        self.ids: set[Any] = set()  # (the records it brought: not "outside" its bundle)
        self._id_at = synced.index("id")
        self._formatter = TextFormatter(Transformer())

    def write(self, rows: list[list[Any]]) -> None:
        formatter = self._formatter
        with self.path.open("ab") as out:
            for row in rows:
                out.write(formatter.write_row(row))
            out.write(formatter.end())
        self.rows += len(rows)
        at = self._id_at
        self.ids.update(row[at] for row in rows)

    def end(self) -> None:
        """(nothing waits: the server sees these rows when the writer streams them)"""

    def abort(self, why: BaseException) -> None:
        """(the file is thrown away with the scratch folder)"""

    def done(self) -> CopyFile:
        return CopyFile(self.table, self.columns, str(self.path), self.rows)


class CopyingMerger(PgMerger):
    """``PgMerger`` whose first-load rows go into ``FileCopy`` files, not to a server."""

    def straight_copy(self, synced: SyncedTable) -> tuple[Any, Any]:
        made: list[FileCopy] = self.session.info[COPIES]
        folder: Path = self.session.info[FOLDER]
        copy = FileCopy(folder / f"{len(made)}.copy", synced)
        made.append(copy)
        return None, copy


def prepare_group_pg(template: str, target: str, paths: list[str]) -> PgGroupDone:
    """Merge ``paths`` in order into a copy of ``template`` at ``target``, the rows sent
    straight in as ``COPY`` data in folders beside it (``target``-``n``, per bundle)."""

    def merge(session: Session, done: PgGroupDone) -> None:
        session.info[MERGER] = CopyingMerger
        for number, path in enumerate(paths):
            made = _copying_into(session, Path(f"{target}-{number}"))
            done.bundles.append(_brought_out(merge_one(session, Path(path)), made))
            done.copies.append([copy.done() for copy in made])
        drop_held(session, done.bundles)

    return in_scratch(template, PgGroupDone(target), merge)


def _brought_out(done: BundleDone, made: list[FileCopy]) -> BundleDone:
    """The bundle's ``outside`` without the records it brought itself as ``COPY`` data (an
    audit row about a record its bundle holds later: the scratch file never held it)."""
    brought: dict[str, set[Any]] = {}
    for copy in made:
        brought.setdefault(copy.table, set()).update(copy.ids)
    for table, ids in list(done.outside.items()):
        rest = [i for i in ids if i not in brought.get(table, set())]
        if rest:
            done.outside[table] = rest
        else:
            del done.outside[table]
    return done


def _copying_into(session: Session, folder: Path) -> list[FileCopy]:
    """The next bundle's ``COPY`` data goes into ``folder``; the list its files join."""
    folder.mkdir()
    made: list[FileCopy] = []
    session.info[COPIES] = made
    session.info[FOLDER] = folder
    return made
