"""Balances per household (PRODUCT.md "Balances"), from approved entries only:

* lifetime points (累计积分): every approved point ever, never cleared;
* annual points (年度积分): approved points dated in the year, base points included;
* available points (可用积分): what the 积分超市 may spend. With the village's ``carry_over``
  policy it is the lifetime figure, with ``year_end`` (年底清零) the current year's figure.
  Redemptions arrive with the store (issue 5) and will be subtracted there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from . import authz
from .periods import Period
from .tables import Entry, EntryDecision, Village

if TYPE_CHECKING:
    from .ledger import Ledger


@dataclass(frozen=True)
class Balance:
    household_id: str
    year: int
    lifetime: int
    annual: int
    available: int
    policy: str


@dataclass(frozen=True)
class PointsTotal:
    added: int
    deducted: int
    entries: int

    @property
    def net(self) -> int:
        return self.added + self.deducted


def points_by_household(
    session: Session,
    village_id: str,
    period: Period | None,
    household_ids: Iterable[str] | None = None,
) -> dict[str, PointsTotal]:
    """Approved points per household in a period: added, deducted (negative), entry count."""
    added = func.sum(case((Entry.points > 0, Entry.points), else_=0))
    deducted = func.sum(case((Entry.points < 0, Entry.points), else_=0))
    stmt = (
        select(Entry.household_id, added, deducted, func.count())
        .join(
            EntryDecision,
            (EntryDecision.entry_id == Entry.id) & (EntryDecision.decision == "approved"),
        )
        .where(Entry.village_id == village_id)
        .group_by(Entry.household_id)
    )
    if period is not None:
        stmt = stmt.where(Entry.occurred_on.between(period.start, period.end))
    if household_ids is not None:
        stmt = stmt.where(Entry.household_id.in_(list(household_ids)))
    return {h: PointsTotal(a or 0, d or 0, n) for h, a, d, n in session.execute(stmt)}


class BalanceService:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def of(self, household_id: str, year: int | None = None) -> Balance:
        household = self.ledger.households.get(household_id)
        return self.many(household.village_id, [household_id], year)[household_id]

    def many(
        self, village_id: str, household_ids: Iterable[str] | None = None, year: int | None = None
    ) -> dict[str, Balance]:
        """Balances of many households at once (a whole village when ids are None)."""
        authz.require_village(self.ledger.actor, village_id)
        year = year or dt.date.today().year
        from .periods import year as year_period

        ids = list(household_ids) if household_ids is not None else None
        with self.ledger.read() as s:
            policy = s.scalar(select(Village.available_policy).where(Village.id == village_id))
            lifetime = points_by_household(s, village_id, None, ids)
            annual = points_by_household(s, village_id, year_period(year), ids)
        keys = ids if ids is not None else list(lifetime)
        zero = PointsTotal(0, 0, 0)
        result = {}
        for hid in keys:
            life, ann = lifetime.get(hid, zero).net, annual.get(hid, zero).net
            available = ann if policy == "year_end" else life
            result[hid] = Balance(hid, year, life, ann, available, policy or "carry_over")
        return result
