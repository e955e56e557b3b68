"""``jifen verify``: is the ledger file sound and unaltered?

Three checks, none of which writes anything:

1. SQLite's own ``integrity_check`` and ``foreign_key_check``;
2. the hash chain (``model.chain``): every link's hash, the links of each replica joined end to
   end, and every append-only row against its link, so a row changed, removed or slipped in
   behind the program's back (with an SQLite editor, say) is named;
3. the stored figures: each publication snapshot's quarter points against the approved entries
   as they stood when it was taken;
4. the records that may change (households, rule items ...) against the audit row of their
   last change (``verify_records``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .calendar_tables import Publication, PublicationRow
from .chain import Link, LinkRow, hash_holds, to_link
from .periods import parse
from .row_form import SyncedTable, digest, synced_tables, to_json_values
from .sync_tables import SyncConflict, held_ends
from .tables import ChainLink, Entry, EntryDecision, Household, Replica
from .verify_records import check_records, record_name

Progress = Callable[[float, str], None]

TABLE_NAMES = {
    "audit_log": "审计记录",
    "entries": "积分记录",
    "entry_decisions": "审核结果",
    "evidence_files": "佐证材料",
    "household_status_changes": "农户状态变动",
    "point_expiries": "积分清零",
    "publication_late_entries": "公示补记",
    "publication_rows": "公示快照",
    "redemption_lines": "兑换明细",
    "redemption_returns": "退货",
    "redemptions": "兑换",
    "stock_movements": "出入库",
    "stocktake_lines": "盘点明细",
    "stocktakes": "盘点",
    "year_end_closings": "年度结转",
}


@dataclass(frozen=True)
class Finding:
    """One thing wrong, with the record it is about (if any) and what it means."""

    kind: str  # integrity | link | row_changed | row_missing | row_unlisted | snapshot | record
    message: str
    table: str = ""
    record_id: str = ""


@dataclass
class VerifyReport:
    integrity: list[str] = field(default_factory=list)
    links: int = 0
    rows: int = 0
    unchained: int = 0  # rows received from another computer before the chain existed
    records: int = 0  # records that may change, checked against their audit rows
    unaudited: int = 0  # of those, records no audit row mentions (made before it was kept)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "integrity": self.integrity,
            "links": self.links,
            "rows": self.rows,
            "unchained": self.unchained,
            "records": self.records,
            "unaudited": self.unaudited,
            "findings": [vars(f) for f in self.findings],
        }


def verify(session: Session, progress: Progress | None = None) -> VerifyReport:
    say = progress or (lambda _f, _m: None)
    report = VerifyReport()
    say(0.0, "正在检查数据库文件")
    _check_integrity(session, report)
    say(0.2, "正在检查哈希链")
    expected = _check_links(session, report)
    tables = [t for t in synced_tables() if not t.mutable]
    covered = _covered_ranges(session)
    for number, synced in enumerate(tables):
        say(
            0.3 + 0.6 * number / len(tables), f"正在核对{TABLE_NAMES.get(synced.name, synced.name)}"
        )
        _check_rows(session, synced, expected, covered, report)
    _report_missing(session, expected, report)
    say(0.85, "正在核对公示快照")
    _check_snapshots(session, report)
    say(0.9, "正在核对农户、细则等记录与审计日志")
    report.records, report.unaudited, problems = check_records(session)
    for table, record_id, problem in problems:
        report.findings.append(
            Finding("record", f"{record_name(table)} {problem}。", table, record_id)
        )
    say(1.0, "检查完毕")
    return report


# -- 1. the file -----------------------------------------------------------------------------


def _check_integrity(session: Session, report: VerifyReport) -> None:
    conn = session.connection()
    problems = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
    report.integrity = problems
    if problems != ["ok"]:
        for problem in problems[:20]:
            report.findings.append(
                Finding("integrity", f"数据库文件损坏：{problem}。请从备份恢复（jifen restore）。")
            )
    for row in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchmany(20):
        report.findings.append(
            Finding(
                "integrity",
                f"表 {row[0]} 的第 {row[1]} 行引用了 {row[2]} 里不存在的记录。",
                table=str(row[0]),
            )
        )


# -- 2. the chain ----------------------------------------------------------------------------

# (replica, seq) -> (table, digest prefix, the link's last_seq) of every row a link lists.
Expected = dict[tuple[str, int], tuple[str, str, int]]


def _links(session: Session) -> Iterator[Link]:
    stmt = select(ChainLink).order_by(ChainLink.replica_id, ChainLink.last_seq)
    for row in session.scalars(stmt):
        yield to_link(row)


def _check_links(session: Session, report: VerifyReport) -> Expected:
    replica = session.scalars(select(Replica)).one()
    expected: Expected = {}
    previous: Link | None = None
    for link in _links(session):
        report.links += 1
        if previous is not None and previous.replica_id != link.replica_id:
            _check_end(replica, previous, report)
            previous = None
        _check_link(link, previous, replica.id, report)
        try:
            listed: list[LinkRow] = link.listed()
        except ValueError:
            listed = []
            report.findings.append(Finding("link", f"{_where(link)}的记录清单格式不对。"))
        for row in listed:
            expected[(link.replica_id, row.seq)] = (row.table, row.digest, link.last_seq)
        previous = link
    if previous is not None:
        _check_end(replica, previous, report)
    elif replica.next_seq > 1:
        report.findings.append(Finding("link", "本机的哈希链不见了：链记录被人删除了。"))
    return expected


def _where(link: Link) -> str:
    return f"哈希链（副本 {link.replica_id[:8]}，序号 {link.first_seq}–{link.last_seq}）"


def _check_link(link: Link, previous: Link | None, own: str, report: VerifyReport) -> None:
    if not hash_holds(link):
        report.findings.append(Finding("link", f"{_where(link)}被改动过：它的哈希值对不上。"))
    if link.first_seq == 1 and link.prev_hash:
        report.findings.append(Finding("link", f"{_where(link)}是第一段，却接在别的链后面。"))
    if previous is not None and previous.last_seq + 1 == link.first_seq:
        if link.prev_hash != previous.hash:
            report.findings.append(
                Finding("link", f"{_where(link)}与前一段接不上：前一段或这一段被改写过。")
            )
    elif link.replica_id == own:
        start = 1 if previous is None else previous.last_seq + 1
        if link.first_seq != start:
            report.findings.append(
                Finding(
                    "link",
                    f"本机序号 {start}–{link.first_seq - 1} 的哈希链不见了：这段记录的链被删除了。",
                )
            )


def _check_end(replica: Replica, last: Link, report: VerifyReport) -> None:
    if last.replica_id == replica.id and last.last_seq != replica.next_seq - 1:
        report.findings.append(
            Finding(
                "link",
                f"本机的哈希链停在序号 {last.last_seq}，而台账已用到 {replica.next_seq - 1}："
                "最后的链或副本信息被改动过。",
            )
        )


def _check_rows(
    session: Session,
    synced: SyncedTable,
    expected: Expected,
    covered: Covered,
    report: VerifyReport,
) -> None:
    cols = [synced.table.c[name] for name in synced.columns]
    id_at, replica_at, seq_at = synced.index("id"), synced.index("replica_id"), synced.index("seq")
    name = TABLE_NAMES.get(synced.name, synced.name)
    for row in session.execute(select(*cols)).yield_per(5000):
        report.rows += 1
        key = (row[replica_at], row[seq_at])
        listed = expected.pop(key, None)
        if listed is None:
            if _is_covered(covered, key):
                report.findings.append(
                    Finding(
                        "row_unlisted",
                        f"{name} {row[id_at]}（序号 {key[1]}）不在哈希链里：它是绕过程序加进来的。",
                        synced.name,
                        row[id_at],
                    )
                )
            else:
                report.unchained += 1
            continue
        table, short, _last = listed
        if table != synced.name or not digest(to_json_values(synced, row)).startswith(short):
            report.findings.append(
                Finding(
                    "row_changed",
                    f"{name} {row[id_at]}（序号 {key[1]}）{_describe(session, synced, row)}"
                    "与写入时不同：它在程序之外被改动过。",
                    synced.name,
                    row[id_at],
                )
            )


def _describe(session: Session, synced: SyncedTable, row: Any) -> str:
    """A few of the row's values a clerk recognises: date, household, item, points."""
    values = dict(zip(synced.columns, row, strict=True))
    parts = [str(values[key]) for key in ("occurred_on", "at") if values.get(key)]
    household = (
        session.get(Household, values["household_id"]) if values.get("household_id") else None
    )
    if household is not None:
        parts.append(f"{household.number} {household.head_name}")
    parts += [
        str(values[key])
        for key in ("rule_code", "points", "decision", "action", "receipt_no")
        if values.get(key) not in (None, "")
    ]
    return f"（{' '.join(parts)}）" if parts else ""


# replica -> (first_seq, last_seq) of every link of it: a row in such a range must be listed.
Covered = dict[str, list[tuple[int, int]]]


def _covered_ranges(session: Session) -> Covered:
    covered: Covered = {}
    for replica_id, first, last in session.execute(
        select(ChainLink.replica_id, ChainLink.first_seq, ChainLink.last_seq)
    ):
        covered.setdefault(replica_id, []).append((first, last))
    return covered


def _is_covered(covered: Covered, key: tuple[str, int]) -> bool:
    return any(first <= key[1] <= last for first, last in covered.get(key[0], ()))


def _report_missing(session: Session, expected: Expected, report: VerifyReport) -> None:
    """Rows a link lists that are not here: removed, unless this database never held them (a
    link that came with a few rows of a transaction) or a merge set them aside. A decision of
    another computer may have been set aside there (an earlier decision on the same entry came
    in), so only this computer's own missing decisions are named."""
    if not expected:
        return
    held = held_ends(session)
    aside = _set_aside(session)
    own = session.scalars(select(Replica.id)).one()
    for (replica_id, seq), (table, _short, _last) in sorted(expected.items()):
        if seq > held.get(replica_id, 0) or (replica_id, seq) in aside:
            continue
        if table == "entry_decisions" and replica_id != own:
            continue
        report.findings.append(
            Finding(
                "row_missing",
                f"{TABLE_NAMES.get(table, table)}（副本 {replica_id[:8]}，序号 {seq}）"
                "不见了：它在程序之外被删除了。",
                table,
            )
        )


def _set_aside(session: Session) -> set[tuple[str, int]]:
    aside = set()
    for (remote,) in session.execute(select(SyncConflict.remote_json)):
        values = json.loads(remote)
        if "replica_id" in values and "seq" in values:
            aside.add((values["replica_id"], values["seq"]))
    return aside


# -- 3. stored figures -----------------------------------------------------------------------


def _check_snapshots(session: Session, report: VerifyReport) -> None:
    """Each publication's current snapshot: a household's quarter points are the approved
    entries of the quarter decided before the snapshot was taken."""
    for pub in session.scalars(select(Publication).where(Publication.version > 0)):
        rows = session.execute(
            select(
                PublicationRow.household_id,
                PublicationRow.number,
                PublicationRow.head_name,
                PublicationRow.net,
                PublicationRow.replica_id,
                PublicationRow.seq,
            ).where(PublicationRow.publication_id == pub.id, PublicationRow.version == pub.version)
        ).all()
        if not rows or pub.taken_at is None:
            continue
        quarter = parse(pub.quarter)
        taken_by, taken_seq = rows[0].replica_id, min(r.seq for r in rows)
        before = ((EntryDecision.replica_id == taken_by) & (EntryDecision.seq < taken_seq)) | (
            (EntryDecision.replica_id != taken_by) & (EntryDecision.decided_at < pub.taken_at)
        )
        nets = dict(
            session.execute(
                select(Entry.household_id, func.sum(Entry.points))
                .join(EntryDecision, EntryDecision.entry_id == Entry.id)
                .where(
                    Entry.village_id == pub.village_id,
                    Entry.occurred_on.between(quarter.start, quarter.end),
                    EntryDecision.decision == "approved",
                    before,
                )
                .group_by(Entry.household_id)
            ).all()
        )
        for row in rows:
            should = nets.get(row.household_id) or 0
            if row.net != should:
                report.findings.append(
                    Finding(
                        "snapshot",
                        f"{quarter.label}公示第 {pub.version} 版里 {row.number} {row.head_name} 的"
                        f"季度积分是 {row.net}，按当时已通过的积分记录应为 {should}。",
                        "publication_rows",
                        pub.id,
                    )
                )
