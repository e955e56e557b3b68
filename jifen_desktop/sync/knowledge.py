"""Which changes of each replica this database holds (its *knowledge*), and what each peer said
it holds (its *acknowledgement*). Both are vectors ``{replica id: highest sequence held}``.

A database holds every change of its own replica. Of another it holds the changes up to the end
of the run of ranges received that starts at 1: a bundle lost on the way leaves a gap, and the
knowledge stops before it until a later bundle fills it. Acknowledgements come in every bundle
(its source's knowledge); the next bundle for that peer carries what lies beyond them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from jifen_desktop.model.schema.sync import SyncAck, held_ends

Vector = dict[str, int]


def knowledge(session: Session) -> Vector:
    """This database's knowledge: its own replica's last sequence, and others' gapless ends."""
    return held_ends(session)


def acknowledged(session: Session, peer_id: str) -> Vector:
    """What ``peer_id`` said it holds."""
    return dict(
        session.execute(
            select(SyncAck.origin_replica_id, SyncAck.seq).where(SyncAck.peer_replica_id == peer_id)
        ).all()
    )


def record_acknowledgement(session: Session, peer_id: str, vector: Mapping[str, int]) -> None:
    """Remember a peer's knowledge; an older acknowledgement never lowers a newer one."""
    now = dt.datetime.now().replace(microsecond=0)
    held = acknowledged(session, peer_id)
    for origin, seq in vector.items():
        if seq <= held.get(origin, 0):
            continue
        row = session.get(SyncAck, (peer_id, origin))
        if row is None:
            session.add(
                SyncAck(peer_replica_id=peer_id, origin_replica_id=origin, seq=seq, updated_at=now)
            )
        else:
            row.seq, row.updated_at = seq, now
    session.flush()
