"""The tables of sync (同步包): enrolled keys of other replicas, bundles imported, the sequence
ranges each bundle carried, what each peer has acknowledged, and conflicts found while merging.

These describe this database's own sync state; they are never carried in a bundle themselves.
"""

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import CheckConstraint, DateTime, Index, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import UUID_LEN, Base
from .ledger import Replica

PEER_KINDS = ("village", "township")


class SyncPeer(Base):
    """An enrolled key: another replica (a village laptop or the township) this one accepts
    bundles from, once its fingerprint was compared by phone or on paper."""

    __tablename__ = "sync_peers"
    replica_id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(12))  # village code, or the township's
    name: Mapped[str] = mapped_column(String(64))
    public_key: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(32))
    enrolled_at: Mapped[dt.datetime] = mapped_column(DateTime)
    enrolled_by: Mapped[str] = mapped_column(String(64), default="")
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        Index("ix_sync_peers_code", "code"),
        CheckConstraint("kind in ('village', 'township')", name="kind"),
    )


class SyncBundle(Base):
    """A bundle imported here: importing it again is recognised by its id and manifest digest."""

    __tablename__ = "sync_bundles"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(256))
    source_replica_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    source_name: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    imported_by: Mapped[str] = mapped_column(String(64), default="")
    result_json: Mapped[str] = mapped_column(Text, default="{}")


class SyncRange(Base):
    """Changes ``seq_from``..``seq_to`` of one origin replica, as a bundle carried them. The
    ranges received make up what this database holds of each replica (``knowledge``)."""

    __tablename__ = "sync_ranges"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    bundle_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    origin_replica_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    seq_from: Mapped[int] = mapped_column(Integer)
    seq_to: Mapped[int] = mapped_column(Integer)


class SyncAck(Base):
    """What a peer said it holds of one origin replica (every change up to ``seq``): the next
    bundle for that peer starts after it."""

    __tablename__ = "sync_acks"
    peer_replica_id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    origin_replica_id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class SyncConflict(Base):
    """A record that arrived with the id of one held here but different content: the local one
    is kept, the arriving one is kept here, and the user is shown both."""

    __tablename__ = "sync_conflicts"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    bundle_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    table_name: Mapped[str] = mapped_column(String(48))
    record_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    local_json: Mapped[str] = mapped_column(Text)
    remote_json: Mapped[str] = mapped_column(Text)
    found_at: Mapped[dt.datetime] = mapped_column(DateTime)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    resolution: Mapped[str] = mapped_column(Text, default="")


def contiguous_end(ranges: Iterable[tuple[int, int]]) -> int:
    """The highest sequence reached from 1 without a gap (0 when nothing starts at 1)."""
    end = 0
    for start, stop in sorted(ranges):
        if start > end + 1:
            break
        end = max(end, stop)
    return end


def held_ends(session: Session) -> dict[str, int]:
    """Up to which sequence this database holds every change of each replica: all of its own,
    and of another the end of the run of ranges received that starts at 1."""
    replica = session.scalars(select(Replica)).one()
    spans: dict[str, list[tuple[int, int]]] = {}
    for origin, start, stop in session.execute(
        select(SyncRange.origin_replica_id, SyncRange.seq_from, SyncRange.seq_to)
    ):
        spans.setdefault(origin, []).append((start, stop))
    ends = {origin: contiguous_end(pairs) for origin, pairs in spans.items()}
    ends = {origin: end for origin, end in ends.items() if end > 0}
    ends[replica.id] = replica.next_seq - 1
    return ends
