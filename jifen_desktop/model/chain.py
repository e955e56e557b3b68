"""The hash chain over each replica's append-only records (tamper evidence).

Every write transaction ends with one link (``ChainLink``) for the sequence numbers it took: the
append-only rows it wrote (entries, decisions, redemptions, audit rows ...), each as its sequence
number, table and the first 16 hex digits of its digest, and the hash of the replica's previous
link. A row's digest is that of its canonical row form (``row_form``), the same on every replica,
so a link written on the village laptop checks on the township's copy and on the other laptops.

What the chain shows: a row changed, removed or slipped in with an SQLite editor no longer matches
its link; a link rewritten to match no longer matches the next link, nor the copy the township
and the other laptops already hold (an import refuses such a bundle). What it cannot show: a
whole history rewritten consistently on a laptop that never synced; the keys live in the same
file. Its anchors are the copies elsewhere.

A later migration that adds a column to an append-only table must add it nullable and leave it
out of the digest while it is NULL, or every existing link would stop matching (and out of the
expansion of the audit rows that refer to its rows: ``audit_ref``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, insert, select
from sqlalchemy.orm import Session

from .audit_ref import read_form
from .row_form import SyncedTable, by_name, digest, stored_json_rows, to_json_values
from .schema import ChainLink

DOMAIN = "jifen-chain-1"
PREFIX = 16  # hex digits of a row's digest kept in its link
IN_CHUNK = 900


class LinkRow(NamedTuple):
    """One append-only row as its link lists it (a tuple: a township's import makes millions)."""

    seq: int
    table: str
    digest: str


@dataclass(frozen=True)
class Link:
    replica_id: str
    first_seq: int
    last_seq: int
    prev_hash: str
    rows: str
    hash: str

    def listed(self) -> list[LinkRow]:
        return parse_rows(self.rows)

    def as_dict(self) -> dict[str, object]:
        return {
            "replica_id": self.replica_id,
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "prev_hash": self.prev_hash,
            "rows": self.rows,
            "hash": self.hash,
        }


def row_line(seq: int, table: str, row_digest: str) -> str:
    return f"{seq} {table} {row_digest[:PREFIX]}"


def parse_rows(text: str) -> list[LinkRow]:
    """The rows a link lists; ``ValueError`` on a malformed list."""
    result = []
    for line in text.splitlines():
        seq, table, short = line.split(" ")
        if len(short) != PREFIX:
            raise ValueError(line)
        result.append(LinkRow(int(seq), table, short))
    return result


def parse_into(text: str, replica_id: str, into: dict[tuple[str, int], tuple[str, str]]) -> None:
    """The rows a link of ``replica_id`` lists, into ``into`` as (replica, seq) -> (table,
    digest prefix): what an import checks arriving rows against, a million at a township's
    first load, without a ``LinkRow`` each; ``ValueError`` on a malformed list, as
    ``parse_rows``."""
    for line in text.splitlines():
        seq, table, short = line.split(" ")
        if len(short) != PREFIX:
            raise ValueError(line)
        into[(replica_id, int(seq))] = (table, short)


def link_hash(replica_id: str, first_seq: int, last_seq: int, prev_hash: str, rows: str) -> str:
    text = f"{DOMAIN}\n{replica_id}\n{first_seq}\n{last_seq}\n{prev_hash}\n{rows}"
    return hashlib.sha256(text.encode()).hexdigest()


def hash_holds(link: Link) -> bool:
    """The link's hash is the hash of its own fields."""
    return link.hash == link_hash(
        link.replica_id, link.first_seq, link.last_seq, link.prev_hash, link.rows
    )


def row_digests(session: Session, table: str, ids: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(seq, digest) of the rows of ``table`` with these ids, read back as stored (an audit
    row in its full form: ``audit_ref``)."""
    synced = by_name()[table]
    seq_at = synced.index("seq")
    for row in read_form(session, synced, read_back(session, table, list(ids))):
        yield row[seq_at], digest(row)


def read_back(session: Session, table: str, ids: Sequence[str]) -> Iterator[list[Any]]:
    """The rows of ``table`` with these ids as stored, JSON-ready in row-form order (audit
    rows as stored, a reference not expanded). On SQLite they are read straight from the file
    (``row_form.stored_json_rows``, the values a ``select`` gives): every write reads back the
    rows it wrote, and making SQLAlchemy rows of them was most of that."""
    synced = by_name()[table]
    session.flush()  # as a ``select`` would (autoflush)
    connection = session.connection()
    ready = connection.dialect.name == "sqlite"
    for start in range(0, len(ids), IN_CHUNK):
        part = list(ids[start : start + IN_CHUNK])
        if ready:
            yield from stored_json_rows(connection, synced, part)
        else:
            yield from _selected_rows(connection, synced, part)


def _selected_rows(
    connection: Connection, synced: SyncedTable, ids: list[str]
) -> Iterator[list[Any]]:
    cols = [synced.table.c[name] for name in synced.columns]
    for row in connection.execute(select(*cols).where(synced.table.c.id.in_(ids))):
        yield to_json_values(synced, row)


def last_hash(session: Session, replica_id: str) -> str:
    """The hash of the replica's last link ("" before its first)."""
    found = session.execute(_last_hash, {"replica": replica_id}).scalar()
    return found or ""


_last_hash = (
    select(ChainLink.hash)
    .where(ChainLink.replica_id == bindparam("replica"))
    .order_by(ChainLink.last_seq.desc())
    .limit(1)
)


_insert_link = insert(ChainLink.__table__)  # type: ignore[arg-type]


def to_link(row: ChainLink) -> Link:
    return Link(row.replica_id, row.first_seq, row.last_seq, row.prev_hash, row.rows, row.hash)


Known = Mapping[str, Mapping[str, Sequence[Any]]]


def append_link(
    session: Session,
    replica_id: str,
    first_seq: int,
    last_seq: int,
    written: Mapping[str, Iterable[str]],
    known: Known | None = None,
    full_texts: Mapping[str, tuple[str, str]] | None = None,
) -> Link:
    """Seal one transaction of this replica: the rows it wrote (table -> ids), read back as
    stored, chained to the replica's previous link.

    ``known`` (table -> id -> values): rows the transaction has already read back (``read_back``)
    after writing them, not read again. ``full_texts`` (audit row id -> (stored after_json,
    full after_json)): audit rows the transaction stored in the reference form, with the full
    text it checked the reference expands to (against the records as read back); such a row,
    read back with that reference, lists with that full text."""
    listed = sorted(
        (seq, table, row_digest)
        for table, ids in written.items()
        for seq, row_digest in _digests(
            session, table, list(ids), (known or {}).get(table, {}), full_texts or {}
        )
    )
    rows = "\n".join(row_line(*item) for item in listed)
    prev_hash = last_hash(session, replica_id)
    link = Link(
        replica_id,
        first_seq,
        last_seq,
        prev_hash,
        rows,
        link_hash(replica_id, first_seq, last_seq, prev_hash, rows),
    )
    session.connection().execute(_insert_link, [link.as_dict()])  # Core: no ORM bulk path
    return link


def _digests(
    session: Session,
    table: str,
    ids: list[str],
    known: Mapping[str, Sequence[Any]],
    full_texts: Mapping[str, tuple[str, str]],
) -> Iterator[tuple[int, str]]:
    """(seq, digest) of the rows written: those ``known`` as they were read back, the others
    read back now (audit rows expanded: ``_expanded``)."""
    synced = by_name()[table]
    seq_at = synced.index("seq")
    for row in (known[i] for i in ids if i in known):
        yield row[seq_at], digest(row)
    rest = [i for i in ids if i not in known]
    stored = read_back(session, table, rest) if rest else iter(())
    read = _expanded(session, synced, stored, full_texts) if table == "audit_log" else stored
    for row in read:
        yield row[seq_at], digest(row)


def _expanded(
    session: Session,
    synced: SyncedTable,
    rows: Iterable[list[Any]],
    full_texts: Mapping[str, tuple[str, str]],
) -> Iterator[Sequence[Any]]:
    """Audit rows as they read: one stored as the reference its transaction wrote takes the
    full text checked then; any other is expanded from the records it refers to (``audit_ref``)."""
    id_at, after_at = synced.index("id"), synced.index("after_json")
    others = []
    for row in rows:
        texts = full_texts.get(row[id_at])
        if texts is not None and row[after_at] == texts[0]:
            row[after_at] = texts[1]
            yield row
        else:
            others.append(row)
    yield from read_form(session, synced, others)
