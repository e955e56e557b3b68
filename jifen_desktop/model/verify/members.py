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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit_member_lines import one_line, time_and_village
from ..audit_members import audit_form, row_positions, unpack_lines
from ..schema import AuditMember, SyncBundle
from .afters import KeptAfters
from .chain import RowChecks
from .listed import PREFIX_BYTES, ListedRows, matches
from .report import VerifyReport, id_note

STAMPED = b'"hlc\\":'  # an after_json holding a record's stamp, as a line escapes it


@dataclass
class _Said:
    """What a member's lines say of themselves, for its look-up columns: their times,
    replicas and villages, and whether a line's sequence number is not its own."""

    times: list[str] = field(default_factory=list)
    replicas: set[Any] = field(default_factory=set)
    villages: set[Any] = field(default_factory=set)
    seq_wrong: bool = False

    def line(self, seq: int, row: list[Any]) -> None:
        replica_at, seq_at, at_at = row_positions()
        try:
            at, replica = row[at_at], row[replica_at]
            village, own_seq = row[audit_form().index("village_id")], row[seq_at]
        except IndexError:
            return  # (a line that does not read is named by the chain check)
        self.times.append(str(at))
        self.replicas.add(replica)
        if village is not None:
            self.villages.add(village)
        self.seq_wrong = self.seq_wrong or own_seq != seq


def check_members(
    session: Session,
    expected: ListedRows,
    checks: RowChecks,
    report: VerifyReport,
    afters: KeptAfters,
) -> None:
    """Every member's lines against the links (``expected``: what is left is missing), a line
    no link lists judged as ``verify.chain`` judges a row (``checks``); then its look-up
    columns against what its lines say. The after-values of the lines with a record's stamp
    go to ``afters``, which keeps those the records' check may use."""
    bundles = set(session.scalars(select(SyncBundle.id)))
    replicas = None if checks.part is None else checks.part.replicas
    for member, seqs, lines in _members(session, report, replicas):
        before = len(report.findings)
        said = _check_lines(member, seqs, lines, (expected, checks, afters), report)
        if _check_look_ups(member, seqs, said, bundles, report):
            report.findings.insert(before, report.findings.pop())  # (named before its lines)


def _check_lines(
    member: AuditMember,
    seqs: Sequence[int],
    lines: list[bytes],
    against: tuple[ListedRows, RowChecks, KeptAfters],
    report: VerifyReport,
) -> _Said:
    """Each line's sha256 against the digest its link lists: all of a member's at once (the
    common case: a township holds millions of lines), else line by line (``_check_each``).
    A line that matches is what the program wrote, its replica and sequence number those it
    is listed by: only its time and village are read from it (``audit_member_lines``)."""
    expected, _checks, afters = against
    sha256 = hashlib.sha256
    prefixes = b"".join([sha256(line).digest()[:PREFIX_BYTES] for line in lines])
    if expected.take_all(member.replica_id, seqs, "audit_log", prefixes):
        said = _Said()
        for seq, line in zip(seqs, lines, strict=True):
            _read_written(seq, line, said, afters)
    else:
        said = _check_each(member, seqs, lines, against, report)
    report.rows += len(lines)
    return said


def _check_each(
    member: AuditMember,
    seqs: Sequence[int],
    lines: list[bytes],
    against: tuple[ListedRows, RowChecks, KeptAfters],
    report: VerifyReport,
) -> _Said:
    """The lines one by one: a line no link lists, or that differs from its link, is named
    and read whole."""
    expected, checks, afters = against
    replica_id, take, sha256, said = member.replica_id, expected.take, hashlib.sha256, _Said()
    for seq, line in zip(seqs, lines, strict=True):
        listed = take(replica_id, seq)
        good = listed is not None and listed[0] == "audit_log"
        if good and matches(listed[1], sha256(line).digest()):  # type: ignore[index]
            _read_written(seq, line, said, afters)
            continue
        row = one_line(line)
        if listed is None:
            _unlisted(replica_id, seq, row, checks, report)
        else:
            _changed(replica_id, seq, row, member.id, report)
        _read_row(seq, line, row, said, afters)
    return said


def _read_written(seq: int, line: bytes, said: _Said, afters: KeptAfters) -> None:
    """What a line the program wrote says: its time and village, found in its bytes; a line
    with a record's stamp (its after-values are kept) or of another form is read whole."""
    quick = time_and_village(line) if STAMPED not in line else None
    if quick is None:
        _read_row(seq, line, one_line(line), said, afters)
        return
    said.times.append(quick[0])
    if quick[1] is not None:
        said.villages.add(quick[1])


def _read_row(
    seq: int, line: bytes, row: list[Any] | None, said: _Said, afters: KeptAfters
) -> None:
    if row is not None:
        said.line(seq, row)
        if STAMPED in line:
            _keep_after(row, afters)


def _members(
    session: Session, report: VerifyReport, replicas: frozenset[str] | None
) -> Iterator[tuple[AuditMember, Sequence[int], list[bytes]]]:
    """Each member (of ``replicas``, if given: one village's) with its lines, read a few at
    a time (read all at once, the compressed members of 1,000,000 entries took some 200 MB
    before the first was checked)."""
    stmt = select(AuditMember).order_by(AuditMember.id).execution_options(yield_per=8)
    if replicas is not None:
        stmt = stmt.where(AuditMember.replica_id.in_(sorted(replicas)))
    for member in session.execute(stmt).scalars():
        try:
            seqs, lines = unpack_lines(member.seqs, member.lines)
        except (zlib.error, ValueError):
            report.add(
                "integrity",
                f"乡镇库保存的审计记录（副本 {member.replica_id[:8]} 的第 {member.id} 包）打不开："
                "它在程序之外被改动过或已损坏。请从备份恢复（jifen restore），"
                "或重新导入该村的同步包。",
                "audit_members",
            )
            continue
        yield member, seqs, lines
        session.expunge(member)


def _check_look_ups(
    member: AuditMember, seqs: Sequence[int], said: _Said, bundles: set[str], report: VerifyReport
) -> bool:
    """The columns 审计日志 finds a member by (its replica, village, bundle, sequence numbers and
    times) must say what its lines say: a member moved out of reach of a date or a village
    would hide its rows from the page while every line still hashes right. Whether named."""
    wrong = _look_up_differences(member, seqs, said, bundles)
    if wrong:
        report.add(
            "row_changed",
            f"乡镇库保存的审计记录（副本 {member.replica_id[:8]} 的第 {member.id} 包）的"
            f"{'、'.join(wrong)}与其中的记录不符：它在程序之外被改动过。"
            "请从备份恢复（jifen restore），或重新导入该村的同步包。",
            "audit_members",
        )
    return bool(wrong)


def _look_up_differences(
    member: AuditMember, seqs: Sequence[int], said: _Said, bundles: set[str]
) -> list[str]:
    wrong = []
    if (
        not seqs
        or member.rows != len(seqs)
        or (member.seq_from, member.seq_to) != (min(seqs), max(seqs))
    ):
        wrong.append("序号范围")
    if member.bundle_id is not None and member.bundle_id not in bundles:
        wrong.append("同步包")
    if said.seq_wrong:
        wrong.append("序号")
    if said.replicas - {member.replica_id}:
        wrong.append("副本")
    if said.villages - {member.village_id}:
        wrong.append("村")
    if said.times and (member.at_from, member.at_to) != _span(said.times):
        wrong.append("时间范围")
    return wrong


def _span(times: list[str]) -> tuple[Any, Any]:
    try:
        ordered = [dt.datetime.fromisoformat(t) for t in times]
    except ValueError:
        return None, None
    return min(ordered), max(ordered)


def _row_id(row: list[Any] | None) -> str:
    try:
        return str(row[audit_form().index("id")])  # type: ignore[index]
    except (TypeError, IndexError):
        return ""


def _unlisted(
    replica_id: str, seq: int, row: list[Any] | None, checks: RowChecks, report: VerifyReport
) -> None:
    """A line no link lists: received before its replica's chain existed, or slipped in."""
    key = (replica_id, seq)
    covered = any(first <= seq <= last for first, last in checks.covered.get(replica_id, ()))
    if not covered and checks.scope.unchained_ok(*key) and key not in checks.unchained:
        checks.unchained.add(key)
        report.unchained += 1
        return
    why = "不在哈希链里：它是绕过程序加进来的" if covered else checks.scope.why_outside(*key)
    why = why.rstrip("。")
    row_id = _row_id(row)
    report.add(
        "row_unlisted",
        f"乡镇库保存的审计记录（副本 {replica_id[:8]}，序号 {seq}）{why}{id_note(row_id)}。",
        "audit_log",
        row_id,
    )


def _changed(
    replica_id: str, seq: int, row: list[Any] | None, member_id: int, report: VerifyReport
) -> None:
    row_id = _row_id(row)
    report.add(
        "row_changed",
        f"乡镇库保存的审计记录（副本 {replica_id[:8]}，序号 {seq}，第 {member_id} 包）"
        f"与写入时不同：它在程序之外被改动过{id_note(row_id)}。",
        "audit_log",
        row_id,
    )


def _keep_after(row: list[Any], afters: KeptAfters) -> None:
    form = audit_form()
    try:
        object_id, text = row[form.index("object_id")], row[form.index("after_json")]
        object_type = row[form.index("object_type")]
    except IndexError:
        return
    if isinstance(object_id, str) and isinstance(text, str):
        afters.add(object_id, str(object_type), text)
