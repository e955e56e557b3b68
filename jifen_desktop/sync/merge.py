"""Merging a bundle's rows into this database, or only counting what would happen (dry run).

* Append-only records (entries, decisions, redemptions, audit rows ...) are inserted once; one
  that arrives with the id of a record held here but different content is a *conflict*: the
  local record stays, the arriving one is kept in ``sync_conflicts`` and shown to the user.
* Mutable records (households, rules, goods, sessions ...) merge last-writer-wins by
  (clock, replica, value digest): the greater wins on every replica, whatever the order. Equal
  clock and replica with different content is a conflict (no program writes that). A delete is
  a tombstone flag and merges like any other change.
* A second decision on an entry (or a second return of a redemption) made on another laptop is
  a conflict too: one entry has one decision.

Rows go in table by table in foreign-key order, with foreign keys checked at commit, through
the model's bulk writer (``model.bulk_sqlite.RowWriter``: ``executemany`` on SQLite, ``COPY`` on
PostgreSQL, Core updates); on PostgreSQL most new rows go set-based instead (``merge_pg``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jifen_desktop.model import hlc
from jifen_desktop.model.audit_members import MemberWriter, held_rows
from jifen_desktop.model.audit_ref import read_form
from jifen_desktop.model.bulk_sqlite import RowWriter, rows_where_in
from jifen_desktop.model.errors import Cancelled
from jifen_desktop.model.ids import new_id
from jifen_desktop.model.row_form import (
    SyncedTable,
    by_name,
    canonical,
    digest,
    synced_tables,
)
from jifen_desktop.model.schema import Replica
from jifen_desktop.model.schema.sync import SyncConflict

from .bundle_file import OpenedBundle
from .chain_links import ChainCheck
from .errors import BundleRefused
from .listed_conflicts import ListedConflicts
from .trust import WriteRights
from .withheld import HashKeeper

MAX_FUTURE_MS = 24 * 3600 * 1000
# One record per parent: a second one arriving is a conflict, not a second row.
ONE_PER_PARENT = {"entry_decisions": "entry_id", "redemption_returns": "redemption_id"}
# Of two decisions on one entry, the one made first stands on every replica (then the replica,
# then the id, so that equal times still pick one). A return moves stock, so the return held
# here stays and the other is only listed (its stock movements would be counted twice).
FIRST_WINS = {"entry_decisions": "decided_at"}
# The column of a new or changed row naming what it touches (``MergeReport.touch``).
TOUCHED = {
    "households": "id",
    "members": "household_id",
    "entries": "household_id",
    "household_status_changes": "household_id",
    "entry_decisions": "entry_id",
    "redemptions": "household_id",
    "redemption_returns": "household_id",
}
SEARCHED = frozenset({"households", "members"})  # their household's search keys change
TOTALLED = frozenset({"households", "entries", "household_status_changes"})
PERSONS = frozenset({"members", "redemptions", "redemption_returns"})  # the village's persons


@dataclass
class TableCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0  # the local record is newer and stays
    conflicts: int = 0


@dataclass(frozen=True)
class Conflict:
    table: str
    record_id: str
    why: str
    local: dict[str, Any]
    remote: dict[str, Any]


@dataclass
class MergeReport:
    tables: dict[str, TableCounts] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    max_hlc: int = 0
    households: set[str] = field(default_factory=set)  # search keys to make again
    totalled: set[str] = field(default_factory=set)  # households whose summaries may change
    decided: set[str] = field(default_factory=set)  # entries with a new or changed decision
    persons: set[str] = field(default_factory=set)  # households whose persons' figures change

    def touch(self, table: str, ids: Iterable[str]) -> None:
        """Note what new or changed rows of ``table`` name (their ``TOUCHED`` column): the
        households whose search keys or summaries (``model.summaries``) change, and decided
        entries. A household's members (分户/合户 move them) change no household or person
        total (a person's figures follow the entries naming them, whatever household holds
        them now); they, and redemptions, change their village's persons' row (``persons``)."""
        ids = list(ids)
        if table in SEARCHED:
            self.households.update(ids)
        if table in TOTALLED:
            self.totalled.update(ids)
        if table in PERSONS:
            self.persons.update(ids)
        if table == "entry_decisions":
            self.decided.update(ids)

    def total(self, what: str) -> int:
        return sum(getattr(c, what) for c in self.tables.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "new": self.total("new"),
            "updated": self.total("updated"),
            "unchanged": self.total("unchanged"),
            "older": self.total("older"),
            "conflicts": self.total("conflicts"),
            "tables": {name: vars(c) for name, c in self.tables.items() if any(vars(c).values())},
        }


@dataclass
class Chunk:
    inserts: list[list[Any]] = field(default_factory=list)  # rows as the bundle gives them
    updates: list[list[Any]] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)  # ids of rows an earlier one displaces


class Merger:
    """Merges one opened, verified bundle; ``apply=False`` only counts."""

    def __init__(
        self,
        session: Session,
        bundle: OpenedBundle,
        *,
        apply: bool,
        rights: WriteRights | None,
        now_ms: int,
        cancelled: Callable[[], bool] | None = None,
        chain: ChainCheck | None = None,
    ) -> None:
        self.session = session
        self.chain = chain
        self.conn = session.connection()
        self.bundle = bundle
        self.apply = apply
        self.rights = rights
        township = session.scalar(select(Replica.mode)) == "township"
        self.hashes = HashKeeper(township)
        # A township keeps other replicas' audit rows as members (``model.audit_members``).
        self.township = township
        village_id = rights.village.id if rights is not None else None
        self.members = (
            MemberWriter(self.conn, bundle.manifest["bundle_id"], village_id)
            if apply and township
            else None
        )
        self.latest_allowed = now_ms + MAX_FUTURE_MS
        self.cancelled = cancelled
        self.report = MergeReport()
        self.listed = ListedConflicts(session)

    def run(self, progress: Callable[[float, str], None]) -> MergeReport:
        present = set(self.bundle.data_tables())
        unknown = present - set(by_name())
        if unknown:
            raise self._refuse(
                f"里面有本程序不认识的数据“{sorted(unknown)[0]}”，可能来自更新的版本，请先升级本程序"
            )
        tables = [t for t in synced_tables() if t.name in present]
        for number, synced in enumerate(tables):
            progress(number / max(len(tables), 1), f"正在核对 {synced.name}")
            counts = self.report.tables.setdefault(synced.name, TableCounts())
            for columns, rows, lines in self.bundle.rows_and_lines(synced.name):
                if self.cancelled is not None and self.cancelled():
                    raise Cancelled("已取消导入，本库没有任何改动。")
                ordered = self._reorder(synced, columns, rows)
                self._merge_chunk(synced, ordered, lines if ordered is rows else None, counts)
        if self.members is not None:
            self.members.flush()
        if self.apply:
            self.hashes.fill(self.session)
        return self.report

    # -- checks ----------------------------------------------------------------------------

    def _refuse(self, why: str) -> BundleRefused:
        return BundleRefused(f"同步包 {self.bundle.path.name} 不能导入：{why}。本库没有任何改动。")

    def _reorder(
        self, synced: SyncedTable, columns: list[str], rows: list[list[Any]]
    ) -> list[list[Any]]:
        """Rows in this program's column order; a column an older program did not write gets
        its default (or none, where it may be empty), a column this program does not know
        refuses the bundle."""
        if columns == list(synced.columns):
            return rows
        extra = set(columns) - set(synced.columns)
        if extra:
            raise self._refuse(
                f"表 {synced.name} 有本程序不认识的列“{sorted(extra)[0]}”，请先升级本程序"
            )
        at = {name: i for i, name in enumerate(columns)}
        fill: dict[str, Any] = {}
        for name in synced.columns:
            if name in at:
                continue
            column = synced.table.c[name]
            if column.default is not None and column.default.is_scalar:
                fill[name] = column.default.arg  # type: ignore[attr-defined]
            elif column.nullable:  # added later and may be empty: honour_awards.member_id
                fill[name] = None
            else:
                raise self._refuse(f"表 {synced.name} 缺少列“{name}”")
        return [[row[at[n]] if n in at else fill[n] for n in synced.columns] for row in rows]

    def _check_rows(
        self, synced: SyncedTable, rows: list[list[Any]], local: dict[str, list[Any]]
    ) -> None:
        """Whether the signer may write these rows (``trust``; a township's key writes none),
        and every stamp."""
        if self.rights is None:
            raise self._refuse("乡镇的同步包不带村里的记录")
        self.rights.check_rows(synced, rows, local)
        if synced.mutable:  # (an append-only row carries no clock)
            for values in rows:
                self._check_stamp(synced, values)

    def _check_stamp(self, synced: SyncedTable, values: list[Any]) -> None:
        """A mutable row's clock: not more than a day ahead of this computer's."""
        stamp = values[synced.index("hlc")]
        if not isinstance(stamp, int) or hlc.unpack(stamp)[0] > self.latest_allowed:
            when = (
                dt.datetime.fromtimestamp(hlc.unpack(stamp)[0] / 1000)
                if isinstance(stamp, int)
                else stamp
            )
            raise self._refuse(
                f"有记录的修改时间（{when:%Y-%m-%d %H:%M}）比本机时间晚一天以上，"
                "可能是对方或本机电脑的日期设错了。请核对两台电脑的日期时间，改正后重新导入"
            )
        self.report.max_hlc = max(self.report.max_hlc, stamp)

    # -- merging ---------------------------------------------------------------------------

    def _local(self, synced: SyncedTable, rows: list[list[Any]]) -> dict[str, list[Any]]:
        """The records held here with the ids of ``rows``; in a township, audit rows held in
        members too (found by replica and sequence number)."""
        id_at = synced.index("id")
        ids = [row[id_at] for row in rows]
        held = read_form(self.conn, synced, rows_where_in(self.conn, synced, "id", ids))
        local = {row[id_at]: list(row) for row in held}  # audit rows in full: ``audit_ref``
        if self.township and synced.name == "audit_log":
            replica_at, seq_at, _id_at = chained_at(synced.name)
            local.update(held_rows(self.conn, ((row[replica_at], row[seq_at]) for row in rows)))
        return local

    def _taken(self, synced: SyncedTable, rows: list[list[Any]]) -> dict[str, list[Any]]:
        """For a one-per-parent table: parent id -> the local row that already has it."""
        column = ONE_PER_PARENT.get(synced.name)
        if column is None:
            return {}
        at = synced.index(column)
        parents = sorted({row[at] for row in rows})
        return {row[at]: row for row in rows_where_in(self.conn, synced, column, parents)}

    def _merge_chunk(
        self,
        synced: SyncedTable,
        rows: list[list[Any]],
        lines: list[bytes] | None,
        counts: TableCounts,
    ) -> None:
        """``lines``: the rows' JSON lines as the bundle holds them (None when reordered)."""
        local = self._local(synced, rows)
        self._check_rows(synced, rows, local)
        rows = self.hashes.adjust(synced, rows, local)
        taken = self._taken(synced, rows)
        chunk = Chunk()
        if not local and not taken and _distinct(synced, rows):
            self._all_new(synced, rows, lines, counts, chunk)
        else:
            self._row_by_row(synced, rows, lines, counts, chunk, (local, taken))
        if self.apply:
            _write(RowWriter(self.conn, synced), chunk)

    def _all_new(
        self,
        synced: SyncedTable,
        rows: list[list[Any]],
        lines: list[bytes] | None,
        counts: TableCounts,
        chunk: Chunk,
    ) -> None:
        """A chunk of which nothing is held here and no id (nor parent, where one per parent
        is allowed) comes twice, the usual chunk of a first load: every row new, the same
        steps as ``_row_by_row`` takes for each, without its per-row decisions."""
        counts.new += len(rows)
        kept = self._notes(synced, rows, lines)
        if self._kept_as_members(synced):
            for values, line in zip(rows, kept, strict=True):
                self._insert(synced, values, line, chunk)
        else:
            chunk.inserts.extend(rows)
        self._touch_all(synced, rows)

    def _notes(
        self, synced: SyncedTable, rows: list[list[Any]], lines: list[bytes] | None
    ) -> list[bytes | None]:
        """``_note`` of every row (a chunk at once)."""
        if self.chain is None or synced.mutable:
            return [None] * len(rows)
        note, name = self.chain.note, synced.name
        replica_at, seq_at, id_at = chained_at(name)
        if lines is None:
            for v in rows:
                note(name, v[replica_at], v[seq_at], v[id_at], v, None)
            return [None] * len(rows)
        return [
            line if note(name, v[replica_at], v[seq_at], v[id_at], v, line) else None
            for v, line in zip(rows, lines, strict=True)
        ]

    def _row_by_row(
        self,
        synced: SyncedTable,
        rows: list[list[Any]],
        lines: list[bytes] | None,
        counts: TableCounts,
        chunk: Chunk,
        held: tuple[dict[str, list[Any]], dict[str, list[Any]]],
    ) -> None:
        """Each row against the record of its id held here (``held``: those records, and for
        a one-per-parent table the parents' records)."""
        local, taken = held
        id_at = synced.index("id")
        parent_at = (
            synced.index(ONE_PER_PARENT[synced.name]) if synced.name in ONE_PER_PARENT else None
        )
        fresh: list[list[Any]] = []  # new rows, for ``_touch_all``
        for number, values in enumerate(rows):
            record_id = values[id_at]
            mine = local.get(record_id)
            line = None
            if mine is None or (not synced.mutable and canonical(mine) != canonical(values)):
                line = self._note(synced, values, lines[number] if lines is not None else None)
            if mine is None:
                if parent_at is not None:
                    other = taken.get(values[parent_at])
                    if other is not None:
                        self._second_of_parent(synced, other, values, counts, chunk)
                        continue
                    taken[values[parent_at]] = values
                counts.new += 1
                self._insert(synced, values, line, chunk)
                local[record_id] = values
                fresh.append(values)
            elif canonical(mine) == canonical(values):
                counts.unchanged += 1
            elif not synced.mutable:
                self._conflict(synced, record_id, "同一条记录在两边内容不同", mine, values, counts)
            else:
                self._lww(synced, record_id, mine, values, counts, chunk)
        self._touch_all(synced, fresh)

    def _note(self, synced: SyncedTable, values: list[Any], line: bytes | None) -> bytes | None:
        """An append-only row arriving: the hash chain checks it (``chain_links``). The line
        if it hashes to what its link lists (kept as it is in a township's members)."""
        return self._notes(synced, [values], None if line is None else [line])[0]

    def _kept_as_members(self, synced: SyncedTable) -> bool:
        """Whether ``synced``'s new rows go into the bundle's audit members (a township's
        audit rows), not into the table."""
        return self.members is not None and synced.name == "audit_log"

    def _insert(
        self, synced: SyncedTable, values: list[Any], line: bytes | None, chunk: Chunk
    ) -> None:
        """A new row: into its table; in a township, an audit row into the bundle's members
        as its canonical line."""
        if self._kept_as_members(synced):
            assert self.members is not None
            self.members.add(values, line if line is not None else canonical(values).encode())
        else:
            chunk.inserts.append(values)

    def _second_of_parent(
        self,
        synced: SyncedTable,
        held: list[Any],
        values: list[Any],
        counts: TableCounts,
        chunk: Chunk,
    ) -> None:
        """A second decision on an entry (or return of a redemption) made on another laptop:
        the first made stands, here and everywhere; the other is kept in the conflict list."""
        at = FIRST_WINS.get(synced.name)
        why = "这条记录在两台电脑上各有一个处理结果" + ("，以先作出的为准" if at else "")
        if at is None or _first_key(synced, at, held) <= _first_key(synced, at, values):
            self._conflict(synced, values[synced.index("id")], why, held, values, counts)
            return
        counts.updated += 1
        chunk.deletes.append(held[synced.index("id")])
        chunk.inserts.append(values)
        self._touch(synced, values)
        self._conflict(synced, held[synced.index("id")], why, values, held, counts)

    def _lww(
        self,
        synced: SyncedTable,
        record_id: str,
        mine: list[Any],
        values: list[Any],
        counts: TableCounts,
        chunk: Chunk,
    ) -> None:
        hlc_at, by_at = synced.index("hlc"), synced.index("changed_by_replica")
        if (mine[hlc_at], mine[by_at]) == (values[hlc_at], values[by_at]):
            self._conflict(synced, record_id, "同一次修改在两边内容不同", mine, values, counts)
            return
        local_key = (mine[hlc_at], mine[by_at], digest(mine))
        remote_key = (values[hlc_at], values[by_at], digest(values))
        if remote_key < local_key:
            counts.older += 1
            return
        counts.updated += 1
        chunk.updates.append(values)
        self._touch(synced, values)

    def _touch(self, synced: SyncedTable, values: list[Any]) -> None:
        self._touch_all(synced, [values])

    def _touch_all(self, synced: SyncedTable, rows: list[list[Any]]) -> None:
        column = TOUCHED.get(synced.name)
        if column is not None and rows:
            at = synced.index(column)
            self.report.touch(synced.name, [values[at] for values in rows])

    def _conflict(
        self,
        synced: SyncedTable,
        record_id: str,
        why: str,
        mine: list[Any],
        values: list[Any],
        counts: TableCounts,
    ) -> None:
        local = dict(zip(synced.columns, mine, strict=True))
        remote = dict(zip(synced.columns, values, strict=True))
        if self.listed.again(synced.name, record_id, local, remote):
            counts.unchanged += 1  # listed before: it arrived again
            return
        counts.conflicts += 1
        self.report.conflicts.append(Conflict(synced.name, record_id, why, local, remote))
        if self.apply:
            self.session.add(
                SyncConflict(
                    id=new_id(),
                    bundle_id=self.bundle.manifest["bundle_id"],
                    table_name=synced.name,
                    record_id=record_id,
                    reason=why,
                    local_json=json.dumps(local, ensure_ascii=False),
                    remote_json=json.dumps(remote, ensure_ascii=False),
                    found_at=dt.datetime.now().replace(microsecond=0),
                )
            )


def _write(writer: RowWriter, chunk: Chunk) -> None:
    if chunk.deletes:
        writer.delete(chunk.deletes)
    if chunk.inserts:
        writer.insert(chunk.inserts)
    if chunk.updates:
        writer.update(chunk.updates)


@cache
def chained_at(table: str) -> tuple[int, int, int]:
    """Where an append-only row holds its replica, sequence number and id (by the table's
    name: a name's hash is kept, a ``SyncedTable``'s is made again on every call)."""
    synced = by_name()[table]
    return synced.index("replica_id"), synced.index("seq"), synced.index("id")


def _distinct(synced: SyncedTable, rows: list[list[Any]]) -> bool:
    """Whether no id (nor parent, in a one-per-parent table) comes twice in ``rows``."""
    for column in ("id", ONE_PER_PARENT.get(synced.name)):
        if column is not None:
            at = synced.index(column)
            if len({values[at] for values in rows}) != len(rows):
                return False
    return True


def _first_key(synced: SyncedTable, at: str, values: list[Any]) -> tuple[str, str, str]:
    return (
        str(values[synced.index(at)]),
        str(values[synced.index("replica_id")]),
        str(values[synced.index("id")]),
    )
