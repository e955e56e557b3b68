"""What sync (``jifen_desktop/sync/``) reads and writes of the ledger through the model: the
replica's own standing (its mode, its signing key, its village), the peers and bundles held,
the conflicts found while merging, and the transaction of one import (``run_import``), a first
load's bulk step included. sync/service.py reaches the database only through here and through
the ``Ledger``'s ``read``/``run``; sync/ keeps the bundle format, the checks and the merge rules.

A first load's transaction is a bulk step (``model.quick_commits``, as the demo's): SQLite
writes with ``synchronous = NORMAL`` during it; on leaving, the connections that wrote are let
go and the log is checkpointed into the file by a ``FULL`` one, so that what was imported is on
disk before success is reported. On PostgreSQL nothing changes: its commit is durable as it is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from .quick_commits import quick_commits
from .schema import Replica, Village
from .schema.sync import SyncBundle, SyncConflict, SyncPeer

if TYPE_CHECKING:
    from .ledger import Ledger
    from .tx import Op, Tx

T = TypeVar("T")


@dataclass(frozen=True)
class ConflictInfo:
    """A record that arrived with the id of one held here but other content (both kept)."""

    id: str
    bundle_id: str
    table: str
    record_id: str
    reason: str
    local: dict[str, Any]
    remote: dict[str, Any]
    found_at: Any  # a datetime


def replica_mode(session: Session) -> str:
    """``village`` or ``township``, as the replica row says now."""
    return str(session.scalar(select(Replica.mode)))


def signing_key(session: Session) -> str:
    """The replica's private key (hex) that signs its bundles; "" when it has none."""
    return session.scalar(select(Replica.signing_key)) or ""


def own_village(session: Session) -> str | None:
    """A village laptop's own village, under which its sync is logged; a township has none."""
    if replica_mode(session) == "township":
        return None
    return session.scalars(select(Village.id).order_by(Village.code).limit(1)).first()


def peer(session: Session, replica_id: str) -> SyncPeer | None:
    """The enrolled key of replica ``replica_id`` (revoked or not), if any."""
    return session.get(SyncPeer, replica_id)


def held_manifest(session: Session, bundle_id: str) -> str | None:
    """The manifest digest of bundle ``bundle_id`` if it was imported here."""
    held = session.get(SyncBundle, bundle_id)
    return held.manifest_sha256 if held is not None else None


def conflicts(session: Session, *, open_only: bool = True) -> list[ConflictInfo]:
    """The conflicts found while merging, newest first; ``open_only``: those not resolved."""
    stmt = select(SyncConflict).order_by(SyncConflict.found_at.desc())
    if open_only:
        stmt = stmt.where(SyncConflict.resolved_at.is_(None))
    return [
        ConflictInfo(
            c.id,
            c.bundle_id,
            c.table_name,
            c.record_id,
            c.reason,
            json.loads(c.local_json),
            json.loads(c.remote_json),
            c.found_at,
        )
        for c in session.scalars(stmt)
    ]


def run_import(ledger: Ledger, work: Callable[[Tx], T], *, bulk: bool = False) -> Op[T]:
    """One import's write transaction (``ledger.run``); with ``bulk``, a first load's, with
    quick commits: on disk before this returns."""
    if not bulk:
        return ledger.run(work)
    with quick_commits(ledger):
        return ledger.run(work)
