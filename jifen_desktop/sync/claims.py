"""Whose records are held here: which village each replica writes for, and which village each
held record belongs to. ``trust`` asks these questions of every row a bundle brings.

A replica (one laptop's ledger, or a ledger restored under a fresh id) writes for one village.
This database knows a replica's village from its own identity, from an enrolled key (a peer's
code), from the bundles that carried the replica's changes (the signer's code), and, for a
replica whose rows arrived only as records others refer to, from its audit rows held here.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from jifen_desktop.model.row_form import SyncedTable, by_name
from jifen_desktop.model.schema import AuditMember, AuditRow, ChainLink, Replica, Village
from jifen_desktop.model.schema.sync import SyncBundle, SyncPeer, SyncRange

TOWNSHIP = "township"  # the owner of the township's own replica: no village key writes it
IN_CHUNK = 900
_NOT_HELD = object()


class ReplicaOwners:
    """Replica id -> the codes of the villages it is known to write for (``TOWNSHIP`` for the
    township's own). Looked up on first sight and kept for the bundle."""

    def __init__(self, session: Session) -> None:
        self.session = session
        own = session.scalars(select(Replica)).one()
        self.own_id = own.id
        if own.mode == "township":
            self.own_owners = frozenset({TOWNSHIP})
        else:
            self.own_owners = frozenset(session.scalars(select(Village.code)))
        self._known: dict[str, frozenset[str]] = {}

    def of(self, replica_id: str) -> frozenset[str]:
        known = self._known.get(replica_id)
        if known is None:
            known = self._look_up(replica_id)
            self._known[replica_id] = known
        return known

    def looked_up(self) -> frozenset[str]:
        """The replicas asked about so far (a first load's worker tells the writer: a replica
        in two villages' bundles is one the writer must ask about again)."""
        return frozenset(self._known)

    def _look_up(self, replica_id: str) -> frozenset[str]:
        owners: set[str] = set()
        if replica_id == self.own_id:
            owners |= self.own_owners
        peers = select(SyncPeer.kind, SyncPeer.code).where(SyncPeer.replica_id == replica_id)
        carried = (
            select(SyncPeer.kind, SyncPeer.code)
            .join(SyncBundle, SyncBundle.source_replica_id == SyncPeer.replica_id)
            .join(SyncRange, SyncRange.bundle_id == SyncBundle.id)
            .where(SyncRange.origin_replica_id == replica_id)
            .distinct()
        )
        for stmt in (peers, carried):
            for kind, code in self.session.execute(stmt):
                owners.add(TOWNSHIP if kind == TOWNSHIP else code)
        if not owners and self._has_links(replica_id):
            owners |= self._from_audit_rows(replica_id)
        return frozenset(owners)

    def _has_links(self, replica_id: str) -> bool:
        """Whether any row of the replica is held here (each came with its link)."""
        stmt = select(ChainLink.last_seq).where(ChainLink.replica_id == replica_id).limit(1)
        return self.session.scalar(stmt) is not None

    def _from_audit_rows(self, replica_id: str) -> set[str]:
        """Villages of the replica's audit rows held here: every change a program makes writes
        one, so a replica that wrote anything wrote these (a rare look-up: a replica whose
        rows arrived only as records that others refer to)."""
        stmt = (
            select(Village.code)
            .join(AuditRow, AuditRow.village_id == Village.id)
            .where(AuditRow.replica_id == replica_id)
            .distinct()
        )
        kept = (  # a township keeps them as members (``audit_members``)
            select(Village.code)
            .join(AuditMember, AuditMember.village_id == Village.id)
            .where(AuditMember.replica_id == replica_id)
            .distinct()
        )
        return set(self.session.scalars(stmt)) | set(self.session.scalars(kept))


@cache
def village_path(table: str) -> tuple[str, str] | None:
    """How a table's row reaches its village: None for ``villages`` and tables with a
    ``village_id``; else (column, parent table) of its first required reference to a table
    that has one (a member through its household, a decision through its entry)."""
    synced = by_name()[table]
    if table == "villages" or "village_id" in synced.columns:
        return None
    for fk in sorted(synced.table.foreign_keys, key=lambda fk: fk.parent.name):
        parent = fk.column.table.name
        if not fk.parent.nullable and (parent == "villages" or _has_village(parent)):
            return fk.parent.name, parent
    raise LookupError(f"{table} has no way to its village")


def _has_village(table: str) -> bool:
    synced = by_name().get(table)
    return synced is not None and "village_id" in synced.columns


class HeldVillages:
    """Which village a record held here belongs to (None: the township's own, such as its
    operators and audit rows), by table and id; records not held are left out."""

    def __init__(self, session: Session) -> None:
        self.conn = session.connection()
        self._found: dict[tuple[str, str], object] = {}

    def of(self, table: str, ids: Iterable[str]) -> dict[str, str | None]:
        wanted = set(ids)
        missing = sorted(i for i in wanted if (table, i) not in self._found)
        if missing:
            self._load(by_name()[table], missing)
        result: dict[str, str | None] = {}
        for record_id in wanted:
            found = self._found[(table, record_id)]
            if found is not _NOT_HELD:
                result[record_id] = found  # type: ignore[assignment]
        return result

    def not_held(self) -> dict[str, set[str]]:
        """Table -> ids asked about and not held (a first load's worker tells the writer)."""
        found: dict[str, set[str]] = {}
        for (table, record_id), village in self._found.items():
            if village is _NOT_HELD:
                found.setdefault(table, set()).add(record_id)
        return found

    def _load(self, synced: SyncedTable, ids: list[str]) -> None:
        table = synced.table
        path = village_path(synced.name)
        if synced.name == "villages":
            column = table.c.id
        elif path is None:
            column = table.c.village_id
        else:
            column = table.c[path[0]]
        pairs: dict[str, object] = {}
        for start in range(0, len(ids), IN_CHUNK):
            stmt = select(table.c.id, column).where(table.c.id.in_(ids[start : start + IN_CHUNK]))
            pairs.update({row[0]: row[1] for row in self.conn.execute(stmt)})
        if path is not None:  # the parent's village
            parents = self.of(path[1], map(str, pairs.values()))
            pairs = {i: parents.get(str(p), _NOT_HELD) for i, p in pairs.items()}
        for record_id in ids:
            self._found[(synced.name, record_id)] = pairs.get(record_id, _NOT_HELD)
