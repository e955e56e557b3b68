"""``jifen verify``: is the ledger file sound and unaltered?

Five checks, none of which writes anything:

1. SQLite's own ``integrity_check`` and ``foreign_key_check``;
2. the hash chain (``verify.chain``): every link's hash, the links of each replica joined end
   to end, and every append-only row against its link, so a row changed, removed or slipped in
   behind the program's back (with an SQLite editor, say) is named, and so is a row outside
   the chain (past a replica's chain head, or of a replica this ledger never synced with);
3. the stored figures: each publication snapshot's quarter points against the approved entries
   as they stood when it was taken;
4. the records that may change (households, rule items ...) against the audit row of their
   last change, and the records the audit log has that are gone (``verify.records``);
5. the enrolled sync keys against their enrolments in the audit log (``verify.peers``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..chain_scope import scope as chain_scope
from ..engine_sql import dangling_references, integrity_problems
from ..errors import DomainError
from ..periods import Period, parse
from ..row_form import synced_tables
from ..schema import Entry, EntryDecision
from ..schema.calendar import Publication, PublicationRow
from ..schema.household_changes import NOT_TRANSFER
from .chain import (
    RowChecks,
    check_links,
    check_rows,
    covered_ranges,
    report_missing,
    report_referring,
)
from .members import check_members
from .peers import check_peers
from .records import check_records, record_afters
from .report import TABLE_NAMES, Finding, VerifyReport
from .summaries import check_summaries
from .unreadable import Unreadable, find_unreadable

__all__ = ["TABLE_NAMES", "Finding", "Progress", "VerifyReport", "verify"]

Progress = Callable[[float, str], None]


def verify(session: Session, progress: Progress | None = None) -> VerifyReport:
    say = progress or (lambda _f, _m: None)
    report = VerifyReport()
    say(0.0, "正在检查数据库文件")
    _check_integrity(session, report)
    kept = len(report.findings)
    try:
        _check_contents(session, report, say, {})
    except (ValueError, TypeError):
        # A value the program cannot read (a date that is no date ...) stopped a check. Start
        # over, naming such values first and leaving them out (a query per table: only then).
        del report.findings[kept:]
        report.links = report.rows = report.unchained = report.records = report.unaudited = 0
        session.expunge_all()
        _check_contents(session, report, say, find_unreadable(session, report))
    say(1.0, "检查完毕")
    return report


def _check_contents(
    session: Session, report: VerifyReport, say: Progress, unreadable: Unreadable
) -> None:
    say(0.2, "正在检查哈希链")
    scope = chain_scope(session)
    expected = check_links(session, scope, report)
    tables = [t for t in synced_tables() if not t.mutable]
    checks = RowChecks(covered_ranges(session), scope, unreadable)
    for number, synced in enumerate(tables):
        say(
            0.3 + 0.55 * number / len(tables),
            f"正在核对{TABLE_NAMES.get(synced.name, synced.name)}",
        )
        check_rows(session, synced, expected, checks, report)
    afters = record_afters(session)
    check_members(session, expected, checks, report, afters)  # a township's audit members
    report_referring(session, checks, report)
    report_missing(session, expected, scope, report)
    del expected  # (what the links list: 160 MB on a township of 1,000,000 entries)
    say(0.85, "正在核对公示快照")
    _check_snapshots(session, report, unreadable)
    check_summaries(session, report)
    say(0.9, "正在核对农户、细则等记录与审计日志")
    check_records(session, scope, report, unreadable, afters.by_record())
    check_peers(session, {scope.own, *scope.retired}, report)


# -- 1. the file -----------------------------------------------------------------------------


def _check_integrity(session: Session, report: VerifyReport) -> None:
    conn = session.connection()
    problems = integrity_problems(conn)
    report.integrity = problems
    if problems != ["ok"]:
        for problem in problems[:20]:
            report.add("integrity", f"数据库文件损坏：{problem}。请从备份恢复（jifen restore）。")
    for row in dangling_references(conn):
        report.add(
            "integrity",
            f"{TABLE_NAMES.get(str(row[0]), row[0])}表的第 {row[1]} 行指向的"
            f"{TABLE_NAMES.get(str(row[2]), row[2])}不存在：它在程序之外被删除或改动过。",
            table=str(row[0]),
        )


# -- 3. stored figures -----------------------------------------------------------------------


def _check_snapshots(session: Session, report: VerifyReport, unreadable: Unreadable) -> None:
    """Each publication's current snapshot: a household's quarter points are the approved
    entries of the quarter decided before the snapshot was taken. (A publication or line with
    a value the program cannot read is named elsewhere: by ``verify.unreadable``, or, for a
    quarter that is no quarter, against its audit row.)"""
    stmt = select(Publication).where(Publication.version > 0)
    if unreadable.get("publications"):
        stmt = stmt.where(Publication.id.not_in(unreadable["publications"]))
    for pub in session.scalars(stmt):
        try:
            quarter = parse(pub.quarter)
        except (ValueError, DomainError):
            continue
        rows = _snapshot_rows(session, pub, unreadable.get("publication_rows", set()))
        if not rows or pub.taken_at is None:
            continue
        nets = _quarter_nets(session, pub, quarter, rows)
        for row in rows:
            should = nets.get(row.household_id) or 0
            if row.net != should:
                report.add(
                    "snapshot",
                    f"{quarter.label}公示第 {pub.version} 版里 {row.number} {row.head_name} 的"
                    f"季度积分是 {row.net}，按当时已通过的积分记录应为 {should}。",
                    "publication_rows",
                    pub.id,
                )


def _snapshot_rows(session: Session, pub: Publication, skip: set[str]) -> list[Any]:
    stmt = select(
        PublicationRow.household_id,
        PublicationRow.number,
        PublicationRow.head_name,
        PublicationRow.net,
        PublicationRow.replica_id,
        PublicationRow.seq,
    ).where(PublicationRow.publication_id == pub.id, PublicationRow.version == pub.version)
    if skip:
        stmt = stmt.where(PublicationRow.id.not_in(skip))
    return list(session.execute(stmt).all())


def _quarter_nets(
    session: Session, pub: Publication, quarter: Period, rows: list[Any]
) -> dict[str, int]:
    """Household -> the quarter's approved points decided before the snapshot was taken."""
    taken_by, taken_seq = rows[0].replica_id, min(r.seq for r in rows)
    before = ((EntryDecision.replica_id == taken_by) & (EntryDecision.seq < taken_seq)) | (
        (EntryDecision.replica_id != taken_by) & (EntryDecision.decided_at < pub.taken_at)
    )
    return dict(
        session.execute(
            select(Entry.household_id, func.sum(Entry.points))
            .join(EntryDecision, EntryDecision.entry_id == Entry.id)
            .where(
                Entry.village_id == pub.village_id,
                Entry.occurred_on.between(quarter.start, quarter.end),
                EntryDecision.decision == "approved",
                NOT_TRANSFER,  # as the snapshot counts them (``balances``)
                before,
            )
            .group_by(Entry.household_id)
        ).all()
    )
