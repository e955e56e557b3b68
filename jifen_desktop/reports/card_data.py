"""What a 户积分卡 shows, read for one household or a whole grid at once: the year's entries,
the points carried in from earlier years, the balances and the redemptions.

Everything comes through the public services in a handful of calls for the whole set (not a
query per household), so the cards of 2,000 households read in a second or two.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jifen_desktop.model import periods
from jifen_desktop.model.calendar.honour_awards import HonourAwardService
from jifen_desktop.model.entry_queries import EntryInfo
from jifen_desktop.model.households import HouseholdInfo
from jifen_desktop.model.periods import EARLIEST, Period
from jifen_desktop.model.store import RedemptionInfo

if TYPE_CHECKING:
    from jifen_desktop.model.ledger import Ledger

ALL_REDEMPTIONS = 10**9


@dataclass(frozen=True)
class CardData:
    household: HouseholdInfo
    year: int
    entries: list[EntryInfo]  # approved, in date order
    pending: int  # entries of the year not decided yet (not counted)
    carried_in: int  # net approved points of the years before
    available: int  # 可用积分 when printed
    redemptions: list[RedemptionInfo]
    honours: tuple[str, ...] = ()  # the titles of the year in force, e.g. 2026年度十星级文明户

    @property
    def added(self) -> int:
        return sum(e.points for e in self.entries if e.points > 0)

    @property
    def deducted(self) -> int:
        return sum(e.points for e in self.entries if e.points < 0)

    @property
    def annual(self) -> int:
        return self.added + self.deducted

    @property
    def lifetime(self) -> int:
        return self.carried_in + self.annual

    @property
    def spent(self) -> int:
        return sum(r.points for r in self.redemptions if not r.returned)


def on_books(h: HouseholdInfo, year: Period) -> bool:
    """Registered by the year's end and not gone before it began."""
    gone = h.status != "active" and h.status_since < year.start
    return h.registered_on <= year.end and not gone


def households_for_cards(
    ledger: Ledger, village_id: str, year: int, grid_id: str | None = None
) -> list[HouseholdInfo]:
    """The households (and units) of the village, or of a grid, on the books in the year."""
    period = periods.year(year)
    listed = ledger.households.list(village_id, grid_id=grid_id)
    return [h for h in listed if on_books(h, period)]


def _carried_in(ledger: Ledger, village_id: str, year: int, kinds: set[str]) -> dict[str, int]:
    """Net approved points of every household up to the end of the year before."""
    before = Period("", EARLIEST, dt.date(year - 1, 12, 31))
    totals: dict[str, int] = {}
    for kind in sorted(kinds):
        for row in ledger.rankings.rank(village_id, before, kind=kind):
            totals[row.household_id] = row.points
    return totals


def _entries_of_year(
    ledger: Ledger, village_id: str, period: Period, one: str | None, chosen: set[str]
) -> tuple[dict[str, list[EntryInfo]], dict[str, int]]:
    """Per chosen household: its approved entries (oldest first; transfers left out, they
    only move available points) and how many are still pending."""
    approved: dict[str, list[EntryInfo]] = defaultdict(list)
    pending: dict[str, int] = defaultdict(int)
    for e in ledger.entries.list(village_id, household_id=one, period=period, order="oldest"):
        if e.household_id not in chosen:
            continue
        if e.status == "approved" and e.kind != "transfer":
            approved[e.household_id].append(e)
        elif e.status == "pending":
            pending[e.household_id] += 1
    return approved, pending


def _redemptions_of_year(
    ledger: Ledger, village_id: str, period: Period, one: str | None
) -> dict[str, list[RedemptionInfo]]:
    redeemed: dict[str, list[RedemptionInfo]] = defaultdict(list)
    for r in ledger.store.redemptions(
        village_id, household_id=one, start=period.start, end=period.end, limit=ALL_REDEMPTIONS
    ):
        redeemed[r.household_id].append(r)
    return redeemed


def read_cards(ledger: Ledger, households: Sequence[HouseholdInfo], year: int) -> list[CardData]:
    """The card of each household (all of one village) for ``year``, in the order given."""
    if not households:
        return []
    village_id = households[0].village_id
    period = periods.year(year)
    ids = [h.id for h in households]
    one = households[0].id if len(households) == 1 else None
    approved, pending = _entries_of_year(ledger, village_id, period, one, set(ids))
    redeemed = _redemptions_of_year(ledger, village_id, period, one)
    carried = _carried_in(ledger, village_id, year, {h.kind for h in households})
    balances = ledger.balances.many(village_id, ids, year)
    honours = honours_of_year(ledger, village_id, year)
    return [
        CardData(
            h,
            year,
            approved[h.id],
            pending[h.id],
            carried.get(h.id, 0),
            balances[h.id].available,
            sorted(redeemed[h.id], key=lambda r: (r.occurred_on, r.receipt_no)),
            tuple(honours[h.id]),
        )
        for h in households
    ]


def honours_of_year(ledger: Ledger, village_id: str, year: int) -> dict[str, list[str]]:
    """Household id -> the titles in force of ``year`` and its quarters (荣誉称号)."""
    found: dict[str, list[str]] = defaultdict(list)
    for a in HonourAwardService(ledger).list(village_id, in_force=True):
        if a.period.startswith(str(year)):
            found[a.household_id].append(a.title_text)
    return found
