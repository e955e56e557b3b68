"""``jifen verify``, part 4: the records that may change (households, members, rule items,
goods, sessions ...) against their audit log.

Every change the program makes to such a record stamps it (hybrid clock, replica, sequence) and
writes an audit row holding the record's values after the change, stamp included; the audit
rows are in the hash chain. So the audit row carrying a record's current stamp must hold the
record's current values. A record edited behind the program's back (an SQLite editor) either
keeps its stamp and then differs from that audit row, or got a stamp no audit row carries.

A record no audit row mentions at all was inserted behind the program's back, unless it is one
of those made before every change was audited (rule items copied from the template by the first
versions: ``chain_scope.Scope.may_be_unaudited``); those are counted, not named. A record the
audit log has values of but the table lacks was deleted behind the program's back (the program
never removes a record that may change: a delete is a tombstone). A password hash is masked in
the audit log, so it is not compared.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import select, union_all
from sqlalchemy.orm import Session

from ..audit_members import any_members
from ..audit_ref import expand_texts
from ..chain_scope import Scope
from ..row_form import SyncedTable, synced_tables, to_json_values
from ..schema import AuditRow
from .afters import KeptAfters, parse_after, stamps_of
from .legacy import stamped_by_old_program
from .report import VerifyReport, changed_fields, id_note, record_label
from .village import VillagePart

IN_CHUNK = 900
UNAUDITED_STAMP = " 的修改时间戳没有对应的审计记录：它在程序之外被改动过"
NOT_COMPARED = {"password_hash"}


def check_records(
    session: Session,
    scope: Scope,
    report: VerifyReport,
    skip: dict[str, set[str]],
    kept: Mapping[str, list[tuple[str, str]]] | None = None,
    part: VillagePart | None = None,
) -> None:
    """Every record of every mutable table (of one village's, ``part``) against its audit
    rows, then the records the audit log has that are gone; counts in ``report.records`` and
    ``report.unaudited``. Records in ``skip`` (a value the program cannot read: named
    already) are left out; ``kept``: the after-values of a township's audit members by record
    (``verify.members``)."""
    legacy: list[tuple[SyncedTable, list[Any]]] = []
    for synced in _mutable():
        records = _records_with_audit(session, synced, (skip.get(synced.name), part), kept)
        for values, afters in records:
            report.records += 1
            if afters:
                problem = _compare_stamped(session, synced, values, afters)
                _name(session, report, synced, values, problem)
            elif _may_be_unaudited(scope, synced, values):
                legacy.append((synced, values))
            else:
                _name(session, report, synced, values, "没有任何审计记录：它是绕过程序加进来的")
    _check_legacy(session, legacy, report)
    _check_gone(session, report, kept or {}, part)


def _name(
    session: Session, report: VerifyReport, synced: SyncedTable, values: list[Any], problem: str
) -> None:
    if problem:
        named = dict(zip(synced.columns, values, strict=True))
        report.add(
            "record",
            f"{record_label(synced.name, named, session)}{'' if problem[0] == ' ' else ' '}"
            f"{problem}"
            f"{id_note(named['id'])}。",
            synced.name,
            named["id"],
        )


def _may_be_unaudited(scope: Scope, synced: SyncedTable, values: list[Any]) -> bool:
    return scope.may_be_unaudited(
        values[synced.index("changed_by_replica")],
        values[synced.index("change_seq")],
        values[synced.index("hlc")],
    )


def _check_legacy(
    session: Session, legacy: list[tuple[SyncedTable, list[Any]]], report: VerifyReport
) -> None:
    """Records made before every change was audited are counted; but each change took a
    sequence number of its own, so one whose number another record or row also has is a copy
    made behind the program's back."""
    keys = {
        (values[synced.index("changed_by_replica")], values[synced.index("change_seq")])
        for synced, values in legacy
    }
    twice = _taken_twice(session, keys)
    for synced, values in legacy:
        key = (values[synced.index("changed_by_replica")], values[synced.index("change_seq")])
        if key in twice:
            _name(
                session,
                report,
                synced,
                values,
                "没有任何审计记录，修改序号又与别的记录相同：它是绕过程序加进来的",
            )
        else:
            report.unaudited += 1


def _taken_twice(session: Session, keys: set[tuple[str, int]]) -> set[tuple[str, int]]:
    """Of ``keys`` (replica, sequence), those more than one record or row carries."""
    wanted: dict[str, list[int]] = {}
    for replica_id, seq in keys:
        wanted.setdefault(replica_id, []).append(seq)
    seen: Counter[tuple[str, int]] = Counter()
    for synced in synced_tables():
        for replica_id, seqs in wanted.items():
            for start in range(0, len(seqs), IN_CHUNK):
                stmt = select(synced.seq_column).where(
                    synced.origin_column == replica_id,
                    synced.seq_column.in_(seqs[start : start + IN_CHUNK]),
                )
                seen.update((replica_id, seq) for (seq,) in session.execute(stmt))
    return {key for key, count in seen.items() if count > 1}


def _check_gone(
    session: Session,
    report: VerifyReport,
    kept: Mapping[str, list[tuple[str, str]]],
    part: VillagePart | None = None,
) -> None:
    """Records an audit row (of the village's, ``part``) holds the values of (a create or a
    change) that are not here; a township's audit members' rows too (``kept``, by record)."""
    tables = {_object_type(t.name): t.name for t in synced_tables() if t.mutable}
    held = union_all(*(select(t.table.c.id) for t in synced_tables() if t.mutable)).subquery()
    stmt = (
        select(AuditRow.object_type, AuditRow.object_id, AuditRow.after_json)
        .where(
            AuditRow.object_type.in_(tables),
            AuditRow.after_json.like('%"hlc":%'),
            AuditRow.object_id.not_in(select(held.c.id)),
        )
        .order_by(AuditRow.replica_id, AuditRow.seq)
    )
    if part is not None:
        stmt = stmt.where(AuditRow.village_id == part.id)
    gone: dict[str, tuple[str, dict[str, Any]]] = {}
    rows = [*session.execute(stmt), *_kept_gone(session, kept, tables)]
    for object_type, object_id, after_json in rows:
        after = parse_after(after_json) or {}
        if object_id not in gone or _stamp(after) >= _stamp(gone[object_id][1]):
            gone[object_id] = (tables[object_type], after)
    for object_id, (table, after) in sorted(gone.items()):
        report.add(
            "record",
            f"{record_label(table, after, session)} 不见了：审计记录里有它，台账里却没有，"
            f"它在程序之外被删除了{id_note(object_id)}。",
            table,
            object_id,
        )


def _kept_gone(
    session: Session, kept: Mapping[str, list[tuple[str, str]]], tables: dict[str, str]
) -> Iterator[tuple[str, str, str]]:
    """(object_type, object_id, after_json) of the members' rows whose record is not here."""
    ids = sorted(kept)
    held: set[str] = set()
    for start in range(0, len(ids), IN_CHUNK):
        part = ids[start : start + IN_CHUNK]
        found = union_all(*(select(t.table.c.id).where(t.table.c.id.in_(part)) for t in _mutable()))
        held.update(session.scalars(found))
    for object_id in ids:
        if object_id in held:
            continue
        for object_type, text in kept[object_id]:
            if object_type in tables:
                yield object_type, object_id, text


def record_afters(session: Session, part: VillagePart | None = None) -> KeptAfters:
    """What keeps the after-values of a township's member lines that this check may use
    (``verify.afters``): the ids and stamps of the records held (of one village's), read
    first."""
    if not any_members(session.connection()):
        return KeptAfters({}, frozenset())

    def held(synced: SyncedTable) -> Any:
        stmt = select(synced.table.c.id, synced.table.c.hlc)
        return stmt if part is None else part.rows(synced, stmt)

    rows = (
        (record_id, stamp)
        for synced in _mutable()
        for record_id, stamp in session.execute(held(synced))
    )
    return KeptAfters(stamps_of(rows), frozenset(_object_type(t.name) for t in _mutable()))


def _mutable() -> list[SyncedTable]:
    return [t for t in synced_tables() if t.mutable]


def _stamp(after: dict[str, Any]) -> int:
    value = after.get("hlc")
    return value if isinstance(value, int) else 0


def _object_type(table: str) -> str:
    """The audit log's name for a record of ``table`` (``Tx``: households -> household)."""
    return table[:-1] if table.endswith("s") else table


def _records_with_audit(
    session: Session,
    synced: SyncedTable,
    skip_part: tuple[set[str] | None, VillagePart | None],
    kept: Mapping[str, list[tuple[str, str]]] | None = None,
) -> Iterator[tuple[list[Any], list[dict[str, Any]]]]:
    """Each record of the table (of one village's, if a part is given; JSON-ready values)
    with the after-values of its audit rows."""
    skip, village = skip_part
    cols = [synced.table.c[name] for name in synced.columns]
    id_at = synced.index("id")
    stmt = select(*cols) if village is None else village.rows(synced, select(*cols))
    if skip:
        stmt = stmt.where(synced.table.c.id.not_in(skip))
    # (a few at a time: a township holds some 130,000 households and persons)
    for chunk in session.execute(stmt.execution_options(yield_per=IN_CHUNK)).partitions():
        part = [to_json_values(synced, row) for row in chunk]
        afters: dict[str, list[dict[str, Any]]] = {}
        stmt = select(AuditRow.object_id, AuditRow.after_json).where(
            AuditRow.object_id.in_([row[id_at] for row in part])
        )
        pairs = [(object_id, text) for object_id, text in session.execute(stmt)]
        pairs += [
            (row[id_at], text) for row in part for _t, text in (kept or {}).get(row[id_at], ())
        ]
        for (object_id, _text), after_json in zip(pairs, expand_texts(session, pairs), strict=True):
            after = parse_after(after_json)
            if after is not None:
                afters.setdefault(object_id, []).append(after)
        for row in part:
            yield row, afters.get(row[id_at], [])


def _compare_stamped(
    session: Session, synced: SyncedTable, values: list[Any], afters: list[dict[str, Any]]
) -> str:
    """``_compare``, letting pass the stamps earlier versions left unaudited (``verify.legacy``)."""
    problem = _compare(session, synced, values, afters)
    if problem == UNAUDITED_STAMP and stamped_by_old_program(
        session, synced.name, dict(zip(synced.columns, values, strict=True)), afters
    ):
        return ""
    return problem


def _compare(
    session: Session, synced: SyncedTable, values: list[Any], afters: list[dict[str, Any]]
) -> str:
    """What is wrong with the record (empty if nothing), its fields by their Chinese names."""
    stamp = values[synced.index("hlc")]
    matching = [after for after in afters if after.get("hlc") == stamp]
    if not matching:
        return UNAUDITED_STAMP
    after = matching[-1]
    named = dict(zip(synced.columns, values, strict=True))
    changed = [
        name
        for name, value in named.items()
        if name in after and name not in NOT_COMPARED and after[name] != value
    ]
    if changed:
        fields = changed_fields(session, synced.name, changed, after, named)
        return f" 的{fields}：它在程序之外被改动过"
    return ""
