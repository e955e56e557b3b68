"""Participation of persons (PRODUCT.md "Participation"; seed 001 篇1/篇2): of the people present
in the period, how many have at least one approved, unreversed, non-base entry naming them; the
same for party members (target 100 %: 党员干部 take part); and how many people redeemed in the
积分超市 (a redemption naming them, not returned; target at least 30 %).

Counted per village in one pass, so the township's overview reads every village it holds the
same way a village reads itself."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from . import authz
from .entry_checks import live_entries_clause
from .periods import Period
from .persons import present_clause
from .schema import Entry, EntryDecision, Household, Member, Redemption, RedemptionReturn

if TYPE_CHECKING:
    from .ledger import Ledger

PARTY_TARGET = 1.0  # 党员参与率 100 %
REDEEMING_TARGET = 0.3  # 个人兑换率 ≥ 30 %


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass(frozen=True)
class RateLine:
    """One rate as a line: its name, the count of the whole, its target ("" for none)."""

    what: str
    part: int
    whole: int
    target: str
    met: bool = True

    @property
    def count(self) -> str:
        return f"{self.part}/{self.whole}"

    @property
    def rate(self) -> str:
        return f"{share(self.part, self.whole):.0%}"

    @property
    def text(self) -> str:
        """“党员参与率：36/75，48%（目标100%）”."""
        target = f"（目标{self.target}）" if self.target else ""
        return f"{self.what}：{self.count}，{self.rate}{target}"


@dataclass(frozen=True)
class PersonRates:
    present: int  # persons present some day of the period
    taking_part: int  # of them, named by an approved non-base entry in the period
    party_present: int
    party_taking_part: int
    redeeming: int  # of the present, named by a redemption in the period (not returned)

    @property
    def participation(self) -> float:
        return share(self.taking_part, self.present)

    @property
    def party_participation(self) -> float:
        return share(self.party_taking_part, self.party_present)

    @property
    def redeeming_rate(self) -> float:
        return share(self.redeeming, self.present)

    def lines(self) -> list[RateLine]:
        """个人参与率, 党员参与率 and 个人兑换率, as tables and texts show them."""
        return [
            RateLine("个人参与率", self.taking_part, self.present, ""),
            RateLine(
                "党员参与率",
                self.party_taking_part,
                self.party_present,
                "100%",
                self.party_participation >= PARTY_TARGET or not self.party_present,
            ),
            RateLine(
                "个人兑换率",
                self.redeeming,
                self.present,
                "≥30%",
                self.redeeming_rate >= REDEEMING_TARGET,
            ),
        ]


NONE = PersonRates(0, 0, 0, 0, 0)


def _took_part(session: Session, period: Period, village_id: str | None) -> set[str]:
    stmt = (
        select(Entry.member_id)
        .join(
            EntryDecision,
            (EntryDecision.entry_id == Entry.id) & (EntryDecision.decision == "approved"),
        )
        .where(
            Entry.member_id.is_not(None),
            Entry.kind == "normal",
            Entry.occurred_on.between(period.start, period.end),
            live_entries_clause(),
        )
        .distinct()
    )
    if village_id is not None:
        stmt = stmt.where(Entry.village_id == village_id)
    return {m for m in session.scalars(stmt) if m}


def redeeming(period: Period, village_id: str | None = None) -> Select[str | None]:
    """The persons named by a redemption in the period that was not returned (distinct)."""
    stmt = (
        select(Redemption.member_id)
        .outerjoin(RedemptionReturn, RedemptionReturn.redemption_id == Redemption.id)
        .where(
            Redemption.member_id.is_not(None),
            RedemptionReturn.id.is_(None),
            Redemption.occurred_on.between(period.start, period.end),
        )
        .distinct()
    )
    if village_id is not None:
        stmt = stmt.where(Redemption.village_id == village_id)
    return stmt


def _redeemed(session: Session, period: Period, village_id: str | None) -> set[str]:
    return {m for m in session.scalars(redeeming(period, village_id)) if m}


def rates_by_village(
    session: Session, period: Period, village_id: str | None = None
) -> dict[str, PersonRates]:
    """{village id: its persons' rates in the period}, for one village or every one held."""
    stmt = (
        select(Household.village_id, Member.id, Member.is_party_member)
        .join(Household, Household.id == Member.household_id)
        .where(present_clause(period))
    )
    if village_id is not None:
        stmt = stmt.where(Household.village_id == village_id)
    took_part = _took_part(session, period, village_id)
    redeemed = _redeemed(session, period, village_id)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for vid, member_id, party in session.execute(stmt):
        c = counts[vid]
        active = member_id in took_part
        c[0], c[1] = c[0] + 1, c[1] + active
        c[2], c[3] = c[2] + bool(party), c[3] + (bool(party) and active)
        c[4] += member_id in redeemed
    return {vid: PersonRates(*c) for vid, c in counts.items()}


def village_rates(ledger: Ledger, village_id: str, period: Period) -> PersonRates:
    """The village's persons' rates in the period."""
    authz.require_village(ledger.actor, village_id)
    with ledger.read() as s:
        return rates_by_village(s, period, village_id).get(village_id, NONE)
