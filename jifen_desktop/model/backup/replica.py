"""A restored village ledger continues under a fresh replica id.

A backup holds its replica's changes up to some sequence number; the laptop may have sent
later ones (with those numbers) to the township or another laptop before the restore. Going on
under the same id would give the same numbers to other changes, and every later bundle would
be refused ("…被改写过"). So a restore gives the copy a new replica id, starting at sequence 1
with its own hash chain, and keeps everything else of the replica row: the village's signing
key (the key the township enrolled), the clock, the mode.

The old replica stays what it was: its rows and chain links are history, checked by ``jifen
verify`` to its last sequence (the restore's audit row names it: ``chain_scope.retirement``),
and this ledger holds its changes 1..last as if received in a bundle (a ``sync_ranges`` row), so
that an export still carries the ones the township has not acknowledged and the knowledge a
bundle gives says how far this ledger holds it. A township database keeps its id: it sends no
records of its own, only what it holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from .. import db
from ..ids import new_id
from ..schema import Replica, SyncRange  # (tables first: it imports sync_tables at its end)


@dataclass(frozen=True)
class Renewal:
    """The replica a restore left behind (``old``, its changes 1..``last_seq``) and the one the
    restored ledger continues under (``new``)."""

    old: str
    new: str
    last_seq: int


def renew_replica(engine: Engine, marker: str) -> Renewal | None:
    """Give the (not yet swapped in) restored copy behind ``engine`` a fresh replica id; None for
    a township database. ``marker`` ties the ``sync_ranges`` row to the restore (its audit
    record's id)."""
    with Session(db.writer(engine)) as session, session.begin():
        replica = session.scalars(select(Replica)).one()
        if replica.mode == "township":
            return None
        renewal = Renewal(replica.id, new_id(), replica.next_seq - 1)
        session.execute(
            update(Replica)
            .where(Replica.id == renewal.old)
            .values(
                id=renewal.new,
                next_seq=1,
                created_at=dt.datetime.now().replace(microsecond=0),
            )
        )
        if renewal.last_seq > 0:
            session.add(
                SyncRange(
                    bundle_id=marker,
                    origin_replica_id=renewal.old,
                    seq_from=1,
                    seq_to=renewal.last_seq,
                )
            )
    return renewal
