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
    row in its full form: ``audit_ref``). On SQLite they are read straight from the file
    (``row_form.stored_json_rows``, the values a ``select`` gives, JSON-ready): every write
    reads back the rows it wrote, and making SQLAlchemy rows of them was most of that."""
    synced = by_name()[table]
    seq_at, wanted = synced.index("seq"), list(ids)
    session.flush()  # as a ``select`` would (autoflush)
    connection = session.connection()
    ready = connection.dialect.name == "sqlite"
    for start in range(0, len(wanted), IN_CHUNK):
        part = wanted[start : start + IN_CHUNK]
        stored = _stored_rows(connection, synced, part, ready)
        for row in read_form(session, synced, stored):
            yield row[seq_at], digest(row if ready else to_json_values(synced, row))


def _stored_rows(
    connection: Connection, synced: SyncedTable, ids: list[str], ready: bool
) -> Iterable[Sequence[Any]]:
    if ready:
        return stored_json_rows(connection, synced, ids)
    cols = [synced.table.c[name] for name in synced.columns]
    return connection.execute(select(*cols).where(synced.table.c.id.in_(ids)))


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


def to_link(row: ChainLink) -> Link:
    return Link(row.replica_id, row.first_seq, row.last_seq, row.prev_hash, row.rows, row.hash)


def append_link(
    session: Session,
    replica_id: str,
    first_seq: int,
    last_seq: int,
    written: Mapping[str, Iterable[str]],
) -> Link:
    """Seal one transaction of this replica: the rows it wrote (table -> ids), read back as
    stored, chained to the replica's previous link."""
    listed = sorted(
        (seq, table, row_digest)
        for table, ids in written.items()
        for seq, row_digest in row_digests(session, table, ids)
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
    session.execute(insert(ChainLink), [link.as_dict()])
    return link
