"""A township's store of the villages' audit rows: packing rows into members and reading them
back (``schema.audit_members``).

A member holds one origin replica's audit rows, sorted by sequence number, as their canonical
JSON lines (``row_form.canonical``: the line's sha256 is the digest the hash chain lists),
zlib-compressed, with the sequence numbers beside them. Members are written by the import
(``sync.merge``) and by the upgrade to this layout (``move_into_members``); read by the
审计日志 (``audit_members_query``), by the merge to know which rows are held, and by
``jifen verify`` (``verify.members``).
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select

from .row_form import SyncedTable, by_name, canonical, from_json_values, to_json_values
from .schema import AuditMember, AuditRow

MEMBER_ROWS = 10_000  # rows per member at most: a member is read whole
LEVEL = 3  # zlib: 9:1 on audit lines at level 1's time (6: 11:1, 2.4× the time)
BATCH = 5_000


def audit_form() -> SyncedTable:
    return by_name()["audit_log"]


_POSITIONS: list[int] = []


def row_positions() -> list[int]:
    """Where an audit row's replica, sequence number and time are (looked up once)."""
    form = audit_form()
    _POSITIONS[:] = [form.index("replica_id"), form.index("seq"), form.index("at")]
    return _POSITIONS


@dataclass(frozen=True)
class MemberRow:
    """One audit row of a member: its sequence number and canonical line."""

    seq: int
    line: bytes

    def values(self) -> list[Any]:
        values = json.loads(self.line)
        if not isinstance(values, list):
            raise ValueError("not a row")
        return values


def pack(
    replica_id: str, village_id: str | None, bundle_id: str | None, rows: Sequence[list[Any]]
) -> dict[str, Any]:
    """The values of one member holding ``rows`` ([seq, at ISO, line], one replica's)."""
    ordered = sorted(rows, key=lambda row: row[0])
    times = sorted(str(row[1]) for row in ordered)
    return {
        "bundle_id": bundle_id,
        "replica_id": replica_id,
        "village_id": village_id,
        "seq_from": ordered[0][0],
        "seq_to": ordered[-1][0],
        "at_from": dt.datetime.fromisoformat(times[0]),
        "at_to": dt.datetime.fromisoformat(times[-1]),
        "rows": len(ordered),
        "seqs": zlib.compress(array("q", [row[0] for row in ordered]).tobytes(), LEVEL),
        "lines": zlib.compress(b"\n".join(row[2] for row in ordered), LEVEL),
    }


def unpack(seqs: bytes, lines: bytes, data: bytes | None = None) -> list[MemberRow]:
    """A member's rows (``data``: its lines decompressed already); ``zlib.error`` or
    ``ValueError`` when it is damaged."""
    numbers, texts = unpack_lines(seqs, lines, data)
    return [MemberRow(seq, line) for seq, line in zip(numbers, texts, strict=True)]


def unpack_lines(
    seqs: bytes, lines: bytes, data: bytes | None = None
) -> tuple[array[int], list[bytes]]:
    """A member's sequence numbers and lines, paired by position (``unpack`` without a row
    object per line: ``jifen verify`` reads every member)."""
    numbers = array("q")
    numbers.frombytes(zlib.decompress(seqs))
    texts = (zlib.decompress(lines) if data is None else data).split(b"\n")
    if len(texts) != len(numbers):
        raise ValueError("a member's lines and sequence numbers do not pair up")
    return numbers, texts


@dataclass
class MemberWriter:
    """Collects the audit rows new to a township during one import and writes them as members
    (per origin replica, ``MEMBER_ROWS`` at most each) when a replica's pile is full or at the
    end (``flush``)."""

    conn: Any
    bundle_id: str | None
    village_id: str | None
    pending: dict[str, list[list[Any]]] = field(default_factory=dict)
    written: int = 0

    def add(self, values: Sequence[Any], line: bytes) -> None:
        replica_at, seq_at, at_at = _POSITIONS or row_positions()
        pile = self.pending.setdefault(values[replica_at], [])
        pile.append([values[seq_at], values[at_at], line])
        if len(pile) >= MEMBER_ROWS:
            self._write(values[replica_at], self.pending.pop(values[replica_at]))

    def flush(self) -> None:
        for replica_id in sorted(self.pending):
            self.add_pile(replica_id)

    def add_pile(self, replica_id: str) -> None:
        """Write the replica's pile now."""
        rows = self.pending.pop(replica_id, [])
        if rows:
            self._write(replica_id, rows)

    def _write(self, replica_id: str, rows: list[list[Any]]) -> None:
        self.conn.execute(
            insert(AuditMember), [pack(replica_id, self.village_id, self.bundle_id, rows)]
        )
        self.written += len(rows)


def members_of(conn: Any, replica_id: str, low: int, high: int) -> Iterator[list[MemberRow]]:
    """The rows of the replica's members that may hold sequence numbers ``low``..``high``."""
    stmt = select(AuditMember.seqs, AuditMember.lines).where(
        AuditMember.replica_id == replica_id,
        AuditMember.seq_to >= low,
        AuditMember.seq_from <= high,
    )
    for seqs, lines in conn.execute(stmt):
        yield unpack(seqs, lines)


def held_rows(conn: Any, keys: Iterable[tuple[str, int]]) -> dict[str, list[Any]]:
    """id -> values of the audit rows held in members among these (replica, seq)."""
    wanted: dict[str, set[int]] = {}
    for replica_id, seq in keys:
        wanted.setdefault(replica_id, set()).add(seq)
    found: dict[str, list[Any]] = {}
    id_at = audit_form().index("id")
    for replica_id, seqs in wanted.items():
        for rows in members_of(conn, replica_id, min(seqs), max(seqs)):
            for row in rows:
                if row.seq in seqs:
                    values = row.values()
                    found[values[id_at]] = values
    return found


def all_rows(conn: Any) -> Iterator[list[Any]]:
    """Every audit row held in members, as JSON-ready values (a test's dump, the upgrade
    back)."""
    stmt = select(AuditMember.seqs, AuditMember.lines).order_by(AuditMember.id)
    for seqs, lines in conn.execute(stmt):
        for row in unpack(seqs, lines):
            yield row.values()


def any_members(conn: Any) -> bool:
    return conn.execute(select(AuditMember.id).limit(1)).first() is not None


# -- the upgrade to this layout, and back --------------------------------------------------------


def move_into_members(conn: Any, own_replica_id: str) -> int:
    """Move every audit row not written by ``own_replica_id`` out of ``audit_log`` into
    members, in their full (expanded) canonical form; the count moved."""
    from .audit_ref import read_form

    form = audit_form()
    replica_at, village_at = form.index("replica_id"), form.index("village_id")
    writer = MemberWriter(conn, None, None)
    villages: dict[str, Any] = {}
    for batch in _other_rows(conn, form, own_replica_id):
        for values in read_form(conn, form, batch):
            replica_id = values[replica_at]
            if values[village_at] is not None:
                villages.setdefault(replica_id, values[village_at])
            writer.village_id = villages.get(replica_id)
            writer.add(values, canonical(list(values)).encode())
    for replica_id in sorted(writer.pending):
        writer.village_id = villages.get(replica_id)
        writer.add_pile(replica_id)
    conn.execute(delete(AuditRow).where(AuditRow.replica_id != own_replica_id))
    return writer.written


def _other_rows(conn: Any, form: SyncedTable, own: str) -> Iterator[list[list[Any]]]:
    """The audit rows of other replicas in batches, in (replica, seq) order."""
    cols = [form.table.c[name] for name in form.columns]
    replica_at, seq_at = form.index("replica_id"), form.index("seq")
    after = ("", 0)
    while True:
        stmt = (
            select(*cols)
            .where(
                AuditRow.replica_id != own,
                (AuditRow.replica_id > after[0])
                | ((AuditRow.replica_id == after[0]) & (AuditRow.seq > after[1])),
            )
            .order_by(AuditRow.replica_id, AuditRow.seq)
            .limit(BATCH)
        )
        batch = [to_json_values(form, row) for row in conn.execute(stmt)]
        if not batch:
            return
        yield batch
        after = (batch[-1][replica_at], batch[-1][seq_at])


def move_back(conn: Any) -> int:
    """Every row of the members back into ``audit_log`` (the downgrade); the count."""
    form = audit_form()
    count = 0
    batch: list[dict[str, Any]] = []
    for values in all_rows(conn):
        batch.append(from_json_values(form, values))
        if len(batch) >= BATCH:
            conn.execute(insert(AuditRow), batch)
            count, batch = count + len(batch), []
    if batch:
        conn.execute(insert(AuditRow), batch)
        count += len(batch)
    conn.execute(delete(AuditMember))
    return count


def object_of(conn: Any, replica_id: str, seq: int, action: str) -> str | None:
    """The record the member row (replica, seq) is about, if its action starts with
    ``action``; None when no member holds it."""
    form = audit_form()
    for rows in members_of(conn, replica_id, seq, seq):
        for row in rows:
            if row.seq == seq:
                values = row.values()
                if str(values[form.index("action")]).startswith(action):
                    return str(values[form.index("object_id")])
    return None
