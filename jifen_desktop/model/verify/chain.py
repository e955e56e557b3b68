"""``jifen verify``, part 2: the hash chain (``model.chain``).

Every link's hash; the links of each replica joined end to end; the replicas whose whole chain
must be here (this ledger's own, and the ones a restore retired) covering every sequence number
they used, to the last; no link of a replica this ledger never synced with; then every
append-only row against its link. A row no link covers is named unless it was received from
another computer before that computer's chain existed (``chain_scope``): a row past a
replica's chain head, or of a replica this ledger never synced with, was slipped in.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit_decision import is_derived
from ..audit_members import object_of
from ..audit_ref import held, read_form, reference_table
from ..chain import Link, LinkRow, hash_holds
from ..chain_scope import Scope, whole_link
from ..row_form import SyncedTable, digest_bytes, stored_json_rows, to_json_values
from ..schema import AuditRow, ChainLink, EntryDecision
from ..schema.sync import SyncConflict, held_ends
from .digests import Digested, sql_digests
from .listed import PREFIX_BYTES, ListedRows, matches
from .report import TABLE_NAMES, VerifyReport, id_note
from .sql_form import has_rowid
from .village import VillagePart
from .words import describe_missing, describe_row

LINK_COLUMNS = ("replica_id", "first_seq", "last_seq", "prev_hash", "rows", "hash")
# (replica, seq) -> (table, digest prefix) of every row a link lists (``verify.listed``).
Expected = ListedRows
# replica -> (first_seq, last_seq) of every link of it: a row in such a range must be listed.
Covered = dict[str, list[tuple[int, int]]]


@dataclass
class RowChecks:
    """What a row no link lists is judged by: the ranges the links cover, the chain's scope,
    and the (replica, sequence) of the rows counted as received before the chain so far (two
    rows never share one: each took a sequence number of its own)."""

    covered: Covered
    scope: Scope
    unreadable: dict[str, set[str]]  # table -> ids of rows named already (``verify.unreadable``)
    unchained: set[tuple[str, int]] = field(default_factory=set)
    # Audit rows stored as a reference (``audit_ref``) that do not match their link: (table,
    # id of the record referred to, what to say, the audit row's id); ``report_referring``.
    referring: list[tuple[str, str, str, str]] = field(default_factory=list)
    # One village's check (``verify.village``): its part, and the replicas whose links were
    # read (a row of another replica is left to the check of the whole ledger).
    part: VillagePart | None = None
    replicas: frozenset[str] | None = None


def _links(session: Session, replicas: frozenset[str] | None) -> Iterator[Link]:
    columns = [getattr(ChainLink, name) for name in LINK_COLUMNS]
    stmt = select(*columns).where(whole_link()).order_by(ChainLink.replica_id, ChainLink.last_seq)
    if replicas is not None:
        stmt = stmt.where(ChainLink.replica_id.in_(sorted(replicas)))
    # a few at a time: a township's sealing links list 160,000 rows each (the ORM would read
    # every link's text before the first)
    for row in session.execute(stmt.execution_options(yield_per=20)):
        yield Link(*row)


def check_links(
    session: Session, scope: Scope, report: VerifyReport, replicas: frozenset[str] | None = None
) -> Expected:
    """Every link (of ``replicas`` only, if given) against its hash and its neighbours; what
    the links list."""
    for (link_hash,) in session.execute(select(ChainLink.hash).where(~whole_link())):
        report.add(
            "link", f"哈希链 {link_hash} 的序号不是数字：它在程序之外被改动过。", "chain_links"
        )
    expected = Expected()
    previous: Link | None = None
    for link in _links(session, replicas):
        report.links += 1
        if previous is not None and previous.replica_id != link.replica_id:
            _check_end(scope, previous, report)
            previous = None
        if previous is None and link.replica_id not in scope.known:
            report.add(
                "link", f"{_where(link)}属于本台账从没有同步过的副本：这段链是绕过程序加进来的。"
            )
        _check_link(link, previous, scope, report)
        if not expected.add_link(link.replica_id, link.rows):
            _add_odd(link, expected, report)
        previous = link
    if previous is not None:
        _check_end(scope, previous, report)
    for replica_id, end in scope.complete.items():
        if end > 0 and replica_id not in scope.first_seq:
            whose = "本机" if replica_id == scope.own else f"恢复前的副本 {replica_id[:8]} "
            report.add("link", f"{whose}的哈希链不见了：链记录被人删除了。")
    return expected


def _add_odd(link: Link, expected: Expected, report: VerifyReport) -> None:
    """The rows of a link whose list is not as the program writes it, one by one."""
    try:
        listed: list[LinkRow] = link.listed()
    except ValueError:
        listed = []
        report.add("link", f"{_where(link)}的记录清单格式不对。")
    for row in listed:
        expected.add(link.replica_id, row.seq, row.table, row.digest)


def _where(link: Link) -> str:
    return f"哈希链（副本 {link.replica_id[:8]}，序号 {link.first_seq}–{link.last_seq}）"


def _check_link(link: Link, previous: Link | None, scope: Scope, report: VerifyReport) -> None:
    if not hash_holds(link):
        report.add("link", f"{_where(link)}被改动过：它的哈希值对不上。")
    if link.first_seq == 1 and link.prev_hash:
        report.add("link", f"{_where(link)}是第一段，却接在别的链后面。")
    if previous is not None and previous.last_seq + 1 == link.first_seq:
        if link.prev_hash != previous.hash:
            report.add("link", f"{_where(link)}与前一段接不上：前一段或这一段被改写过。")
    elif link.replica_id in scope.complete:
        start = 1 if previous is None else previous.last_seq + 1
        if link.first_seq != start:
            report.add(
                "link",
                f"{_whose(scope, link.replica_id)}序号 {start}–{link.first_seq - 1} 的哈希链不见了："
                "这段记录的链被删除了。",
            )


def _whose(scope: Scope, replica_id: str) -> str:
    return "本机" if replica_id == scope.own else f"恢复前的副本 {replica_id[:8]} "


def _check_end(scope: Scope, last: Link, report: VerifyReport) -> None:
    """This replica's chain ends at its last sequence; a retired one's no earlier than its
    restore recorded, and no later than what came back since (another laptop's bundle)."""
    end = scope.complete.get(last.replica_id)
    if end is None:
        return
    floor = scope.retired.get(last.replica_id, end)
    if not floor <= last.last_seq <= end:
        report.add(
            "link",
            f"{_whose(scope, last.replica_id)}的哈希链停在序号 {last.last_seq}，"
            f"而台账已用到 {floor if last.last_seq < floor else end}："
            "最后的链或副本信息被改动过。",
        )


def covered_ranges(session: Session, replicas: frozenset[str] | None = None) -> Covered:
    covered: Covered = {}
    stmt = select(ChainLink.replica_id, ChainLink.first_seq, ChainLink.last_seq)
    if replicas is not None:
        stmt = stmt.where(ChainLink.replica_id.in_(sorted(replicas)))
    for replica_id, first, last in session.execute(stmt.where(whole_link())):
        covered.setdefault(replica_id, []).append((first, last))
    return covered


def _is_covered(covered: Covered, key: tuple[str, int]) -> bool:
    return any(first <= key[1] <= last for first, last in covered.get(key[0], ()))


def check_rows(
    session: Session,
    synced: SyncedTable,
    expected: Expected,
    checks: RowChecks,
    report: VerifyReport,
) -> None:
    rows = _digested(session, synced, expected, checks.unreadable.get(synced.name), checks.part)
    check_digested(session, synced, rows, (expected, checks), report)


def check_digested(
    session: Session,
    synced: SyncedTable,
    rows: Iterable[Digested],
    against: tuple[Expected, RowChecks],
    report: VerifyReport,
) -> None:
    """Rows of the table (id, replica, seq, digest) against what the links list."""
    expected, checks = against
    take, count, replicas = expected.take, 0, checks.replicas
    for row_id, replica_id, seq, found in rows:
        if replicas is not None and replica_id not in replicas:
            continue  # (one village's check: the row of a replica whose links were not read)
        count += 1
        listed = take(replica_id, seq)
        if listed is None:
            _unlisted(session, synced, row_id, (replica_id, seq), checks, report)
            continue
        table, short = listed
        if table == synced.name and found is not None and found[:PREFIX_BYTES] == short:
            continue  # (the common case, inline: 600,000 rows)
        if table != synced.name or not _holds(session, synced, row_id, short, found):
            _changed(session, synced, row_id, checks, report)
    report.rows += count


def _changed(
    session: Session, synced: SyncedTable, row_id: str, checks: RowChecks, report: VerifyReport
) -> None:
    """A row that does not match its link (an audit row stored as a reference: maybe its
    record changed instead, ``report_referring``)."""
    message = (
        f"{TABLE_NAMES.get(synced.name, synced.name)}{_describe(session, synced, row_id)}"
        f"与写入时不同：它在程序之外被改动过{id_note(row_id)}。"
    )
    referred = _referred(session, synced, row_id)
    if referred is not None:
        checks.referring.append((*referred, message, row_id))
    else:
        report.add("row_changed", message, synced.name, row_id)


def _holds(
    session: Session, synced: SyncedTable, row_id: str, short: bytes | str, found: bytes | None
) -> bool:
    """Whether the row matches the digest prefix its link lists: by the digest SQLite formed
    (``verify.digests``), else (none, or no match) by the row form as the program forms it."""
    if found is not None and matches(short, found):
        return True
    return matches(short, _exact_digest(session, synced, row_id))


def _exact_digest(session: Session, synced: SyncedTable, row_id: str) -> bytes:
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        rows: Iterable[Sequence[Any]] = stored_json_rows(conn, synced, [row_id])
    else:
        cols = [synced.table.c[name] for name in synced.columns]
        typed = session.execute(select(*cols).where(synced.table.c.id == row_id))
        rows = [to_json_values(synced, row) for row in typed]
    for row in read_form(session, synced, rows):
        return formed_digest(row)
    return b""


def formed_digest(values: Sequence[Any]) -> bytes:
    """The row's digest as the program forms it; none (b"", which matches no link) for a row
    holding a value the program never writes (a BLOB put into a text column by hand): the
    row is then named as changed, not a crash of the check."""
    try:
        return digest_bytes(values)
    except (TypeError, ValueError):
        return b""


def _digested(
    session: Session,
    synced: SyncedTable,
    expected: Expected,
    skip: set[str] | None,
    part: VillagePart | None = None,
) -> Iterator[Digested]:
    """(id, replica, seq, digest or None) of the table's rows (of one village's, ``part``):
    formed by SQLite where it is one (the common case, ``verify.digests``); rows named
    already as unreadable (``skip``) are left out, and are not "missing" from their link
    either."""
    conn = session.connection()
    if not skip and not part and conn.dialect.name == "sqlite" and has_rowid(conn, synced.name):
        yield from sql_digests(conn, synced)
        return
    stmt = select(*[synced.table.c[name] for name in synced.columns])
    if part is not None:
        stmt = part.rows(synced, stmt)
    if skip:
        stmt = stmt.where(synced.table.c.id.not_in(skip))
        rows_skipped = select(synced.table.c.replica_id, synced.table.c.seq).where(
            synced.table.c.id.in_(skip)
        )
        for replica_id, seq in session.execute(rows_skipped):
            expected.take(replica_id, seq)
    yield from program_digests(session, synced, stmt)


def program_digests(session: Session, synced: SyncedTable, stmt: Any) -> Iterator[Digested]:
    """(id, replica, seq, digest) of the rows ``stmt`` selects (the table's columns), each
    formed the program's way (``row_form``)."""
    id_at, replica_at, seq_at = synced.index("id"), synced.index("replica_id"), synced.index("seq")
    for row in read_form(session, synced, session.execute(stmt).yield_per(5000)):
        values = to_json_values(synced, row)
        yield values[id_at], values[replica_at], values[seq_at], formed_digest(values)


def _referred(session: Session, synced: SyncedTable, row_id: str) -> tuple[str, str] | None:
    """(table, id) of the record an audit row is stored as a reference to, if it is (a
    decision's row stored derived: its entry, ``audit_decision``)."""
    if synced.name != "audit_log":
        return None
    stored = session.execute(
        select(AuditRow.after_json, AuditRow.object_id, AuditRow.before_json).where(
            AuditRow.id == row_id
        )
    ).first()
    if stored is None:
        return None
    table = "entries" if is_derived(stored[2]) else reference_table(stored[0])
    return None if table is None else (table, stored[1])


def report_referring(session: Session, checks: RowChecks, report: VerifyReport) -> None:
    """An audit row that refers to a record reads that record: a record changed or removed
    behind the program's back changes the row too. The record is named (as before such rows
    existed); the audit row when its record is here and unchanged, or is not here while no
    row of its table is named missing (the row itself was altered: its record's id, say)."""
    named = {(f.table, f.record_id) for f in report.findings if f.kind == "row_changed"}
    missing = {f.table for f in report.findings if f.kind == "row_missing"}
    for table, record_id, message, row_id in checks.referring:
        if (table, record_id) in named:
            continue
        if table in missing and not held(session, table, record_id):
            continue  # (its record was deleted: named missing already)
        report.add("row_changed", message, "audit_log", row_id)


def _unlisted(
    session: Session,
    synced: SyncedTable,
    record_id: str,
    key: tuple[str, int],
    checks: RowChecks,
    report: VerifyReport,
) -> None:
    """A row no link lists: received before its replica's chain existed, or slipped in."""
    covered = _is_covered(checks.covered, key)
    if not covered and checks.scope.unchained_ok(*key) and key not in checks.unchained:
        checks.unchained.add(key)
        report.unchained += 1
        return
    if covered:
        why = "不在哈希链里：它是绕过程序加进来的。"
    elif key in checks.unchained:
        why = "与另一条同步来的记录序号相同：它是绕过程序加进来的。"
    else:
        why = checks.scope.why_outside(*key)
    report.add(
        "row_unlisted",
        f"{TABLE_NAMES.get(synced.name, synced.name)}{_describe(session, synced, record_id)}"
        f"{why.rstrip('。')}{id_note(record_id)}。",
        synced.name,
        record_id,
    )


def _describe(session: Session, synced: SyncedTable, record_id: str) -> str:
    """What a clerk recognises the row by: household, date, item, points; a decision by its
    entry; an audit row by its action; in words (``verify.words``). The row is read as the
    program reads it."""
    cols = [synced.table.c[name] for name in synced.columns]
    typed = session.execute(select(*cols).where(synced.table.c.id == record_id)).first()
    values = dict(zip(synced.columns, typed, strict=True)) if typed is not None else {}
    return describe_row(session, synced.name, values)


def report_missing(
    session: Session,
    expected: Expected,
    scope: Scope,
    report: VerifyReport,
    replicas: frozenset[str] | None = None,
) -> None:
    """Rows a link lists that are not here: removed, unless this database never held them (a
    link that came with a few rows of a transaction) or a merge set them aside. A decision of
    another computer may have been set aside by a merge on a third computer (an earlier
    decision on the same entry stands there and here); one whose entry has no decision here
    was deleted (``_decided_otherwise``). Of ``replicas`` only, if given (one village's)."""
    if not expected:
        return
    held = {**held_ends(session), **scope.complete}
    aside = _set_aside(session)
    for replica_id, seq, table in expected.left():
        if replicas is not None and replica_id not in replicas:
            continue
        if seq > held.get(replica_id, 0) or (replica_id, seq) in aside:
            continue
        other_decision = table == "entry_decisions" and replica_id != scope.own
        if other_decision and _decided_otherwise(session, replica_id, seq):
            continue
        report.add(
            "row_missing",
            f"{TABLE_NAMES.get(table, table)}{describe_missing(session, table, replica_id, seq)}"
            f"不见了：它在程序之外被删除了（副本 {replica_id[:8]}，序号 {seq}）。",
            table,
        )


def _decided_otherwise(session: Session, replica_id: str, seq: int) -> bool:
    """Whether the entry of a missing decision has another decision here. Every decision is
    followed, in the same transaction, by its audit row naming the entry (``entries.decide``),
    and that row is chained: a decision set aside for an earlier one leaves its entry decided,
    one deleted by hand leaves it pending."""
    entry_id = session.scalar(
        select(AuditRow.object_id).where(
            AuditRow.replica_id == replica_id,
            AuditRow.seq == seq + 1,
            AuditRow.action.startswith("entry."),
        )
    )
    if entry_id is None:  # a township keeps other replicas' audit rows as members
        entry_id = object_of(session.connection(), replica_id, seq + 1, "entry.")
    if entry_id is None:
        return False
    return (
        session.scalar(select(EntryDecision.id).where(EntryDecision.entry_id == entry_id).limit(1))
        is not None
    )


def _set_aside(session: Session) -> set[tuple[str, int]]:
    aside = set()
    for (remote,) in session.execute(select(SyncConflict.remote_json)):
        values = json.loads(remote)
        if "replica_id" in values and "seq" in values:
            aside.add((values["replica_id"], values["seq"]))
    return aside
