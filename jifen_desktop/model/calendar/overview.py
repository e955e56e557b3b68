"""Where the village stands in the calendar, for the status bar and 首页: the state of the
last ended quarter's publication and of the current quarter, overdue reviews, open sessions,
open objections and vetoes in force."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import periods
from .locks import STATE_NAMES
from .publications import PublicationInfo
from .review import SessionInfo

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
            p = posted[0]
            text += f"（{p.posting_start:%m月%d日}至{p.posting_end:%m月%d日}）"
            if today > p.posting_end and not self.open_objections:
                text += "，公示期已满，可以定稿"
        if self.open_objections:
            text += f"，异议 {self.open_objections} 件待处理"
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

    @property
    def overdue_entries(self) -> int:
        return sum(self.overdue.values())


def overview(ledger: Ledger, village_id: str, today: dt.date | None = None) -> CalendarOverview:
    today = today or dt.date.today()
    current = periods.quarter_of(today)
    previous = periods.quarter_of(current.start - dt.timedelta(days=1))
    years = {previous.start.year, current.start.year}
    publications = [p for y in sorted(years) for p in ledger.publications.list(village_id, y)]

    def state(period: periods.Period) -> QuarterState:
        return QuarterState(period.key, tuple(p for p in publications if p.quarter == period.key))

    sessions = tuple(ledger.review.list(village_id, status="open"))
    open_objections = len(ledger.objections.list(village_id, status="open"))
    return CalendarOverview(
        today,
        state(previous),
        state(current),
        ledger.review.overdue(village_id, today),
        sessions,
        open_objections,
        len(ledger.vetoes.list(village_id, in_force_on=today)),
    )
