"""台账检查 in the background: the part of the hash chain written since this machine last looked.

The full check (``jifen verify``, 检查台账) reads every row; this one reads only what is new: the
links written or received since the last check on this computer, and the append-only rows
added since. It remembers, in a small file of the data folder (``chain_watch.json``, not a
ledger table: it is this machine's bookkeeping, not village data), the last link it checked of
each replica (its sequence number and hash) and how far it has read each append-only table
(SQLite's rowid). A new check then

- finds each remembered link unchanged (a link rewritten or deleted since is named);
- checks each new link's hash and that it joins the link before it (for this ledger's own
  replica, with no sequence numbers missing between them);
- reads back every row a new link lists and compares its digest (``chain.row_digests``, the
  same read as when the link was written): a row changed is named, and one of this ledger's
  own that is gone;
- names a row added since that no link lists, where one must (this ledger's own rows, and any
  row in the range of a new link).

A row changed behind the program's back before the last check is not read again: the full
check finds it. The first check on a computer (or after a restore, which gives the ledger a new
replica) reads the most recent links only, about ``FIRST_ROWS`` rows in all. Only when nothing
was found does the check move its marks on, so a problem is named again at every check until it
is dealt with (检查台账 names it in a clerk's words; a backup from before it is restored).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Select, Table, and_, func, literal_column, or_, select
from sqlalchemy.orm import Session

from .chain import Link, hash_holds, row_digests, to_link
from .chain_scope import whole_link
from .row_form import by_name
from .schema import ChainLink, Replica

if TYPE_CHECKING:
    from .ledger import Ledger

STATE_FILE = "chain_watch.json"
FIRST_ROWS = 20_000  # rows the first check on a computer reads: the most recent links
SHOWN = 20  # problems kept in words (the count is whole)
IN_CHUNK = 900
ROWID: ColumnElement[int] = literal_column("rowid")

Key = tuple[str, int]  # (replica, seq)


@dataclass(frozen=True)
class Mark:
    """The last link of a replica checked on this computer."""

    last_seq: int
    hash: str


@dataclass
class WatchState:
    """What this computer has checked of the ledger in its data folder."""

    own: str = ""  # the ledger's own replica then: a restore gives a new one, and a fresh start
    marks: dict[str, Mark] = field(default_factory=dict)
    rowids: dict[str, int] = field(default_factory=dict)  # table -> highest rowid read
    checked_on: str = ""  # the day of the last check (ISO)


@dataclass(frozen=True)
class WatchResult:
    links: int  # new links checked
    rows: int  # rows read back and found as written
    found: int  # problems found
    problems: tuple[str, ...]  # the first ``SHOWN`` of them, in words
    at: dt.datetime
    first: bool  # the first check on this computer: the most recent links only

    @property
    def ok(self) -> bool:
        return self.found == 0


# -- the file ------------------------------------------------------------------------------


def state_path(folder: Path) -> Path:
    return folder / STATE_FILE


def load_state(folder: Path) -> WatchState:
    """The remembered state; a missing or unreadable file is a fresh start."""
    try:
        return _state_of(json.loads(state_path(folder).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return WatchState()


def _state_of(data: dict) -> WatchState:
    """The state the file's data holds (a key missing or of the wrong kind raises)."""
    return WatchState(
        own=str(data["own"]),
        marks={r: Mark(int(m[0]), str(m[1])) for r, m in data["marks"].items()},
        rowids={t: int(n) for t, n in data["rowids"].items()},
        checked_on=str(data.get("checked_on", "")),
    )


def save_state(folder: Path, state: WatchState) -> None:
    """Written whole under a temporary name, then put in place."""
    path = state_path(folder)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(_data_of(state), sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)


def _data_of(state: WatchState) -> dict:
    """The state as the file holds it."""
    return {
        "own": state.own,
        "marks": {r: [m.last_seq, m.hash] for r, m in state.marks.items()},
        "rowids": state.rowids,
        "checked_on": state.checked_on,
    }


def due(folder: Path, today: dt.date) -> bool:
    """Whether today's check has not run yet on this computer."""
    return load_state(folder).checked_on != today.isoformat()


# -- the check -----------------------------------------------------------------------------


def check(ledger: Ledger, first_rows: int = FIRST_ROWS) -> WatchResult:
    """Check what is new in ``ledger`` since the last check on this computer, and remember
    how far it got (reads only; needs no login)."""
    state = load_state(ledger.folder)
    with ledger.read() as session:
        result, new = check_new(session, state, first_rows=first_rows)
    save_state(ledger.folder, new)
    return result


def check_new(
    session: Session,
    state: WatchState,
    now: dt.datetime | None = None,
    first_rows: int = FIRST_ROWS,
) -> tuple[WatchResult, WatchState]:
    """Check what is new since ``state`` in one read transaction; the result, and the state to
    remember (moved on only when nothing was found)."""
    now = now or dt.datetime.now().replace(microsecond=0)
    own = session.scalars(select(Replica.id)).one()
    old = state if state.own == own else WatchState(own=own)
    first = not old.marks
    replicas = _replicas(session)
    # (a township's first check shares the rows among its villages' replicas)
    check = _Check(session, own, max(1, first_rows // max(1, len(replicas))))
    heads = _heads(session)
    for replica in replicas:
        check.links_of(replica, old.marks.get(replica), first)
    if first or not heads:  # (not SQLite: no rowid to go by)
        check.rows(_rows_in_ranges(session, check.ranges))
    else:
        check.rows(_rows_after(session, old.rowids, heads))
    check.leftovers()
    result = WatchResult(
        check.links, check.rows_ok, len(check.problems), tuple(check.problems[:SHOWN]), now, first
    )
    new = WatchState(own, dict(old.marks), dict(old.rowids), now.date().isoformat())
    if result.ok:
        new.marks.update(check.last)
        new.rowids = heads
    return result, new


def _append_only() -> list[Table]:
    return [t.table for t in by_name().values() if not t.mutable]


def _replicas(session: Session) -> list[str]:
    return list(session.scalars(select(ChainLink.replica_id).distinct()))


def _heads(session: Session) -> dict[str, int]:
    """The highest rowid of each append-only table now (0 for an empty one)."""
    if session.get_bind().dialect.name != "sqlite":
        return {}
    return {
        t.name: session.scalar(select(func.coalesce(func.max(ROWID), 0)).select_from(t)) or 0
        for t in _append_only()
    }


@dataclass(frozen=True)
class _Row:
    table: str
    id: str
    replica: str
    seq: int


def _rows_in_ranges(session: Session, ranges: dict[str, list[tuple[int, int]]]) -> list[_Row]:
    """The rows whose sequence numbers lie in the new links' ranges (a scan of each table)."""
    result: list[_Row] = []
    for table in _append_only():
        conditions = [
            and_(table.c.replica_id == replica, table.c.seq.between(lo, hi))
            for replica, spans in ranges.items()
            for lo, hi in _merged(spans)
        ]
        if conditions:
            result += _read(session, table, or_(*conditions))
    return result


def _merged(spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Consecutive ranges as one."""
    current: tuple[int, int] | None = None
    for lo, hi in sorted(spans):
        if current is not None and lo <= current[1] + 1:
            current = (current[0], max(current[1], hi))
            continue
        if current is not None:
            yield current
        current = (lo, hi)
    if current is not None:
        yield current


def _rows_after(session: Session, rowids: dict[str, int], heads: dict[str, int]) -> list[_Row]:
    """The rows added since the last check (their rowid above the one remembered)."""
    result: list[_Row] = []
    for table in _append_only():
        since, head = rowids.get(table.name, 0), heads.get(table.name, 0)
        if head > since:
            result += _read(session, table, ROWID.between(since + 1, head))
    return result


def _read(session: Session, table: Table, where: ColumnElement[bool]) -> list[_Row]:
    stmt = select(table.c.id, table.c.replica_id, table.c.seq).where(where)
    return [_Row(table.name, i, r, s) for i, r, s in session.execute(stmt)]


class _Check:
    """One check's links, the rows they list, and what does not match."""

    def __init__(self, session: Session, own: str, first_rows: int) -> None:
        self.session, self.own, self.first_rows = session, own, first_rows
        self.expected: dict[Key, tuple[str, str]] = {}  # -> (table, digest prefix)
        self.ranges: dict[str, list[tuple[int, int]]] = {}
        self.last: dict[str, Mark] = {}
        self.problems: list[str] = []
        self.links = 0
        self.rows_ok = 0

    # -- links ---------------------------------------------------------------------------

    def links_of(self, replica: str, mark: Mark | None, first: bool) -> None:
        """Check the replica's remembered link and its links after it (on a first check, the
        most recent ones)."""
        previous, links = self._to_check(replica, mark, first)
        for link in links:
            self._link(link, previous)
            previous = link
        if links:
            self.last[replica] = Mark(links[-1].last_seq, links[-1].hash)

    def _to_check(
        self, replica: str, mark: Mark | None, first: bool
    ) -> tuple[Link | None, list[Link]]:
        """The link the new ones join (None: not known) and the new links."""
        if mark is not None and not first:
            previous = self._remembered(replica, mark)
            return previous, _links_after(self.session, replica, mark.last_seq)
        links = _recent_links(self.session, replica, self.first_rows)
        previous = _link_before(self.session, replica, links[0].first_seq) if links else None
        return previous, links

    def _remembered(self, replica: str, mark: Mark) -> Link | None:
        row = self.session.get(ChainLink, (replica, mark.last_seq))
        if row is None or row.hash != mark.hash:
            self.problems.append(_rewritten(replica, mark))
            return None
        return to_link(row)

    def _link(self, link: Link, previous: Link | None) -> None:
        self.links += 1
        where = _where(link.replica_id, link.last_seq)
        if not hash_holds(link):
            self.problems.append(f"{where}被改动过：它的哈希值对不上。")
        if previous is not None:
            self._joins(link, previous, where)
        self._expect(link, where)

    def _joins(self, link: Link, previous: Link, where: str) -> None:
        """Name a link that does not join the one before it, or a gap in this ledger's own."""
        if previous.last_seq + 1 == link.first_seq:
            if link.prev_hash != previous.hash:
                self.problems.append(f"{where}与前一段接不上：前一段或这一段被改写过。")
        elif link.replica_id == self.own:
            self.problems.append(
                f"本机序号 {previous.last_seq + 1}–{link.first_seq - 1} 的哈希链不见了："
                "这段记录的链被删除了。"
            )

    def _expect(self, link: Link, where: str) -> None:
        """Note the rows the link lists and its range, to compare the rows read with."""
        try:
            listed = link.listed()
        except ValueError:
            self.problems.append(f"{where}的记录清单格式不对。")
            listed = []
        for row in listed:
            self.expected[(link.replica_id, row.seq)] = (row.table, row.digest)
        self.ranges.setdefault(link.replica_id, []).append((link.first_seq, link.last_seq))

    # -- rows ----------------------------------------------------------------------------

    def rows(self, rows: Iterable[_Row]) -> None:
        """Compare the rows read with what the links list; name a row no link lists where
        one must."""
        groups: dict[tuple[str, str], list[_Row]] = {}
        for row in rows:
            if (row.replica, row.seq) in self.expected:
                groups.setdefault((row.table, row.replica), []).append(row)
            else:
                self._unlisted(row)
        for (table, replica), group in groups.items():
            self._compare(table, replica, group)

    def _unlisted(self, row: _Row) -> None:
        key = (row.replica, row.seq)
        in_new = any(lo <= row.seq <= hi for lo, hi in self.ranges.get(row.replica, ()))
        if row.replica == self.own or in_new:
            self.problems.append(_not_listed(row, key))

    def _compare(self, table: str, replica: str, group: list[_Row]) -> None:
        if table not in by_name():
            return
        digests = dict(row_digests(self.session, table, [r.id for r in group]))
        for row in group:
            listed = self.expected.pop((replica, row.seq), None)
            if listed is None:  # a second row with the same sequence number
                self._unlisted(row)
                continue
            listed_table, short = listed
            if listed_table == table and digests.get(row.seq, "").startswith(short):
                self.rows_ok += 1
            else:
                self.problems.append(_changed(table, replica, row))

    def leftovers(self) -> None:
        """Rows a new link lists that were not among the rows added since the last check (a
        link that came after its rows): looked up by sequence number; this ledger's own that
        are not here were removed."""
        if not self.expected:
            return
        for table_name, by_replica in self._wanted().items():
            synced = by_name().get(table_name)
            if synced is not None:
                self.rows(_by_seq(self.session, synced.table, by_replica))
        for (replica, seq), (table, _short) in sorted(self.expected.items()):
            if replica == self.own:
                self.problems.append(
                    f"{_what(table)}（{_at((replica, seq))}）不见了：它在程序之外被删除了。"
                )
        self.expected.clear()

    def _wanted(self) -> dict[str, dict[str, list[int]]]:
        """The rows listed and not yet read: table -> replica -> sequence numbers."""
        wanted: dict[str, dict[str, list[int]]] = {}
        for (replica, seq), (table, _short) in self.expected.items():
            wanted.setdefault(table, {}).setdefault(replica, []).append(seq)
        return wanted


def _rewritten(replica: str, mark: Mark) -> str:
    """A link checked before that is now changed or gone, in words."""
    return (
        f"{_where(replica, mark.last_seq)}上次检查时完好，现在被改写或删除了："
        "哈希链在程序之外被改动过。"
    )


def _not_listed(row: _Row, key: Key) -> str:
    """A row no link lists where one must, in words."""
    return f"{_what(row.table)}（{_at(key)}）不在哈希链里：它是绕过程序加进来的（编号 {row.id}）。"


def _changed(table: str, replica: str, row: _Row) -> str:
    """A row that differs from its digest when written, in words."""
    return (
        f"{_what(table)}（{_at((replica, row.seq))}）与写入时不同：它在程序之外被改动过"
        f"（编号 {row.id}）。"
    )


def _by_seq(session: Session, table: Table, by_replica: dict[str, list[int]]) -> list[_Row]:
    result: list[_Row] = []
    for replica, seqs in by_replica.items():
        for start in range(0, len(seqs), IN_CHUNK):
            part = seqs[start : start + IN_CHUNK]
            result += _read(
                session, table, and_(table.c.replica_id == replica, table.c.seq.in_(part))
            )
    return result


def _links_after(session: Session, replica: str, last_seq: int) -> list[Link]:
    stmt = (
        select(ChainLink)
        .where(whole_link(), ChainLink.replica_id == replica, ChainLink.last_seq > last_seq)
        .order_by(ChainLink.last_seq)
    )
    return [to_link(row) for row in session.scalars(stmt)]


def _recent_links(session: Session, replica: str, rows: int) -> list[Link]:
    """The replica's last links, together listing about ``rows`` rows (at least one link)."""
    links: list[Link] = []
    for row in session.scalars(_newest_first(replica)).yield_per(200):
        if links and rows <= 0:
            break
        links.append(to_link(row))
        rows -= row.last_seq - row.first_seq + 1
    return links[::-1]


def _newest_first(replica: str) -> Select[ChainLink]:
    """The replica's whole links, the newest first."""
    return (
        select(ChainLink)
        .where(whole_link(), ChainLink.replica_id == replica)
        .order_by(ChainLink.last_seq.desc())
    )


def _link_before(session: Session, replica: str, first_seq: int) -> Link | None:
    before = _newest_first(replica).where(ChainLink.last_seq < first_seq).limit(1)
    row = session.scalars(before).one_or_none()
    return None if row is None else to_link(row)


def _where(replica: str, last_seq: int) -> str:
    return f"哈希链（副本 {replica[:8]}，到序号 {last_seq}）"


def _what(table: str) -> str:
    """The table as a clerk calls it (loaded only when a problem is named: the check runs at
    start-up)."""
    from .verify.report import TABLE_NAMES

    return TABLE_NAMES.get(table, table)


def _at(key: Key) -> str:
    return f"副本 {key[0][:8]}，序号 {key[1]}"
