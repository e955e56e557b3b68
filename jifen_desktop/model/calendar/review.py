"""一月一审核: the committee's review session (审核会) for a village and a month.

A session is opened with its date, place, attendees and reviewer; the pending entries of its
month are approved or rejected (with a reason) one by one or in bulk; closing it makes its
decisions final and leaves whatever was not decided pending, and then overdue.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from .. import authz, periods
from ..entries import decide, write_entry
from ..entry_checks import EntryChecker, EntryDraft
from ..entry_queries import EntryInfo, entry_rows
from ..errors import NotFound, ValidationError
from ..schema import Entry, EntryDecision, ReviewSession, Village
from ..schema.household_changes import TRANSFER
from ..tx import Change, Op, Tx, row_values
from . import locks

if TYPE_CHECKING:
    from ..ledger import Ledger

_decisions = select(func.count()).select_from(EntryDecision)
SESSION_STATUS_NAMES = {"open": "进行中", "closed": "已结束"}
LATE_REASON = "所在季度已公示，转为补记"


def _again_as_late(entry: Entry) -> EntryDraft:
    """The pending entry as a 补记 draft: the same household, item, points and evidence."""
    return EntryDraft(
        entry.household_id,
        entry.rule_code,
        entry.occurred_on,
        points=entry.unit_points,
        quantity=entry.quantity,
        member_id=entry.member_id,
        place=entry.place,
        note=entry.note,
        source=entry.source,
        late=True,
        evidence_of=entry.id,
    )


@dataclass(frozen=True)
class SessionInfo:
    id: str
    village_id: str
    month: str
    held_on: dt.date
    place: str
    attendees: str
    reviewer_name: str
    status: str
    note: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    approved: int  # decided in this session
    rejected: int
    pending: int  # entries of the month still pending (now)
    activities: int = 0  # the month's activity entries approved at registration, in its minutes

    @property
    def label(self) -> str:
        return f"{periods.parse(self.month).label}审核会"

    @property
    def status_name(self) -> str:
        return SESSION_STATUS_NAMES[self.status]

    @property
    def decided_text(self) -> str:
        """What the session decided, with the month's activity entries apart (they were
        approved when registered, not at this session, yet its minutes list them)."""
        text = f"通过 {self.approved} 条，不通过 {self.rejected} 条"
        if self.activities:
            text += f"；另有组织活动登记时直接通过 {self.activities} 条"
        return text


def parse_month(text: str) -> periods.Period:
    period = periods.parse(text)
    if "-" not in period.key:
        raise ValidationError(f"审核会按月开，月份写成 2026-03（不是“{text}”）。", field="month")
    return period


def is_activity_approval(entry: EntryInfo) -> bool:
    """An activity entry approved when it was batch-registered (not at a session)."""
    return entry.source == "activity" and entry.status == "approved" and not entry.session_id


def _activities_of(s: Session, record: ReviewSession) -> Select[str] | None:
    """The ids of the month's activity entries approved at registration, when ``record`` is
    the month's first session (so each is in one set of minutes); else None."""
    first = s.scalar(
        select(ReviewSession.id)
        .where(
            ReviewSession.village_id == record.village_id,
            ReviewSession.month == record.month,
            ~ReviewSession.is_deleted,
        )
        .order_by(ReviewSession.opened_at, ReviewSession.id)
        .limit(1)
    )
    if first != record.id:
        return None
    period = periods.parse(record.month)
    return (
        select(EntryDecision.entry_id)
        .join(Entry, Entry.id == EntryDecision.entry_id)
        .where(
            EntryDecision.session_id.is_(None),
            EntryDecision.decision == "approved",
            Entry.source == "activity",
            Entry.village_id == record.village_id,
            Entry.occurred_on.between(period.start, period.end),
        )
    )


def _meeting_day(
    tx: Tx, village_id: str, period: periods.Period, held_on: dt.date | None
) -> dt.date:
    """The day a month's review session is held (default today), once the month has begun and
    no session of it is open."""
    today = tx.now.date()
    day = held_on or today
    if period.start > today:
        raise ValidationError(f"{period.label}还没有到，不能审核。", field="month")
    if not period.start <= day <= today:
        raise ValidationError(f"审核会日期 {day} 应在 {period.start} 到今天之间。", field="held_on")
    if locks.open_session(tx.session, village_id, period.key):
        raise ValidationError(
            f"{period.label}的审核会已经开着，请接着审核，或先结束它。", field="month"
        )
    return day


def _late_candidate(tx: Tx, picker: locks.SessionPicker, entry_id: str) -> tuple[Entry, str]:
    """An entry to approve as 补记 (pending, in a published quarter) and the session that
    decides it."""
    entry = tx.session.get(Entry, entry_id)
    if entry is None:
        raise NotFound(f"找不到记录 {entry_id}。")
    authz.require_village(tx.actor, entry.village_id)
    if entry.kind == TRANSFER:  # never in a 公示: decided with its pair by a plain 通过
        raise ValidationError(
            f"记录“{entry.rule_name}”是分户/合户的积分转移，不进公示，不用按补记通过："
            "请直接点“通过”（或“不通过”），转出、转入两条会一起处理。"
        )
    chosen = picker.pick(entry.village_id, entry.occurred_on)
    decided = tx.session.scalar(select(EntryDecision.id).where(EntryDecision.entry_id == entry.id))
    if decided or not locks.lock_of(tx.session, entry.household_id, entry.occurred_on):
        raise ValidationError(
            f"记录“{entry.rule_code} {entry.rule_name}”（{entry.occurred_on}）"
            "不是已公示季度里的待审核记录，直接通过即可，不用按补记通过。"
        )
    return entry, chosen.id


class ReviewService:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    # -- writing ---------------------------------------------------------------------------

    def open(
        self,
        village_id: str,
        month: str,
        held_on: dt.date | None = None,
        place: str = "",
        attendees: str = "",
        note: str = "",
    ) -> Op[SessionInfo]:
        """Open the review session of a month (one open session per month at a time)."""
        actor = self.ledger.actor
        authz.require(actor, authz.REVIEW_ROLES, "开审核会")
        authz.require_village(actor, village_id)
        period = parse_month(month)

        def work(tx: Tx) -> str:
            day = _meeting_day(tx, village_id, period, held_on)
            record = ReviewSession(
                village_id=village_id,
                month=period.key,
                held_on=day,
                place=place.strip(),
                attendees=" ".join(attendees.split()),
                reviewer_id=tx.actor.id,
                reviewer_name=tx.actor.display_name,
                status="open",
                note=note.strip(),
                opened_at=tx.now,
            )
            tx.created(
                record,
                "review.open",
                f"开{period.label}审核会（{day}，{record.place or '未填地点'}）",
                village_id=village_id,
            )
            tx.changed(Change.CALENDAR)
            return record.id

        op = self.ledger.run(work)
        return Op(self.get(op.value), op.changes)

    def decide(
        self, session_id: str, entry_ids: Sequence[str], decision: str, reason: str = ""
    ) -> Op[int]:
        """Approve (``approved``) or reject (``rejected``, with a reason) entries of the
        session's month at this session."""
        if decision == "approved":
            return self.ledger.entries.approve(entry_ids, session_id)
        if decision == "rejected":
            return self.ledger.entries.reject(entry_ids, reason, session_id)
        if decision == "late":
            return self.approve_late(session_id, entry_ids)
        raise ValidationError("审核决定只能是“通过”“不通过”或“按补记通过”。", field="decision")

    def approve_late(self, session_id: str, entry_ids: Sequence[str]) -> Op[int]:
        """按补记通过: pending entries of a quarter already published, found true at this
        session. Each is closed as not approved on its own date (所在季度已公示，转为补记) and
        recorded again as 补记 — dated today, with its original date and its evidence — and
        approved at this session, so the posted notice stays as it was."""
        authz.require(self.ledger.actor, authz.REVIEW_ROLES)
        if not entry_ids:
            raise ValidationError("请先选择要处理的记录。")

        def work(tx: Tx) -> int:
            picker = locks.SessionPicker(tx.session, session_id)
            originals = []
            for entry_id in dict.fromkeys(entry_ids):
                entry, chosen_id = _late_candidate(tx, picker, entry_id)
                decide(tx, entry, "rejected", LATE_REASON, chosen_id)
                originals.append((entry, chosen_id))
            tx.flush_rows()  # a 当月/当年 item's slot is free again for its 补记
            for entry, chosen_id in originals:
                checker = EntryChecker(tx.session, tx.actor, entry.village_id)
                new = write_entry(
                    tx,
                    checker.check(_again_as_late(entry)),
                    evidence_folder=self.ledger.evidence_dir,
                    reason=f"原记录 {entry.occurred_on} 所在季度已公示，按补记通过",
                )
                decide(tx, new, "approved", "按补记通过", chosen_id)
            tx.changed(Change.ENTRIES)
            return len(originals)

        return self.ledger.run(work)

    def close(self, session_id: str, note: str = "") -> Op[SessionInfo]:
        """End the session: its decisions stand, undecided entries stay pending (overdue)."""
        authz.require(self.ledger.actor, authz.REVIEW_ROLES, "结束审核会")

        def work(tx: Tx) -> None:
            record = self._load(tx, session_id)
            if record.status != "open":
                raise ValidationError("这次审核会已经结束了。")
            before = row_values(record)
            record.status = "closed"
            record.closed_at = tx.now
            if note.strip():
                record.note = (record.note + "\n" + note.strip()).strip()
            tx.updated(
                record,
                "review.close",
                f"结束{periods.parse(record.month).label}审核会",
                village_id=record.village_id,
                before=before,
            )
            tx.changed(Change.CALENDAR)

        op = self.ledger.run(work)
        return Op(self.get(session_id), op.changes)

    def _load(self, tx: Tx, session_id: str) -> ReviewSession:
        record = tx.session.get(ReviewSession, session_id)
        if record is None or record.is_deleted:
            raise NotFound("找不到这次审核会。")
        authz.require_village(tx.actor, record.village_id)
        return record

    # -- reading ---------------------------------------------------------------------------

    def list(
        self, village_id: str, year: int | None = None, status: str | None = None
    ) -> builtins.list[SessionInfo]:
        """The village's sessions (of a year, with a status, if given), the latest month first."""
        authz.require_village(self.ledger.actor, village_id)
        stmt = select(ReviewSession).where(
            ReviewSession.village_id == village_id, ~ReviewSession.is_deleted
        )
        if status is not None:
            stmt = stmt.where(ReviewSession.status == status)
        if year is not None:
            stmt = stmt.where(ReviewSession.month.startswith(f"{year}-"))
        with self.ledger.read() as s:
            records = list(
                s.scalars(stmt.order_by(ReviewSession.month.desc(), ReviewSession.opened_at.desc()))
            )
            return [self._info(s, r) for r in records]

    def get(self, session_id: str) -> SessionInfo:
        with self.ledger.read() as s:
            record = s.get(ReviewSession, session_id)
            if record is None or record.is_deleted:
                raise NotFound("找不到这次审核会。")
            authz.require_village(self.ledger.actor, record.village_id)
            return self._info(s, record)

    def open_session(self, village_id: str, month: str) -> SessionInfo | None:
        """The open session of a month, if there is one."""
        authz.require_village(self.ledger.actor, village_id)
        with self.ledger.read() as s:
            record = locks.open_session(s, village_id, parse_month(month).key)
            return self._info(s, record) if record else None

    def pending(self, session_id: str) -> builtins.list[EntryInfo]:
        """The entries of the session's month still waiting for a decision."""
        info = self.get(session_id)
        return self.ledger.entries.list(
            info.village_id, period=periods.parse(info.month), status="pending", order="oldest"
        )

    def decisions(self, session_id: str) -> builtins.list[EntryInfo]:
        """The entries decided at this session, and — in the minutes of the month's first
        session — the month's activity entries approved when they were registered (批量登记组织
        活动 approves at once, with no session; the month's minutes must still show them)."""
        self.get(session_id)
        decided = select(EntryDecision.entry_id).where(EntryDecision.session_id == session_id)
        with self.ledger.read() as s:
            activities = _activities_of(s, s.get_one(ReviewSession, session_id))
            if activities is not None:
                return entry_rows(s, Entry.id.in_(decided.union(activities)), order="oldest")
            return entry_rows(s, Entry.id.in_(decided), order="oldest")

    def pending_months(self, village_id: str) -> dict[str, int]:
        """{month: entries still pending} of the village, the earliest month first.

        Pending entries are few and recent: the newest recorded entries are walked (by the
        village's recorded-at index) until all of them are found, not every entry of the
        village (50 ms on 2,000 households × 5 years; the status bar asks after each change)."""
        authz.require_village(self.ledger.actor, village_id)
        pending = ~select(EntryDecision.id).where(EntryDecision.entry_id == Entry.id).exists()
        stmt = (
            select(Entry.occurred_on)
            .where(Entry.village_id == village_id, pending)
            .order_by(Entry.recorded_at.desc(), Entry.id.desc())
        )
        with self.ledger.read() as s:
            if s.scalar(select(func.count()).select_from(Village)) == 1:
                entries = s.scalar(select(func.count()).where(Entry.village_id == village_id))
                stmt = stmt.limit(max(0, (entries or 0) - (s.scalar(_decisions) or 0)))
            days = s.scalars(stmt).all()
        counts = Counter(f"{day.year}-{day.month:02d}" for day in days)
        return dict(sorted(counts.items()))

    def overdue(self, village_id: str, today: dt.date | None = None) -> dict[str, int]:
        """{month: pending entries} of the months whose review is overdue: the month before
        last and earlier, and any month whose session has ended while leaving entries."""
        today = today or dt.date.today()
        last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        counts = self.pending_months(village_id)
        with self.ledger.read() as s:
            states = s.execute(
                select(ReviewSession.month, ReviewSession.status).where(
                    ReviewSession.village_id == village_id, ~ReviewSession.is_deleted
                )
            ).all()
        closed = {m for m, st in states if st == "closed"} - {m for m, st in states if st == "open"}
        due = f"{last_month.year}-{last_month.month:02d}"
        return {m: n for m, n in counts.items() if m < due or m in closed}

    @staticmethod
    def _info(s: Session, record: ReviewSession) -> SessionInfo:
        activities = _activities_of(s, record)
        activity_count = (
            s.scalar(select(func.count()).select_from(activities.subquery()))
            if activities is not None
            else 0
        )
        decided = dict(
            s.execute(
                select(EntryDecision.decision, func.count())
                .where(EntryDecision.session_id == record.id)
                .group_by(EntryDecision.decision)
            ).all()
        )
        period = periods.parse(record.month)
        pending = s.scalar(
            select(func.count()).where(
                Entry.village_id == record.village_id,
                Entry.occurred_on.between(period.start, period.end),
                ~select(EntryDecision.id).where(EntryDecision.entry_id == Entry.id).exists(),
            )
        )
        return SessionInfo(
            record.id,
            record.village_id,
            record.month,
            record.held_on,
            record.place,
            record.attendees,
            record.reviewer_name,
            record.status,
            record.note,
            record.opened_at,
            record.closed_at,
            decided.get("approved", 0),
            decided.get("rejected", 0),
            pending or 0,
            activity_count or 0,
        )
