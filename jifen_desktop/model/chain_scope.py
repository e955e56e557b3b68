"""``jifen verify``: whose rows may be in this ledger, and up to where (the chain's scope).

Every append-only row must be listed in a link of the hash chain, or be one of the few that
legitimately are not: rows received from another computer before the chain existed (migration
0007), whose own computer's full bundle has not brought its first link yet. Such a row
belongs to a replica this ledger synced with, lies within a range a bundle carried, below
every link of that replica held here, and that bundle's import is recorded within the history
this ledger's upgrade sealed (every import since has checked each row against a link, so a
peer's rows whose first link is gone were not received that way: the link was deleted). Anything else outside the chain was slipped in: a row
of a replica this ledger never synced with, or past a replica's chain head.

The replicas whose whole chain must be here are this ledger's own and the ones it retired: a
ledger restored from a backup continues under a fresh replica id, and the restore's audit row
names the replica it leaves behind and its last sequence (``retirement``). Known replicas are
those, and every replica a bundle came from or carried rows of, or whose key is enrolled.

Records that may change (households, rule items ...) carry the replica and sequence of their
last change; a record no audit row mentions may only be one made before every change was
audited (``AUDITED_SINCE``), within the part of its replica's history sealed at the upgrade.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from . import hlc
from .audit_ref import expanded
from .engine_sql import stored_as_integer
from .schema import AuditRow, ChainLink, Replica
from .schema.sync import SyncBundle, SyncPeer, SyncRange

RETIRED_REPLICA = "retired_replica_id"
RETIRED_LAST_SEQ = "retired_last_seq"
# From this moment every change of a record that may change writes an audit row (rule items
# copied from the template were audited one by one from 2026-11-21 on); a record no audit row
# mentions must be older. A day's margin for a laptop whose clock ran ahead.
AUDITED_SINCE = dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)
AUDITED_SINCE_HLC = hlc.pack(int(AUDITED_SINCE.timestamp() * 1000), 0)


def whole_link() -> Any:
    """A condition on ``chain_links``: its sequence numbers are numbers (a link whose are not
    is named by ``verify.unreadable`` and left out)."""
    return and_(stored_as_integer(ChainLink.first_seq), stored_as_integer(ChainLink.last_seq))


def retirement(replica_id: str, last_seq: int) -> dict[str, object]:
    """What a restore's audit row (its ``after``) says of the replica it leaves behind, so that
    ``jifen verify`` keeps checking that replica's chain to its end."""
    return {RETIRED_REPLICA: replica_id, RETIRED_LAST_SEQ: last_seq}


@dataclass(frozen=True)
class Scope:
    own: str
    own_created_at: dt.datetime
    complete: dict[str, int]  # own and retired replicas -> their last sequence held here
    known: frozenset[str]
    # origin -> ranges carried by bundles imported before this ledger had its chain (an import
    # since checks every arriving row against a link, so what it brought must be chained)
    prechain: dict[str, list[tuple[int, int]]]
    first_seq: dict[str, int]  # replica -> lowest first_seq of its links held here
    sealed_end: dict[str, int]  # replica -> last_seq of its first link (first_seq 1), if held
    # retired replica -> the last sequence its restore recorded (what the backup held); another
    # laptop may later send back what was lost, up to ``complete``
    retired: dict[str, int]

    def unchained_ok(self, replica_id: str, seq: int) -> bool:
        """A row no link covers that may be here: received before its replica's chain."""
        return (
            replica_id not in self.complete
            and replica_id in self.known
            and seq < self.first_seq.get(replica_id, seq + 1)
            and any(start <= seq <= stop for start, stop in self.prechain.get(replica_id, ()))
        )

    def why_outside(self, replica_id: str, seq: int) -> str:
        """Why a row no link covers cannot be legitimate (the end of a finding's sentence)."""
        if replica_id not in self.known:
            return f"属于本台账从没有同步过的副本 {replica_id[:8]}：它是绕过程序加进来的。"
        end = self.complete.get(replica_id)
        if end is not None and seq > end:
            return f"在哈希链的末端（序号 {end}）之后：它是绕过程序加进来的。"
        if end is not None:
            return "不在哈希链里：它是绕过程序加进来的。"
        return f"不在哈希链里，也不在从副本 {replica_id[:8]} 收到的记录里：它是绕过程序加进来的。"

    def may_be_unaudited(self, replica_id: str, seq: int, stamp: int) -> bool:
        """A record no audit row mentions may be one made before every change was audited:
        stamped before then, by a known replica, within what its upgrade sealed (or, of a peer
        whose first link has not come, within what it sent before its chain)."""
        if stamp >= AUDITED_SINCE_HLC or replica_id not in self.known:
            return False
        if replica_id == self.own and self.own_created_at >= AUDITED_SINCE.replace(tzinfo=None):
            return False
        if replica_id in self.sealed_end:
            return seq <= self.sealed_end[replica_id]
        # a peer whose first link has not come: what it sent before its chain
        return self.unchained_ok(replica_id, seq)


def scope(session: Session) -> Scope:
    replica = session.scalars(select(Replica)).one()
    ranges = _received_ranges(session)
    received = _by_origin(ranges)
    retired = retired_replicas(session, replica.id)
    sealed_end = _sealed_from_one(session)
    complete = {
        old: max([last, *(stop for _start, stop in received.get(old, ()))])
        for old, last in retired.items()
    }
    complete[replica.id] = replica.next_seq - 1
    return Scope(
        replica.id,
        replica.created_at,
        complete,
        _known_replicas(session, set(complete) | set(received)),
        _by_origin(ranges, _imported_before_chain(session, sealed_end)),
        _first_linked(session),
        sealed_end,
        retired,
    )


def _received_ranges(session: Session) -> list[tuple[str, str, int, int]]:
    """(bundle, origin replica, first, last sequence) of every range a bundle carried."""
    stmt = select(
        SyncRange.bundle_id, SyncRange.origin_replica_id, SyncRange.seq_from, SyncRange.seq_to
    )
    return [(b, o, int(start), int(stop)) for b, o, start, stop in session.execute(stmt)]


def _by_origin(
    ranges: list[tuple[str, str, int, int]], bundles: set[str] | None = None
) -> dict[str, list[tuple[int, int]]]:
    """Origin replica → its ranges (of ``bundles`` only, if given)."""
    found: dict[str, list[tuple[int, int]]] = {}
    for bundle, origin, start, stop in ranges:
        if bundles is None or bundle in bundles:
            found.setdefault(origin, []).append((start, stop))
    return found


def _imported_before_chain(session: Session, sealed_end: dict[str, int]) -> set[str]:
    """Bundles whose import this ledger's audit log records within the history its upgrade to
    the hash chain sealed (the first link of the replica that wrote the audit row): only
    such an import could bring rows no link lists. A bundle with no such audit row, or one
    imported later, brought only rows its links list."""
    stmt = select(AuditRow.replica_id, AuditRow.seq, AuditRow.object_id).where(
        AuditRow.action == "sync.import"
    )
    return {
        str(bundle)
        for writer, seq, bundle in session.execute(stmt)
        if isinstance(seq, int) and seq <= sealed_end.get(writer, 0)
    }


def _known_replicas(session: Session, known: set[str]) -> frozenset[str]:
    """``known`` and every replica a bundle came from or a peer was enrolled as."""
    known.update(session.scalars(select(SyncBundle.source_replica_id)))
    known.update(session.scalars(select(SyncPeer.replica_id)))
    return frozenset(known)


def _first_linked(session: Session) -> dict[str, int]:
    """Replica → the first sequence number its whole chain links cover."""
    firsts = session.execute(
        select(ChainLink.replica_id, func.min(ChainLink.first_seq))
        .where(whole_link())
        .group_by(ChainLink.replica_id)
    ).all()
    return {r: int(s) for r, s in firsts}


def _sealed_from_one(session: Session) -> dict[str, int]:
    """Replica → the last sequence number of its whole link that starts at 1."""
    sealed = session.execute(
        select(ChainLink.replica_id, ChainLink.last_seq).where(
            ChainLink.first_seq == 1, whole_link()
        )
    ).all()
    return {r: int(s) for r, s in sealed}


def retired_replicas(session: Session, own: str) -> dict[str, int]:
    """Replicas this ledger left behind (a restore continues under a fresh id) -> their last
    sequence, as its restores' audit rows (chained themselves) say. Only this ledger's own
    lineage: the same audit row, received by the township, names a replica whose chain the
    township holds further (what the laptop had sent before the restore)."""
    named: list[tuple[str, str, int]] = []
    # A row referring to the record it created (``audit_ref``) holds the key in full or not
    # at all: no record referred to has such a column.
    stmt = select(AuditRow.replica_id, AuditRow.object_id, AuditRow.after_json).where(
        AuditRow.after_json.like(f'%"{RETIRED_REPLICA}"%')
    )
    for writer, object_id, text in session.execute(stmt):
        try:
            after = json.loads(expanded(session, object_id, text))
            named.append((writer, str(after[RETIRED_REPLICA]), int(after[RETIRED_LAST_SEQ])))
        except (ValueError, KeyError, TypeError):
            continue
    lineage = {own}
    retired: dict[str, int] = {}
    while True:
        found = {old: last for writer, old, last in named if writer in lineage and old != own}
        if found.keys() <= retired.keys():
            return retired
        retired.update(found)
        lineage.update(found)
