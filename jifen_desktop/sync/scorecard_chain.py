"""台账核对 for the 考核: whether a village's hash chain, as the township holds it, still holds.

Every import checks the arriving rows against their links before keeping a bundle (a bundle
that fails is refused whole: ``chain_links``), so what the township holds of a village passed
at its import. This check looks again, now, at the links of the village's enrolled replicas and
the append-only rows they wrote: each link's hash, each link joined to the one before it, and
each row against the digest its link lists; a row in a sealed range that no link lists was
slipped in. It counts what is wrong; ``jifen verify`` names each problem in words.
Rows received before a chain existed (older program versions) are not counted as problems."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from jifen_desktop.model.audit_ref import read_form
from jifen_desktop.model.chain import Link, hash_holds, to_link
from jifen_desktop.model.chain_scope import whole_link
from jifen_desktop.model.row_form import digest, synced_tables, to_json_values
from jifen_desktop.model.schema import ChainLink

Listed = dict[tuple[str, int], tuple[str, str]]
Ranges = dict[str, list[tuple[int, int]]]


def chain_problems(session: Session, replica_ids: Iterable[str]) -> int:
    """How many links and rows of these replicas do not hold (0: the chain is intact)."""
    wanted = sorted(set(replica_ids))
    if not wanted:
        return 0
    listed: Listed = {}
    ranges: Ranges = {}
    problems = sum(_links(session, r, listed, ranges) for r in wanted)
    for synced in synced_tables():
        if synced.mutable:
            continue
        cols = [synced.table.c[name] for name in synced.columns]
        replica_at, seq_at = synced.index("replica_id"), synced.index("seq")
        stmt = select(*cols).where(synced.table.c.replica_id.in_(wanted))
        for row in read_form(session, synced, session.execute(stmt).yield_per(5000)):
            key = (row[replica_at], row[seq_at])
            found = listed.get(key)
            if found is None:
                problems += _covered(ranges, key)
            elif found[0] != synced.name or not digest(to_json_values(synced, row)).startswith(
                found[1]
            ):
                problems += 1
    return problems


def _links(session: Session, replica_id: str, listed: Listed, ranges: Ranges) -> int:
    """Check one replica's links; note the rows they list and the ranges they seal."""
    problems = 0
    previous: Link | None = None
    stmt = (
        select(ChainLink)
        .where(ChainLink.replica_id == replica_id, whole_link())
        .order_by(ChainLink.last_seq)
    )
    for link in map(to_link, session.scalars(stmt)):
        broken = (
            previous is not None
            and previous.last_seq + 1 == link.first_seq
            and link.prev_hash != previous.hash
        )
        if broken or not hash_holds(link):
            problems += 1
        ranges.setdefault(replica_id, []).append((link.first_seq, link.last_seq))
        try:
            for row in link.listed():
                listed[(replica_id, row.seq)] = (row.table, row.digest)
        except ValueError:
            problems += 1
        previous = link
    return problems


def _covered(ranges: Ranges, key: tuple[str, int]) -> int:
    """1 when a row no link lists lies in a range a link sealed (it was slipped in)."""
    replica_id, seq = key
    return int(any(first <= seq <= last for first, last in ranges.get(replica_id, ())))
