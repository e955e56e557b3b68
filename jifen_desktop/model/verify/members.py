"""``jifen verify`` of a township's audit members (``model.audit_members``).

A township keeps the villages' audit rows as compressed members of canonical lines. Each line's
sha256 is the digest its hash-chain link lists, so every line is re-hashed against the chain
as a row of ``audit_log`` would be: a line changed, a member that no longer opens, or a line
no link lists is named. The after-values of the lines that audit a record that may change
(households, members, rule items ...) are handed on to the check of those records
(``verify.records``), which compares each record with the audit row of its last change.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit_members import MemberRow, audit_form, unpack
from ..schema import AuditMember
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
    for member_id, replica_id, rows in _members(session, report):
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


def _members(session: Session, report: VerifyReport) -> Iterator[tuple[int, str, list[MemberRow]]]:
    stmt = select(AuditMember.id, AuditMember.replica_id, AuditMember.seqs, AuditMember.lines)
    for member_id, replica_id, seqs, lines in session.execute(stmt.order_by(AuditMember.id)):
        try:
            rows = unpack(seqs, lines)
        except (zlib.error, ValueError):
            report.add(
                "integrity",
                f"乡镇库保存的审计记录（副本 {replica_id[:8]} 的第 {member_id} 包）打不开："
                "它在程序之外被改动过或已损坏。请从备份恢复（jifen restore），"
                "或重新导入该村的同步包。",
                "audit_members",
            )
            continue
        yield member_id, replica_id, rows


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
