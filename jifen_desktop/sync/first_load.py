"""The township's index set, and a first import into an empty township: load, then index.

A township keeps only the indexes its own screens and queries read. Of the village screens'
indexes on the entries, two are never read there: ``ix_entries_village_recorded`` (the 积分录入
page's latest-recorded list) and ``ix_entries_rule_household`` (the caps checked while recording
an entry); a township drops them whenever it imports (``township_indexes``: a new township
at its first import, one made by an older release at its first import after the upgrade).
A village keeps every index. A migration that drops one of these must say ``if_exists``.

A first import into an empty township file (no bundle imported yet) may bring a million
entries at once. Then every bundle goes in one transaction (``SyncService.import_bundles``),
with the secondary indexes of the big tables set aside first and built once after the rows
are in; SQLite writes with ``synchronous = NORMAL`` during that step only (``bulk_step`` in
``jifen_desktop.model.sync_store``).
Before success is reported the transaction has committed, the write-ahead log is checkpointed
into the file with ``synchronous = FULL`` and the connections that wrote are closed: what was
imported is on disk. A refused bundle rolls the whole step back (the indexes too: SQLite's DDL
is transactional) and leaves the file as it was. The township's summary tables
(``model.summaries``) are made once, after the indexes (``build_indexes``), not after each
bundle: made per bundle, each village's would read the entries without their indexes, every
entry loaded so far once per bundle (a cost growing with the square of the villages).

On PostgreSQL the same (``first_load_pg``), with the big tables' foreign keys dropped too and
added back after the indexes: each is then checked with one query over the table instead of
one per row. Adding a constraint validates it, so a bad reference still refuses the whole load;
PostgreSQL's DDL is transactional too, so a refusal leaves the database empty with every index
and constraint in place. A reader of the big tables waits for the load's commit (their
locks are held from the first ``DROP``); it would have read empty tables.
"""

from __future__ import annotations

from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session

from jifen_desktop.model.schema import Household, Replica
from jifen_desktop.model.schema.sync import SyncBundle
from jifen_desktop.model.summaries import rebuild

from .first_load_pg import build_pg, set_aside_pg

NOT_IN_TOWNSHIP = ("ix_entries_village_recorded", "ix_entries_rule_household")
LOADING = "jifen.first_load"  # in ``session.info`` from ``set_indexes_aside`` to ``build_indexes``
# The tables that grow with the entries: their secondary indexes wait for a first load.
BIG_TABLES = (
    "entries",
    "entry_decisions",
    "evidence_files",
    "households",
    "household_status_changes",
    "members",
    "publication_rows",
)


def township_indexes(session: Session) -> None:
    """Drop the indexes a township never reads (nothing when there are none)."""
    conn = session.connection()
    held = {index["name"] for index in inspect(conn).get_indexes("entries")}
    for name in NOT_IN_TOWNSHIP:
        if name in held:  # (no schema change when there is nothing to drop)
            conn.execute(text(f"DROP INDEX {name}"))


def is_first_load(session: Session) -> bool:
    """Whether this is a township (on SQLite or PostgreSQL) that holds nothing yet: no bundle
    imported and no household (a township filled another way, say by a copy, is not empty)."""
    if session.scalar(select(Replica.mode)) != "township":
        return False
    if session.scalar(select(func.count()).select_from(SyncBundle)):
        return False
    return session.scalar(select(Household.id).limit(1)) is None


def set_indexes_aside(session: Session) -> list[str]:
    """Drop the secondary (not unique) indexes of the big tables; their ``CREATE`` statements,
    to build them again after the load (``build_indexes``). On PostgreSQL their foreign
    keys go too, added back after (``first_load_pg``)."""
    session.info[LOADING] = True
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        return set_aside_pg(conn, BIG_TABLES, NOT_IN_TOWNSHIP)
    listed = conn.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({', '.join(repr(t) for t in BIG_TABLES)}) ORDER BY name"
        )
    ).all()
    kept = []
    for name, sql in listed:
        if "UNIQUE" in str(sql).upper().split("INDEX")[0]:
            continue
        conn.execute(text(f'DROP INDEX "{name}"'))
        if name not in NOT_IN_TOWNSHIP:
            kept.append(str(sql))
    return kept


def loading_first(session: Session) -> bool:
    """Whether a first load is under way in this session (between ``set_indexes_aside`` and
    ``build_indexes``): the summaries wait for the end."""
    return bool(session.info.get(LOADING))


def build_indexes(session: Session, statements: list[str], *, summaries: bool = True) -> None:
    """Run the statements ``set_indexes_aside`` kept (indexes, then foreign keys), then make
    the summaries of everything loaded (not with ``summaries=False``: a first load's workers
    made them, each for its villages)."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        build_pg(conn, statements)
    else:
        for sql in statements:
            conn.execute(text(sql))
    session.info.pop(LOADING, None)
    if summaries:
        rebuild(session)
