"""``jifen verify``: is the ledger file sound and unaltered?

Five checks, none of which writes anything:

1. SQLite's own ``integrity_check`` and ``foreign_key_check`` (run beside the others, in a
   worker thread on a connection of its own, as are the snapshots' and the summaries'
   set-based checks: ``beside``);
2. the hash chain (``verify.chain``): every link's hash, the links of each replica joined end
   to end, and every append-only row against its link, so a row changed, removed or slipped in
   behind the program's back (with an SQLite editor, say) is named, and so is a row outside
   the chain (past a replica's chain head, or of a replica this ledger never synced with);
3. the stored figures: each publication snapshot's quarter points against the approved entries
   as they stood when it was taken (``verify.snapshots``), and a township's summaries;
4. the records that may change (households, rule items ...) against the audit row of their
   last change, and the records the audit log has that are gone (``verify.records``);
5. the enrolled sync keys against their enrolments in the audit log (``verify.peers``).

``village``: the same checks of one village's part of a township's or county's ledger only,
read by index (``verify.village``); of the file, SQLite's ``quick_check`` only (``village``
says why).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from sqlalchemy.orm import Session

from .. import summaries
from ..chain_scope import Scope
from ..chain_scope import scope as chain_scope
from ..engine_sql import dangling_references, integrity_problems
from ..row_form import synced_tables
from .beside import Beside, Check
from .chain import (
    Expected,
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
from .snapshots import check_snapshots
from .summaries import check_summaries
from .unreadable import Unreadable, find_unreadable
from .village import VillagePart, quick_file_problems, village_part
from .village_left import look_for_left

__all__ = ["TABLE_NAMES", "Finding", "Progress", "VerifyReport", "verify"]

Progress = Callable[[float, str], None]


def verify(
    session: Session, progress: Progress | None = None, village: str | None = None
) -> VerifyReport:
    """The checks of the whole ledger, or of the village of code ``village`` (``NotFound``
    when there is none)."""
    say = progress or (lambda _f, _m: None)
    part = None if village is None else village_part(session, village)
    report = VerifyReport(village=part.label if part else "")
    say(0.0, "正在检查数据库文件" if part is None else f"正在检查{part.name}")
    with Beside(_beside_checks(part)) as beside:  # (stopped if a check here raises)
        beside.start(session)
        try:
            _check_contents(session, report, say, {}, (beside, part))
        except (ValueError, TypeError):
            # A value the program cannot read (a date that is no date ...) stopped a check.
            # Start over, naming such values first and leaving them out (a query per table).
            del report.findings[:]
            report.links = report.rows = report.unchained = report.records = 0
            report.unaudited = 0
            session.expunge_all()
            unreadable = find_unreadable(session, report)
            _check_contents(session, report, say, unreadable, (beside, part))
        beside.into("file", report, at=0)
    say(1.0, "检查完毕")
    return report


def _beside_checks(part: VillagePart | None) -> dict[str, Check]:
    """The set-based checks run beside the others (``beside``): the file's, the snapshots'
    and the summaries' (looked up when run: a benchmark times them by name)."""
    village_id = None if part is None else part.id
    checks: dict[str, Check] = {"file": lambda s, r: _check_integrity(s, r, part is not None)}
    checks["snapshots"] = lambda s, r: check_snapshots(s, r, {}, village_id)
    checks["summaries"] = lambda s, r: check_summaries(s, r, village_id)
    return checks


def _check_contents(
    session: Session,
    report: VerifyReport,
    say: Progress,
    unreadable: Unreadable,
    beside_part: tuple[Beside, VillagePart | None],
) -> None:
    beside, part = beside_part
    say(0.2, "正在检查哈希链")
    scope = chain_scope(session)
    part = _with_own(session, scope, part)
    replicas = None if part is None else part.replicas | frozenset(scope.complete)
    expected = check_links(session, scope, report, replicas)
    checks = RowChecks(covered_ranges(session, replicas), scope, unreadable, part=part)
    checks.replicas = replicas
    _check_tables(session, (expected, checks), report, say)
    afters = record_afters(session, part)
    check_members(session, expected, checks, report, afters)  # a township's audit members
    look_for_left(session, expected, checks, report)  # (one village's: rows not found by index)
    report_missing(session, expected, scope, report, None if part is None else part.replicas)
    report_referring(session, checks, report)  # (after the missing rows: it reads them)
    del expected  # (what the links list: 160 MB on a township of 1,000,000 entries)
    say(0.85, "正在核对公示快照")
    if unreadable:  # (those the worker checked were read with them)
        check_snapshots(session, report, unreadable, None if part is None else part.id)
    else:
        beside.into("snapshots", report)
    beside.into("summaries", report)
    say(0.9, "正在核对农户、细则等记录与审计日志")
    check_records(session, scope, report, unreadable, afters.by_record(), part)
    check_peers(session, {scope.own, *scope.retired}, report, part)


def _check_tables(
    session: Session, against: tuple[Expected, RowChecks], report: VerifyReport, say: Progress
) -> None:
    """Every append-only table's rows against what the links list."""
    expected, checks = against
    tables = [t for t in synced_tables() if not t.mutable]
    for number, synced in enumerate(tables):
        say(
            0.3 + 0.55 * number / len(tables),
            f"正在核对{TABLE_NAMES.get(synced.name, synced.name)}",
        )
        check_rows(session, synced, expected, checks, report)


def _with_own(session: Session, scope: Scope, part: VillagePart | None) -> VillagePart | None:
    """A village's own ledger: its part is this ledger's own replicas too."""
    if part is None or summaries.kept(session):
        return part
    return dataclasses.replace(part, replicas=part.replicas | frozenset(scope.complete))


# -- 1. the file -----------------------------------------------------------------------------


def _check_integrity(session: Session, report: VerifyReport, quick: bool = False) -> None:
    """SQLite's ``integrity_check`` and ``foreign_key_check``; ``quick``: its ``quick_check``
    only (a village's check: ``verify.village``)."""
    conn = session.connection()
    problems = quick_file_problems(conn) if quick else integrity_problems(conn)
    report.integrity = problems
    if problems not in (["ok"], []):
        for problem in problems[:20]:
            report.add("integrity", f"数据库文件损坏：{problem}。请从备份恢复（jifen restore）。")
    if quick:
        return
    for row in dangling_references(conn):
        report.add(
            "integrity",
            f"{TABLE_NAMES.get(str(row[0]), row[0])}表的第 {row[1]} 行指向的"
            f"{TABLE_NAMES.get(str(row[2]), row[2])}不存在：它在程序之外被删除或改动过。",
            table=str(row[0]),
        )
