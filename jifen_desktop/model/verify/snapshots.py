"""``jifen verify``, part 3: the stored figures. Each publication snapshot's quarter points
against the approved entries as they stood when it was taken."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import DomainError
from ..periods import Period, parse
from ..schema import Entry, EntryDecision
from ..schema.calendar import Publication, PublicationRow
from ..schema.household_changes import NOT_TRANSFER
from .report import VerifyReport
from .unreadable import Unreadable


def check_snapshots(
    session: Session, report: VerifyReport, unreadable: Unreadable, village_id: str | None = None
) -> None:
    """Each publication's current snapshot (of one village's, if given): a household's
    quarter points are the approved entries of the quarter decided before the snapshot was
    taken. (A publication or line with a value the program cannot read is named elsewhere:
    by ``verify.unreadable``, or, for a quarter that is no quarter, against its audit row.)"""
    stmt = select(Publication).where(Publication.version > 0)
    if village_id is not None:
        stmt = stmt.where(Publication.village_id == village_id)
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
