"""年度结转's first step: what a year leaves open — months with entries still pending or a review
session not ended, quarters that have ended without a final 公示, objections still open — each
with the place in the program where it is dealt with. Reads only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import periods
from .calendar.locks import STATE_NAMES

if TYPE_CHECKING:
    from .calendar.objections import ObjectionInfo
    from .ledger import Ledger

# Where each kind of open item is dealt with: the page's key in the main window, and its name.
PLACES = {
    "review": ("review", "审核"),
    "quarter": ("publication", "公示"),
    "objection": ("publication", "公示 › 异议"),
}


@dataclass(frozen=True)
class OpenItem:
    kind: str  # review | quarter | objection
    text: str
    advice: str

    @property
    def page(self) -> str:
        return PLACES[self.kind][0]

    @property
    def place(self) -> str:
        return PLACES[self.kind][1]


def open_items(ledger: Ledger, village_id: str, year: int, today: dt.date) -> list[OpenItem]:
    """The year's open items, in calendar order: reviews, then quarters, then objections."""
    return [
        *_reviews(ledger, village_id, year),
        *_quarters(ledger, village_id, year, today),
        *_objections(ledger, village_id, year),
    ]


def _reviews(ledger: Ledger, village_id: str, year: int) -> list[OpenItem]:
    prefix = f"{year}-"
    pending = {m: n for m, n in ledger.review.pending_months(village_id).items() if m[:5] == prefix}
    unended = {s.month for s in ledger.review.list(village_id, year, status="open")}
    items = []
    for month in sorted(set(pending) | unended):
        label = periods.parse(month).label
        if month in unended:
            text = f"{label}的审核会还没结束" + (
                f"，待审核 {pending[month]} 条" if month in pending else ""
            )
            advice = "请到“审核”页审完后点“结束审核会”。"
        else:
            text = f"{label}还有 {pending[month]} 条记录待审核"
            advice = f"请到“审核”页开{label}的审核会，审完后结束。"
        items.append(OpenItem("review", text, advice))
    return items


def _quarters(ledger: Ledger, village_id: str, year: int, today: dt.date) -> list[OpenItem]:
    publications = [p for p in ledger.publications.list(village_id, year) if p.grid_id is None]
    items = []
    for q in range(1, 5):
        quarter = periods.quarter(year, q)
        if quarter.end >= today:
            continue
        mine = [p for p in publications if p.quarter == quarter.key]
        status = min((p.status for p in mine), default="none", key=_ORDER.index)
        if status == "final":
            continue
        name = STATE_NAMES.get(status, "未公示")
        items.append(
            OpenItem("quarter", f"{quarter.label}：{name}，还没定稿", _QUARTER_ADVICE[status])
        )
    return items


_ORDER = ["none", "draft", "posted", "final"]
_QUARTER_ADVICE = {
    "none": "请到“公示”页生成草稿、张贴公示，公示期满后定稿。",
    "draft": "请到“公示”页张贴公示，公示期满后定稿。",
    "posted": "公示期满、异议处理完后，请到“公示”页点“定稿”。",
}


def _objections(ledger: Ledger, village_id: str, year: int) -> list[OpenItem]:
    found = [
        o for o in ledger.objections.list(village_id, status="open") if o.quarter[:4] == str(year)
    ]
    return [_objection_item(o) for o in found]


def _objection_item(o: ObjectionInfo) -> OpenItem:
    """An objection of the year not yet dealt with, and where to deal with it."""
    return OpenItem(
        "objection",
        f"{periods.parse(o.quarter).label}公示的异议还没处理：{o.household_number} "
        f"{o.household_name}（{o.received_on} 收到）",
        "请到“公示”页的异议列表里处理（成立或不成立）。",
    )
