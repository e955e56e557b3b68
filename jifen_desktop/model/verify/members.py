"""``jifen verify`` of a township's audit members (``model.audit_members``).

A township keeps the villages' audit rows as compressed members of canonical lines. Each line's
sha256 is the digest its hash-chain link lists, so every line is re-hashed against the chain
as a row of ``audit_log`` would be: a line changed, a member that no longer opens, or a line
no link lists is named. The after-values of the lines that audit a record that may change
(households, members, rule items ...) are handed on to the check of those records
(``verify.records``), which compares each record with the audit row of its last change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit_members import MemberRow, audit_form, row_positions, unpack
from ..schema import AuditMember, SyncBundle
from .chain import RowChecks
from .listed import ListedRows, matches
from .report import VerifyReport, id_note

# object_id -> (object_type, after_json) of the member rows that audit it with a stamp ("hlc")
Afters = dict[str, list[tuple[str, str]]]
STAMPED = b'"hlc\\":'  # an after_json holding a record's stamp, as a line escapes it


def check_members(
    session: Session, expected: ListedRows, checks: RowChecks, report: VerifyReport
) -> Afters:
    """Every member's lines against the links (``expected``: what is left is missing), a line
    no link lists judged as ``verify.chain`` judges a row (``checks``). The after-values of
    the lines with a record's stamp, by the record's id."""
    afters: Afters = {}
    bundles = set(session.scalars(select(SyncBundle.id)))
    for member, rows in _members(session, report):
        member_id, replica_id = member.id, member.replica_id
        _check_look_ups(member, rows, bundles, report)
        for row in rows:
            report.rows += 1
            listed = expected.take(replica_id, row.seq)
            if listed is None:
                _unlisted(replica_id, row, checks, report)
            elif listed[0] != "audit_log" or not matches(
                listed[1], hashlib.sha256(row.line).digest()
            ):
                _changed(replica_id, row, member_id, report)
            if STAMPED in row.line:
                _keep_after(row, afters)
    return afters


def _members(session: Session, report: VerifyReport) -> Iterator[tuple[Any, list[MemberRow]]]:
    for member in session.execute(select(AuditMember).order_by(AuditMember.id)).scalars():
        try:
            rows = unpack(member.seqs, member.lines)
        except (zlib.error, ValueError):
            report.add(
                "integrity",
                f"乡镇库保存的审计记录（副本 {member.replica_id[:8]} 的第 {member.id} 包）打不开："
                "它在程序之外被改动过或已损坏。请从备份恢复（jifen restore），"
                "或重新导入该村的同步包。",
                "audit_members",
            )
            continue
        yield member, rows
        session.expunge(member)


def _check_look_ups(
    member: AuditMember, rows: list[MemberRow], bundles: set[str], report: VerifyReport
) -> None:
    """The columns 审计日志 finds a member by (its replica, village, bundle, sequence numbers and
    times) must say what its lines say: a member moved out of reach of a date or a village
    would hide its rows from the page while every line still hashes right."""
    wrong = _look_up_differences(member, rows, bundles)
    if wrong:
        report.add(
            "row_changed",
            f"乡镇库保存的审计记录（副本 {member.replica_id[:8]} 的第 {member.id} 包）的"
            f"{'、'.join(wrong)}与其中的记录不符：它在程序之外被改动过。"
            "请从备份恢复（jifen restore），或重新导入该村的同步包。",
            "audit_members",
        )


def _look_up_differences(
    member: AuditMember, rows: list[MemberRow], bundles: set[str]
) -> list[str]:
    replica_at, seq_at, at_at = row_positions()
    village_at = audit_form().index("village_id")
    seqs = [row.seq for row in rows]
    wrong = []
    if (
        not rows
        or member.rows != len(rows)
        or (member.seq_from, member.seq_to)
        != (
            min(seqs),
            max(seqs),
        )
    ):
        wrong.append("序号范围")
    if member.bundle_id is not None and member.bundle_id not in bundles:
        wrong.append("同步包")
    times, replicas, villages = [], set(), set()
    for row in rows:
        try:
            values = row.values()
            times.append(str(values[at_at]))
        except (ValueError, IndexError):
            continue  # a line that does not read is named by the chain check
        replicas.add(values[replica_at])
        if values[village_at] is not None:
            villages.add(values[village_at])
        if values[seq_at] != row.seq:
            wrong.append("序号")
    if replicas - {member.replica_id}:
        wrong.append("副本")
    if villages - {member.village_id}:
        wrong.append("村")
    if times and (member.at_from, member.at_to) != _span(times):
        wrong.append("时间范围")
    return list(dict.fromkeys(wrong))


def _span(times: list[str]) -> tuple[Any, Any]:
    try:
        ordered = sorted(dt.datetime.fromisoformat(t) for t in times)
    except ValueError:
        return None, None
    return ordered[0], ordered[-1]


def _row_id(row: MemberRow) -> str:
    try:
        return str(row.values()[audit_form().index("id")])
    except (ValueError, IndexError):
        return ""


def _unlisted(replica_id: str, row: MemberRow, checks: RowChecks, report: VerifyReport) -> None:
    """A line no link lists: received before its replica's chain existed, or slipped in."""
    key = (replica_id, row.seq)
    covered = any(first <= row.seq <= last for first, last in checks.covered.get(replica_id, ()))
    if not covered and checks.scope.unchained_ok(*key) and key not in checks.unchained:
        checks.unchained.add(key)
        report.unchained += 1
        return
    why = "不在哈希链里：它是绕过程序加进来的" if covered else checks.scope.why_outside(*key)
    why = why.rstrip("。")
    row_id = _row_id(row)
    report.add(
        "row_unlisted",
        f"乡镇库保存的审计记录（副本 {replica_id[:8]}，序号 {row.seq}）{why}{id_note(row_id)}。",
        "audit_log",
        row_id,
    )


def _changed(replica_id: str, row: MemberRow, member_id: int, report: VerifyReport) -> None:
    row_id = _row_id(row)
    report.add(
        "row_changed",
        f"乡镇库保存的审计记录（副本 {replica_id[:8]}，序号 {row.seq}，第 {member_id} 包）"
        f"与写入时不同：它在程序之外被改动过{id_note(row_id)}。",
        "audit_log",
        row_id,
    )


def _keep_after(row: MemberRow, afters: Afters) -> None:
    form = audit_form()
    try:
        values: list[Any] = row.values()
        object_id, text = values[form.index("object_id")], values[form.index("after_json")]
        object_type = values[form.index("object_type")]
    except (ValueError, IndexError):
        return
    if isinstance(object_id, str) and isinstance(text, str):
        afters.setdefault(object_id, []).append((str(object_type), text))
