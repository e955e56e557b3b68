"""``jifen verify``, part 5: the enrolled sync keys against this ledger's audit log.

An enrolled key decides whose bundles this ledger takes (a village key writes its village), so
a key slipped into ``sync_peers`` with an SQLite editor, or an enrolled key swapped for another,
or a revoked key brought back, would let someone else's bundles in unseen. Every enrolment and
revocation writes a chained audit row (``sync.enrol`` / ``sync.revoke``, the key's replica id
as its object) with the code and fingerprint enrolled. So each key here must have one, the last
of them must be what the key is now (the fingerprint its public key gives), and a key whose
last audit row revoked it must still be revoked. (Revoking a key revokes it under every replica
id it signed as, with one audit row: the others may be revoked without a row of their own.)
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit_ref import expanded
from ..replica_keys import fingerprint
from ..schema import AuditRow
from ..schema.sync import SyncPeer
from .report import VerifyReport
from .village import VillagePart

ACTIONS = ("sync.enrol", "sync.revoke")


def check_peers(
    session: Session, own: Collection[str], report: VerifyReport, part: VillagePart | None = None
) -> None:
    """Name each enrolled key (of one village, ``part``) whose enrolment the audit log does
    not bear out. Only this ledger's own audit rows count (``own``: its replica and those its
    restores retired); a township also holds the villages' rows of enrolling their own
    laptops."""
    last = _last_audited(session, own)
    peers = select(SyncPeer)
    if part is not None:
        peers = peers.where(SyncPeer.code == part.code)
    for peer in session.scalars(peers):
        problem = _problem(peer, last.get(peer.replica_id))
        if problem:
            report.add(
                "record",
                f"同步密钥 {peer.name}（{peer.code}，副本 {peer.replica_id[:8]}）{problem}。",
                "sync_peers",
                peer.replica_id,
            )


def _problem(peer: SyncPeer, audited: tuple[str, dict[str, Any]] | None) -> str:
    if audited is None:
        return "没有登记的审计记录：它是绕过程序加进来的"
    action, after = audited
    if action == "sync.revoke":
        return "" if peer.revoked_at is not None else "已吊销，却又能用了：它在程序之外被改动过"
    shown = _fingerprint(peer.public_key)
    if shown != peer.fingerprint or after.get("fingerprint") != peer.fingerprint:
        return "的密钥与登记时不同：它在程序之外被换过"
    if after.get("code") != peer.code:
        return "的村代码与登记时不同：它在程序之外被改动过"
    return ""


def _fingerprint(public_key: str) -> str:
    try:
        return fingerprint(public_key)
    except ValueError:  # not hex: not a key the program wrote
        return ""


def _last_audited(session: Session, own: Collection[str]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Per key (replica id): the action and values of its last enrol or revoke audit row."""
    rows = session.execute(
        select(AuditRow.object_id, AuditRow.action, AuditRow.after_json)
        .where(AuditRow.action.in_(ACTIONS), AuditRow.replica_id.in_(list(own)))
        .order_by(AuditRow.at, AuditRow.seq)
    )
    last: dict[str, tuple[str, dict[str, Any]]] = {}
    for object_id, action, after_json in rows:
        try:
            after = json.loads(expanded(session, object_id, after_json)) if after_json else {}
        except ValueError:
            after = {}
        last[object_id] = (action, after if isinstance(after, dict) else {})
    return last
