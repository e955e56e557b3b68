"""A first load's worker process: a group of bundles merged into a scratch copy of the township.

The writer (``first_load_parallel``) copies the empty township file once (``template``); each
group of bundles goes into its own copy of it (``target``), by the import's own code: every
check in the same order and words (the place, the key, both signatures, the hashes, the
signer's rights for every row, the hash chain), the merge, the township's audit members and
the chain links (``importer.merge_rows``), and then the summaries of its villages (every
summary row is of one village, made from that village's rows). The scratch file keeps no
secondary index, checks no reference (the township's commit checks every one, and the
signer's rights looked up those outside the bundle: ``outside``) and waits for no disk (it is
thrown away). What goes back to the writer is small (``GroupDone``): per
bundle the digest its signature covers, the merge's counts and conflicts, the replicas its
rights asked about and the records it referred to that its group does not hold; and the
row id each table's rows of the template end at, so that the writer copies only the new rows.
The template and the scratch files are 0600 like every file of the data folder (``privacy``):
they hold the villages' rows.

Anything that is not a plain success, a refusal included, comes back as ``failed`` (a refusal
with its words): the writer then loads the usual way, whose refusal is the one to show (a
bundle's refusal may depend on the bundles before it).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from jifen_desktop.model import privacy
from jifen_desktop.model.summaries import rebuild

from .bundle_file import OpenedBundle
from .errors import BundleRefused
from .first_load import set_indexes_aside, township_indexes
from .importer import merge_rows
from .merge import MergeReport

IN_CHUNK = 900


@dataclass(frozen=True)
class BundleDone:
    """What the worker found of one bundle (small: it is pickled to the writer)."""

    path: str
    manifest_sha256: str
    file_digest: bytes
    report: MergeReport
    replicas: frozenset[str]  # every replica its rights asked about
    outside: dict[str, list[str]]  # table -> ids it refers to, held nowhere in its group


@dataclass
class GroupDone:
    """A group's scratch file and its bundles, or why the writer must load the usual way."""

    target: str
    marks: dict[str, int] = field(default_factory=dict)  # table -> last row id of the template
    bundles: list[BundleDone] = field(default_factory=list)
    failed: str | None = None


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    for pragma in ("journal_mode = MEMORY", "synchronous = OFF", "foreign_keys = OFF"):
        dbapi_connection.execute(f"PRAGMA {pragma}")


def _scratch_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    return engine


def marks_of(conn: Any) -> dict[str, int]:
    """Table -> its last row id (tables with rows only; ``sqlite_…`` tables left out)."""
    names = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).scalars()
    marks = {}
    for name in list(names):
        last = conn.exec_driver_sql(f'SELECT max(rowid) FROM "{name}"').scalar()
        if last is not None:
            marks[name] = int(last)
    return marks


def prepare_group(template: str, target: str, paths: list[str]) -> GroupDone:
    """Merge ``paths`` in order into a copy of ``template`` at ``target``, one transaction."""

    def merge(session: Session, done: GroupDone) -> None:
        done.bundles = [merge_one(session, Path(path)) for path in paths]
        drop_held(session, done.bundles)
        rebuild(session)  # (its villages' summaries: each village's of its own rows)

    return in_scratch(template, GroupDone(target), merge)


Done = TypeVar("Done", bound=GroupDone)


def in_scratch(template: str, done: Done, work: Callable[[Session, Done], None]) -> Done:
    """``work`` in one transaction on a copy of ``template`` at ``done.target`` (its indexes
    set aside, ``done.marks`` noted first); anything but a success as ``done.failed``."""
    target = done.target
    try:
        privacy.create_private_file(Path(target))  # (copyfile keeps its mode: 0600)
        shutil.copyfile(template, target)
        engine = _scratch_engine(Path(target))
        try:
            with Session(engine) as session, session.begin():
                done.marks = marks_of(session.connection())
                township_indexes(session)
                set_indexes_aside(session)
                work(session, done)
        finally:
            engine.dispose()
    except BundleRefused as exc:
        done.failed = exc.message
    except Exception as exc:  # (a reference outside the group at commit, a full disk …)
        done.failed = f"{type(exc).__name__}: {exc}"
    return done


def merge_one(session: Session, path: Path) -> BundleDone:
    with OpenedBundle(path) as bundle:
        digest = bundle.signed_digest()
        merged = merge_rows(session, bundle, lambda _f, _m: None, None)
        if merged is None or merged.rights is None:
            raise BundleRefused("(imported before, or a township's bundle: the usual way)")
        report = merged.report
        report.households, report.totalled, report.decided = set(), set(), set()
        rights = merged.rights
        outside = {t: sorted(ids) for t, ids in rights.held.not_held().items()}
        return BundleDone(
            str(path),
            bundle.manifest_sha256,
            digest,
            report,
            rights.owners.looked_up(),
            outside,
        )


def drop_held(session: Session, bundles: list[BundleDone]) -> None:
    """Leave out of each bundle's ``outside`` the records its group brought after all."""
    conn = session.connection()
    for done in bundles:
        for table, ids in list(done.outside.items()):
            held: set[str] = set()
            for start in range(0, len(ids), IN_CHUNK):
                part = ids[start : start + IN_CHUNK]
                marks = ", ".join("?" * len(part))
                sql = f'SELECT id FROM "{table}" WHERE id IN ({marks})'
                held.update(conn.exec_driver_sql(sql, tuple(part)).scalars())
            rest = [i for i in ids if i not in held]
            if rest:
                done.outside[table] = rest
            else:
                del done.outside[table]


def scratch_template(township: Path, template: Path) -> None:
    """A copy of the (empty) township file, made with SQLite's backup (whole and consistent
    whatever the township's write-ahead log holds), 0600."""
    privacy.create_private_file(template)
    source = sqlite3.connect(township)
    try:
        copy = sqlite3.connect(template)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    with sqlite3.connect(template) as conn:  # (the copy takes the township's WAL mode)
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
