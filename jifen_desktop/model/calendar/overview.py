"""Where the village stands in the calendar, for the status bar and 首页: the state of the
last ended quarter's publication and of the current quarter, earlier quarters whose publication
is not final yet (a Q3 with an objection open stays on the list after Q4 is drafted), last
month's review when it is due, overdue reviews, open sessions, open objections, vetoes in force
and the year's base points not given yet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import periods
from .locks import STATE_NAMES
from .publications import PublicationInfo
from .review import SessionInfo

REVIEW_DAYS = 7  # 一月一审核: last month's review is held in this month's first week

if TYPE_CHECKING:
    from ..ledger import Ledger


@dataclass(frozen=True)
class QuarterState:
    quarter: str
    publications: tuple[PublicationInfo, ...]  # the village's and its grids'

    @property
    def label(self) -> str:
        return periods.parse(self.quarter).label

    @property
    def status(self) -> str:
        """none / draft / posted / final: the least advanced of its publications."""
        order = ("draft", "posted", "final")
        if not self.publications:
            return "none"
        return min((p.status for p in self.publications), key=order.index)

    @property
    def status_name(self) -> str:
        return STATE_NAMES.get(self.status, "未公示")

    @property
    def open_objections(self) -> int:
        return sum(p.open_objections for p in self.publications)

    def describe(self, today: dt.date) -> str:
        """One line, e.g. “2026年第3季度：公示中（11月17日至11月23日），异议 1 件待处理”."""
        text = f"{self.label}：{self.status_name}"
        posted = [p for p in self.publications if p.status == "posted"]
        if posted:
            text += self._posting_said(posted[0], today)
        if self.open_objections:
            text += f"，异议 {self.open_objections} 件待处理"
        return text

    def _posting_said(self, p: PublicationInfo, today: dt.date) -> str:
        """A posted notice's period, and whether it may be made final now."""
        text = f"（{p.posting_start:%m月%d日}至{p.posting_end:%m月%d日}）"
        if today > p.posting_end and not self.open_objections:
            text += "，公示期已满，可以定稿"
        return text


@dataclass(frozen=True)
class CalendarOverview:
    today: dt.date
    previous: QuarterState  # the last quarter that has ended
    current: QuarterState
    overdue: dict[str, int]  # month -> pending entries overdue for review
    open_sessions: tuple[SessionInfo, ...]
    open_objections: int
    vetoes_in_force: int
    # Quarters before ``previous`` with a publication not final yet, the earliest first.
    unfinished: tuple[QuarterState, ...] = ()
    # Last month's entries still pending while its review is due (the first week of this month).
    review_due: tuple[str, int] | None = None
    base_points_missing: int = 0  # households still without this year's base points

    @property
    def overdue_entries(self) -> int:
        return sum(self.overdue.values())

    @property
    def quarters_open(self) -> tuple[QuarterState, ...]:
        """The unfinished earlier quarters and the last ended one: what the 公示 line shows."""
        return (*self.unfinished, self.previous)

    def review_due_text(self) -> str:
        """“2026年12月的审核会还没开：待审核 5 条，请在本月第一周开会审核” (or “已过第一周”)."""
        if self.review_due is None:
            return ""
        month, pending = self.review_due
        late = "已过本月第一周，请尽快" if self.today.day > REVIEW_DAYS else "请在本月第一周"
        return f"{periods.parse(month).label}的审核会还没开：待审核 {pending} 条，{late}开会审核"


def overview(ledger: Ledger, village_id: str, today: dt.date | None = None) -> CalendarOverview:
    today = today or dt.date.today()
    current = periods.quarter_of(today)
    previous = periods.quarter_of(current.start - dt.timedelta(days=1))
    years = range(previous.start.year - 1, current.start.year + 1)
    publications = [p for y in years for p in ledger.publications.list(village_id, y)]

    def state(period: periods.Period) -> QuarterState:
        return QuarterState(period.key, tuple(p for p in publications if p.quarter == period.key))

    earlier = sorted({p.quarter for p in publications if p.quarter < previous.key})
    unfinished = tuple(
        q for q in (state(periods.parse(key)) for key in earlier) if q.status != "final"
    )
    sessions = tuple(ledger.review.list(village_id, status="open"))
    open_objections = len(ledger.objections.list(village_id, status="open"))
    overdue = ledger.review.overdue(village_id, today)
    return CalendarOverview(
        today,
        state(previous),
        state(current),
        overdue,
        sessions,
        open_objections,
        len(ledger.vetoes.list(village_id, in_force_on=today)),
        unfinished,
        _review_due(ledger, village_id, today, overdue, sessions),
        ledger.base_points.missing(village_id, today.year),
    )


def _review_due(
    ledger: Ledger,
    village_id: str,
    today: dt.date,
    overdue: dict[str, int],
    sessions: tuple[SessionInfo, ...],
) -> tuple[str, int] | None:
    """Last month, with its pending entries, when its review has not been held yet."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    last = periods.month(end.year, end.month).key
    if last in overdue or any(s.month == last for s in sessions):
        return None
    pending = ledger.review.pending_months(village_id).get(last, 0)
    return (last, pending) if pending else None
