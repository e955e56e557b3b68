"""A first load into an empty SQLite township with worker processes: they merge, one writer.

Reading, inflating, parsing, converting, hashing, checking and packing a bundle's rows is
Python work per row, too much for one process at a million entries. So, for a first load of
two or more bundles of as many villages, the bundles are split into up to ``MAX_GROUPS``
groups in their order, and two worker processes (``first_load_worker``) each merge a group
into a scratch copy of the empty township, by the import's own code, while the writer waits
for the groups in order. The scratch files live in a hidden folder next to the township file
and are removed afterwards, whatever happened.

The writer then does, in the one transaction of a first load (nothing is written before it
commits; a refusal or cancel rolls it all back): for each bundle the checks before its rows
again (the place, the key, both signatures: the file's digest comes from the worker), then
attaches the group's file and copies each table's new rows set-based (``INSERT … SELECT``),
then keeps each import as the usual path does (``importer.keep_import``: the bundle's record,
acknowledgement, photos, balances compared, audit row), and at the end builds the indexes once
(``first_load.build_indexes``; the summaries came with the groups' rows).

Each group was merged without the others, so the writer asks whether the others would have
made any difference, and if they might have, it loads the usual way instead (``Sequential``):
a worker failed or refused a bundle (the usual way names the refusal, in its words, for the
first bundle refused in order); two bundles of one village or with one id; a replica asked
about in two bundles (a replica writes for one village); a record held twice (the table's key
refuses the copy); a record one bundle refers to, absent from its group but brought by
another; a file changed since a worker read it. ``JIFEN_FIRST_LOAD_IN_PROCESS=1`` turns this
path off. The built program's entry scripts call ``multiprocessing.freeze_support``, so its
workers start the executable again and run their work there.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError

from jifen_desktop.model import paths as ledger_paths
from jifen_desktop.model import sync_store
from jifen_desktop.model.engine_sql import defer_references
from jifen_desktop.model.errors import Cancelled
from jifen_desktop.model.row_form import synced_tables
from jifen_desktop.model.tx import Change, Op

from .bundle_file import OpenedBundle
from .dangling import refusing_dangling
from .errors import BundleRefused
from .first_load import build_indexes, set_indexes_aside, township_indexes
from .first_load_worker import GroupDone, prepare_group, scratch_template
from .importer import ImportResult, Merged, check_signer, keep_import
from .prepare import quiet, size_of

if TYPE_CHECKING:
    from jifen_desktop.model.ledger import Ledger
    from jifen_desktop.model.tx import Tx

Progress = Callable[[float, str], None]
WORKERS = 2
MAX_GROUPS = 8  # (SQLite attaches at most 10 files to one connection)
IN_PROCESS = "JIFEN_FIRST_LOAD_IN_PROCESS"
# Below this many bytes of bundles the workers cost more than they save: starting the two
# costs some 2 s of CPU (``spawn`` imports the program again), a first load of 100,000
# entries (39 MB of bundles) some 14 s in one process.
FROM_BYTES = 16 << 20
POLL_SECONDS = 0.2
IN_CHUNK = 900


class Sequential(Exception):
    """The groups may depend on each other (or a worker failed): load the usual way."""


def usable(ledger: Ledger, paths: Sequence[Path], dialect: str = "sqlite") -> bool:
    """Whether a first load of ``paths`` may go through workers: a ledger on ``dialect``'s
    database (the PostgreSQL way: ``first_load_pg_workers``), two bundles or more, two cores
    or more, not turned off, ``FROM_BYTES`` of bundles or more."""
    return (
        ledger.engine.dialect.name == dialect
        and len(paths) >= 2
        and (os.cpu_count() or 1) >= 2
        and not os.environ.get(IN_PROCESS)
        and size_of(paths) >= FROM_BYTES
    )


def groups_of(paths: Sequence[Path]) -> list[list[Path]]:
    """``paths`` in order, in up to ``MAX_GROUPS`` groups, the last two (those the writer
    still has to copy when the workers are done) about half the size of the others."""
    count = min(len(paths), MAX_GROUPS)
    weights = [2] * (count - 2) + [1] * min(count, 2)
    sizes = [max(1, len(paths) * w // sum(weights)) for w in weights]
    for number in range(len(paths) - sum(sizes)):  # (what the rounding left: to the first)
        sizes[number % count] += 1
    groups, start = [], 0
    for size in sizes:
        groups.append(list(paths[start : start + size]))
        start += size
    return groups


def load(
    ledger: Ledger,
    paths: Sequence[Path],
    say: Progress,
    cancelled: Callable[[], bool] | None,
    way: Way | None = None,
) -> Op[list[ImportResult]]:
    """The first load of ``paths`` (``usable``), or ``Sequential``: nothing was written.
    ``way``: how the groups are made and applied (SQLite's unless given)."""
    way = way or SQLITE_WAY
    folder = Path(tempfile.mkdtemp(prefix=".jifen-first-load-", dir=ledger.folder))
    pool: Pool | None = None
    try:
        with ExitStack() as stack:
            bundles = _opened(stack, paths)
            template = folder / "template.sqlite"
            way.template(ledger, template)
            context = multiprocessing.get_context("spawn")
            pool = context.Pool(min(WORKERS, len(paths)), initializer=quiet)
            groups = groups_of(paths)
            pending = [
                pool.apply_async(
                    way.prepare,
                    (str(template), str(folder / f"group-{n}.sqlite"), [str(p) for p in group]),
                )
                for n, group in enumerate(groups)
            ]
            writer = way.writer(ledger.folder, bundles, pending, say, cancelled)
            with refusing_dangling(bundles):
                return sync_store.run_import(ledger, writer.work, bulk=True)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        shutil.rmtree(folder, ignore_errors=True)


def _opened(stack: ExitStack, paths: Sequence[Path]) -> list[OpenedBundle]:
    """Every bundle opened; of as many villages and ids as bundles, else ``Sequential``."""
    try:
        bundles = [stack.enter_context(OpenedBundle(path)) for path in paths]
    except BundleRefused as exc:
        raise Sequential(exc.message) from exc
    codes = {str(b.manifest["source"].get("code", "")) for b in bundles}
    ids = {str(b.manifest["bundle_id"]) for b in bundles}
    if len(codes) != len(bundles) or len(ids) != len(bundles) or "" in codes:
        raise Sequential("several bundles of one village")
    return bundles


class Writer:
    """The one writer: waits for each group in order and applies it (``work``); the
    summaries came with the groups' rows (``summaries``: made after the indexes instead)."""

    summaries = False

    def __init__(
        self,
        folder: Path,
        bundles: list[OpenedBundle],
        pending: list[AsyncResult[GroupDone]],
        say: Progress,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        self.folder = folder
        self.by_path = {str(b.path): b for b in bundles}
        self.count = len(bundles)
        self.pending = pending
        self.say = say
        self.cancelled = cancelled
        self.replicas: set[str] = set()
        self.outside: list[dict[str, list[str]]] = []
        self.results: list[ImportResult] = []

    def work(self, tx: Tx) -> list[ImportResult]:
        session = tx.session
        township_indexes(session)
        aside = set_indexes_aside(session)
        defer_references(session.connection())
        for number in range(len(self.pending)):
            self._apply_group(tx, number, self._wait(number))
        self.check_outside(session.connection(), self.outside)
        self.say(0.96, "正在建立索引")
        build_indexes(session, aside, summaries=self.summaries)
        tx.changed(~Change.NONE)
        return self.results

    def _stop_if_cancelled(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled("已取消导入，本库没有任何改动。")

    def _wait(self, number: int) -> GroupDone:
        result = self.pending[number]
        done = len(self.results)
        self.say(0.95 * done / self.count, f"正在后台核对同步包（已写入{done}/{self.count}个）")
        while not result.ready():
            self._stop_if_cancelled()
            result.wait(POLL_SECONDS)
        try:
            group = result.get()
        except Exception as exc:  # (a worker that died, a result that did not pickle)
            raise Sequential(str(exc)) from exc
        if group.failed is not None:
            raise Sequential(group.failed)
        return group

    def _apply_group(self, tx: Tx, number: int, group: GroupDone) -> None:
        checked = [self._check_bundle(tx, found) for found in group.bundles]
        self._stop_if_cancelled()
        self.copy(tx.session.connection(), number, group)
        for bundle, merged in checked:
            part = _part(self.say, len(self.results), self.count, bundle.path)
            self.results.append(keep_import(tx, bundle, self.folder, part, merged))

    def _check_bundle(self, tx: Tx, found: Any) -> tuple[OpenedBundle, Merged]:
        """The checks before a bundle's rows, in the writer, with the worker's digest."""
        bundle = self.by_path[found.path]
        if found.manifest_sha256 != bundle.manifest_sha256:
            raise Sequential("the file changed")
        if self.replicas & found.replicas:
            raise Sequential("a replica in two bundles")
        self.replicas |= found.replicas
        self.outside.append(found.outside)
        bundle.use_checked(found.file_digest, None)
        try:
            peer, rights = check_signer(tx.session, bundle)
        except BundleRefused as exc:
            raise Sequential(exc.message) from exc
        return bundle, Merged(peer, rights, found.report)

    def copy(self, conn: Any, number: int, group: GroupDone) -> None:
        """The group's rows into the township (``copy_group``)."""
        copy_group(conn, f"w{number}", group, self._stop_if_cancelled)

    def check_outside(self, conn: Any, outside: list[dict[str, list[str]]]) -> None:
        """``_check_outside``: a record one group referred to that another brought."""
        _check_outside(conn, outside)


@dataclass(frozen=True)
class Way:
    """How a first load's groups are made (``template``: the empty township as a SQLite
    file; ``prepare``: a worker's group) and applied (``writer``)."""

    template: Callable[[Ledger, Path], None]
    prepare: Callable[[str, str, list[str]], GroupDone]
    writer: type[Writer]


def _file_template(ledger: Ledger, template: Path) -> None:
    scratch_template(ledger_paths.db_path(ledger.folder), template)


SQLITE_WAY = Way(_file_template, prepare_group, Writer)


def _part(say: Progress, at: int, count: int, path: Path) -> Progress:
    """Progress of bundle ``at`` of ``count`` being kept (its rows are in)."""
    head = f"第{at + 1}/{count}个 {path.name}："
    return lambda _f, message: say(0.95 * (at + 1) / count, head + message)


def copy_group(conn: Any, name: str, group: GroupDone, between: Callable[[], None]) -> None:
    """Attach the group's file as ``name`` and copy every table's new rows (those after the
    template's ``marks``) into the township; a record held twice is ``Sequential``."""
    conn.exec_driver_sql(f"ATTACH DATABASE ? AS {name}", (group.target,))
    for table in _tables(conn, name):
        between()
        columns = ", ".join(f'"{c}"' for c in _copied_columns(conn, name, table))
        sql = (
            f'INSERT INTO main."{table}" ({columns}) SELECT {columns} FROM {name}."{table}" '
            "WHERE rowid > ? ORDER BY rowid"
        )
        try:
            conn.exec_driver_sql(sql, (group.marks.get(table, 0),))
        except IntegrityError as exc:
            raise Sequential(f"{table}: {exc}") from exc


def _tables(conn: Any, name: str) -> list[str]:
    """The attached file's tables, the synced ones first, parents before children."""
    held = set(
        conn.exec_driver_sql(
            f"SELECT name FROM {name}.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name <> 'alembic_version'"
        ).scalars()
    )
    ordered = [t.name for t in synced_tables() if t.name in held]
    return ordered + sorted(held - set(ordered))


def _copied_columns(conn: Any, name: str, table: str) -> list[str]:
    """The table's columns, but a lone integer key (a row id the township gives anew)."""
    info = conn.exec_driver_sql(f'PRAGMA {name}.table_info("{table}")').all()
    keys = [row for row in info if row[5]]
    skip = keys[0][1] if len(keys) == 1 and str(keys[0][2]).upper() == "INTEGER" else None
    return [row[1] for row in info if row[1] != skip]


def _check_outside(conn: Any, outside: list[dict[str, list[str]]]) -> None:
    """A record a bundle referred to, absent from its group, that another group brought:
    the usual way would have checked it against that village (``trust``)."""
    for found in outside:
        for table, ids in found.items():
            for start in range(0, len(ids), IN_CHUNK):
                part = ids[start : start + IN_CHUNK]
                marks = ", ".join("?" * len(part))
                sql = f'SELECT 1 FROM main."{table}" WHERE id IN ({marks}) LIMIT 1'
                if conn.exec_driver_sql(sql, tuple(part)).first() is not None:
                    raise Sequential(f"{table}: a record of another bundle")
