"""One service call = one transaction: the ``Tx`` a write runs in, the acting operator, and the
"what changed" value every mutation returns.

A ``Tx`` stamps mutable records with the hybrid logical clock and this replica's next sequence
number, numbers append-only records, and writes audit rows. The replica row is read under the
``BEGIN IMMEDIATE`` lock and written back before commit, so sequence numbers never repeat.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import bindparam, inspect, select, update
from sqlalchemy.orm import Session

from . import audit_ref, audit_written, chain, hlc
from .choices import ROLE_NAMES as ROLE_NAMES
from .choices import ROLES as ROLES
from .errors import PermissionDenied
from .ids import new_id
from .queued_insert import insert_rows
from .row_form import by_name
from .schema import AppendOnlyRecord, AuditRow, MutableRecord, Operator, Replica

T = TypeVar("T")


class UnauditedChange(RuntimeError):
    """A service stamped a record without auditing its new values: a programming error,
    refused before commit so that no ledger is left that ``jifen verify`` would flag."""


class Change(enum.Flag):
    """Which kinds of data a mutation changed; each screen refreshes only for what it shows."""

    NONE = 0
    VILLAGE = enum.auto()
    GRIDS = enum.auto()
    HOUSEHOLDS = enum.auto()
    MEMBERS = enum.auto()
    RULES = enum.auto()
    ENTRIES = enum.auto()
    OPERATORS = enum.auto()
    STORE = enum.auto()  # goods, stock, redemptions, returns, expiries (and available points)
    CALENDAR = enum.auto()  # review sessions, publications, objections, vetoes, honour grades


@dataclass(frozen=True)
class Op(Generic[T]):
    """What a mutating service call returns: its result and what it changed."""

    value: T
    changes: Change


@dataclass(frozen=True)
class Actor:
    """The logged-in operator, as the services see it."""

    id: str | None
    username: str
    display_name: str
    role: str
    village_id: str | None = None
    grid_ids: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def system(cls) -> Actor:
        """The program itself (set-up, demo data, automatic base points)."""
        return cls(id=None, username="system", display_name="系统", role="admin")


def row_values(record: Any) -> dict[str, Any]:
    """A record's column values as JSON-ready data (for audit before/after)."""
    values: dict[str, Any] = {}
    for attr in inspect(record).mapper.column_attrs:
        value = getattr(record, attr.key)
        if attr.key in ("password_hash",):
            value = "***"
        elif isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        values[attr.key] = value
    return values


class Tx:
    """A write transaction of one service call."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor
        self.now = dt.datetime.now().replace(microsecond=0)
        # The replica row as Core values: an ORM object of it cost as much as a small write.
        replica = session.execute(_replica_row).one()
        self._replica = _Replica(replica.id, replica.mode)
        self._hlc = self._first_hlc = replica.hlc_last
        self._seq = self._first_seq = replica.next_seq
        self.changes = Change.NONE
        self._rows: dict[type[AppendOnlyRecord], list[dict[str, Any]]] = {}
        # Append-only rows written here (table name -> ids): the hash chain's link lists them.
        self._written: dict[str, list[str]] = {}
        # Mutable records stamped here, and the last audited values of each record audited:
        # ``finish`` refuses a stamp that no audit row carries (verify would name it).
        self._stamped: dict[str, MutableRecord] = {}
        self._audited: dict[str, dict[str, Any]] = {}

    @property
    def replica_id(self) -> str:
        return self._replica.id

    def next_seq(self) -> int:
        seq = self._seq
        self._seq += 1
        return seq

    def next_hlc(self) -> int:
        self._hlc = hlc.tick(self._hlc)
        return self._hlc

    def receive(self, remote: int) -> None:
        """Move the clock past a stamp seen in a bundle, so later changes here win over it."""
        if remote:
            self._hlc = hlc.receive(self._hlc, remote)

    def _check_writable(self, record: object) -> None:
        """A township database holds villages read-only: only its own operators and audit rows
        are written here; the villages' records change only by importing their bundles."""
        if self._replica.mode != "township":
            return
        if isinstance(record, AuditRow) or (
            isinstance(record, Operator) and record.village_id is None
        ):
            return
        raise PermissionDenied(
            "乡镇汇总库里的各村数据只能查看：农户、积分等由各村在自己的电脑上录入，"
            "导出同步包带来后在这里导入。"
        )

    def stamp(self, record: MutableRecord) -> None:
        """Mark a new or changed mutable record as changed here, now."""
        self._check_writable(record)
        if not getattr(record, "id", None):
            record.id = new_id()
        record.hlc = self.next_hlc()
        record.changed_by_replica = self.replica_id
        record.change_seq = self.next_seq()
        if record.is_deleted is None:
            record.is_deleted = False
        self._stamped[record.id] = record

    def add(self, record: MutableRecord | AppendOnlyRecord) -> None:
        """Add a new record, stamped or numbered as its kind needs."""
        self._check_writable(record)
        if isinstance(record, MutableRecord):
            self.stamp(record)
        else:
            if not getattr(record, "id", None):
                record.id = new_id()
            record.replica_id = self.replica_id
            record.seq = self.next_seq()
            self._written.setdefault(_table_name(type(record)), []).append(record.id)
        self.session.add(record)

    def audit(
        self,
        action: str,
        object_type: str,
        object_id: str,
        summary: str,
        *,
        village_id: str | None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        if after is not None:
            self._audited[object_id] = after
        self.insert(
            AuditRow,
            at=self.now,
            operator_id=self.actor.id,
            operator_name=self.actor.display_name,
            village_id=village_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            summary=summary,
            before_json=_dump(before),
            after_json=_dump(after),
        )

    def insert(self, table: type[AppendOnlyRecord], **values: Any) -> dict[str, Any]:
        """Queue a new append-only row (numbered now, written in one batch at ``flush_rows``).

        Batched inserts keep recording thousands of entries fast; rows of a table are written
        after those of the tables before it in ``INSERT_ORDER``, so foreign keys hold.
        """
        if table is not AuditRow:
            self._check_writable(table)
        values.setdefault("id", new_id())
        values["replica_id"] = self.replica_id
        values["seq"] = self.next_seq()
        self._rows.setdefault(table, []).append(values)
        self._written.setdefault(_table_name(table), []).append(values["id"])
        return values

    def flush_rows(self) -> None:
        """Write ORM changes, then every queued row, table by table."""
        self.session.flush()
        for table in sorted(self._rows, key=_insert_rank):
            if table is AuditRow:  # the records they audit are written: refer to them
                audit_ref.refer_written(self.session, self._rows[table], self._written_ids())
            _insert_rows(self.session, table, self._rows[table])
        self._rows.clear()

    def _written_ids(self) -> dict[str, str]:
        """Id -> table of the append-only records written here (audit rows aside)."""
        return {
            record_id: table
            for table, ids in self._written.items()
            if audit_ref.referable(table)
            for record_id in ids
        }

    def created(
        self,
        record: MutableRecord | AppendOnlyRecord,
        action: str,
        summary: str,
        *,
        village_id: str | None,
    ) -> None:
        """Add a new record and audit it with its values."""
        self.add(record)
        self.session.flush()
        self.audit(
            action,
            _object_type(record),
            record.id,
            summary,
            village_id=village_id,
            after=row_values(record),
        )

    def updated(
        self,
        record: MutableRecord,
        action: str,
        summary: str,
        *,
        village_id: str | None,
        before: dict[str, Any],
    ) -> bool:
        """Stamp a changed mutable record and audit it with its values before and after.
        A record whose values did not change is left alone (no stamp, no audit row)."""
        after = row_values(record)
        if after == before:
            return False
        self.stamp(record)
        self.audit(
            action,
            _object_type(record),
            record.id,
            summary,
            village_id=village_id,
            before=before,
            after=row_values(record),
        )
        return True

    def changed(self, change: Change) -> None:
        self.changes |= change

    def _check_audited(self) -> None:
        """Every record stamped here must end with an audit row holding its values, stamp
        included: ``jifen verify`` compares each record with the audit row of its stamp, so a
        stamp without one would later read as a change made behind the program's back."""
        for record_id, record in self._stamped.items():
            values = row_values(record)
            after = self._audited.get(record_id)
            if after is None or any(
                after.get(key) != values[key] for key in ("hlc", *after) if key in values
            ):
                raise UnauditedChange(
                    f"{_object_type(record)} {record_id}: stamped without an audit row of "
                    "its values (call tx.created/tx.updated, or tx.audit with after=)"
                )

    def finish(self) -> None:
        """Write queued rows, seal them in the replica's hash chain, then write the clock and
        sequence back to the replica row.

        The rows written are read back once, before the audit rows go in: they are the records
        those audit rows refer to (``audit_ref``) and what the chain's link lists."""
        self._check_audited()
        audit_rows = self._rows.pop(AuditRow, [])
        self.flush_rows()
        stored: dict[str, Mapping[str, Sequence[Any]]] = {
            table: _by_id(table, chain.read_back(self.session, table, ids))
            for table, ids in self._written.items()
            if table != AUDIT_TABLE
        }
        full_texts = self._refer(audit_rows, stored)
        derived = audit_written.derive(self.session, audit_rows)
        _insert_rows(self.session, AuditRow, audit_rows)
        if audit_rows:  # read back as stored, listed as they read
            ids = [row["id"] for row in audit_rows]
            stored[AUDIT_TABLE] = audit_written.as_read(self.session, ids, full_texts, derived)
        if self._seq > self._first_seq:
            chain.append_link(
                self.session,
                self.replica_id,
                self._first_seq,
                self._seq - 1,
                self._written,
                stored,
                full_texts,
            )
        if (self._hlc, self._seq) != (self._first_hlc, self._first_seq):
            self.session.execute(
                _save_replica, {"replica": self.replica_id, "hlc": self._hlc, "seq": self._seq}
            )
        self.session.flush()

    def _refer(
        self, audit_rows: list[dict[str, Any]], stored: chain.Known
    ) -> dict[str, tuple[str, str]]:
        """Store audit rows in the reference form where they audit a record written here, as
        it was read back (``audit_ref.referred``); returns audit row id -> (reference, full
        text) of those stored so."""
        written, bases = self._written_ids(), _Bases(stored)
        full_texts: dict[str, tuple[str, str]] = {}
        for row in audit_rows:
            table, full = written.get(row["object_id"], ""), str(row.get("after_json") or "")
            base = bases.get(table, row["object_id"]) if table and full else None
            if base is not None:
                text = audit_ref.referred(full, table, base)
                if text != full:
                    row["after_json"], full_texts[row["id"]] = text, (text, full)
        return full_texts


class _Bases:
    """The values of records read back, by column name, made once a record (``audit_ref``'s
    base values: the row form)."""

    def __init__(self, stored: chain.Known) -> None:
        self._stored = stored
        self._made: dict[str, dict[str, Any]] = {}

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        made = self._made.get(record_id)
        if made is None:
            row = self._stored.get(table, {}).get(record_id)
            if row is None:
                return None
            made = self._made[record_id] = dict(zip(by_name()[table].columns, row, strict=True))
        return made


def _by_id(table: str, rows: Iterable[list[Any]]) -> dict[str, list[Any]]:
    id_at = by_name()[table].index("id")
    return {row[id_at]: row for row in rows}


def _insert_rows(
    session: Session, table: type[AppendOnlyRecord], rows: list[dict[str, Any]]
) -> None:
    """Insert queued rows, one ``executemany`` per set of keys (``queued_insert``)."""
    insert_rows(session.connection(), table.__table__, rows)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class _Replica:
    id: str
    mode: str


_REPLICA = Replica.__table__
_replica_row = select(_REPLICA.c.id, _REPLICA.c.mode, _REPLICA.c.hlc_last, _REPLICA.c.next_seq)
_save_replica = (
    update(_REPLICA)  # type: ignore[arg-type]
    .where(_REPLICA.c.id == bindparam("replica"))
    .values(hlc_last=bindparam("hlc"), next_seq=bindparam("seq"))
)


AUDIT_TABLE = "audit_log"

INSERT_ORDER = (
    "entries",
    "evidence_files",
    "entry_decisions",
    "publication_rows",
    "publication_late_entries",
    "household_status_changes",
    "audit_log",
)


def _table_name(table: type[AppendOnlyRecord]) -> str:
    return str(table.__table__.name)  # type: ignore[attr-defined]


def _insert_rank(table: type[AppendOnlyRecord]) -> int:
    return INSERT_ORDER.index(_table_name(table))


def _object_type(record: object) -> str:
    table: str = getattr(record, "__tablename__", "record")
    return table[:-1] if table.endswith("s") else table


def _dump(values: dict[str, Any] | None) -> str:
    return "" if values is None else audit_ref.dump(values)
