"""The year-end step of a village whose available points are cleared at year end (年底清零): it
records, per household, the available points of a year that has ended (append-only rows), once.
Running it again for the same year finds the first run and changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import authz
from ..balances import balances_in
from ..errors import ValidationError
from ..schema import Household, PointExpiry, Village, YearEndClosing
from ..tx import Change, Op, Tx

if TYPE_CHECKING:
    from ..ledger import Ledger


@dataclass(frozen=True)
class ExpiryRow:
    household_id: str
    number: str
    head_name: str
    points: int


@dataclass(frozen=True)
class YearEndResult:
    year: int
    rows: tuple[ExpiryRow, ...]
    already_done: bool  # True when an earlier run had expired this year: nothing changed now
    done_at: dt.datetime

    @property
    def points(self) -> int:
        return sum(r.points for r in self.rows)


def _expiry_rows(session: Session, village_id: str, year: int) -> tuple[ExpiryRow, ...]:
    rows = session.execute(
        select(PointExpiry.household_id, Household.number, Household.head_name, PointExpiry.points)
        .join(Household, Household.id == PointExpiry.household_id)
        .where(PointExpiry.village_id == village_id, PointExpiry.year == year)
        .order_by(Household.number)
    )
    return tuple(ExpiryRow(*r) for r in rows)


def _refuse_carry_over(session: Session, village_id: str) -> None:
    """Refuse the year-end step in a village whose available points carry over."""
    policy = session.scalar(select(Village.available_policy).where(Village.id == village_id))
    if policy != "year_end":
        raise ValidationError(
            "本村的可用积分是跨年结转的，不清零；如本村实行年底清零，"
            "请先在“设置 › 村信息与积分政策”里改为年底清零。"
        )


def _close_year(tx: Tx, village_id: str, year: int) -> YearEndClosing:
    """Queue an expiry row for each household with available points at the end of ``year``,
    and the year's closing that says it was done (how many households, how many points)."""
    balances = balances_in(tx.session, village_id, None, year)
    expiring = {h: b.available for h, b in balances.items() if b.available > 0}
    for household_id, points in expiring.items():
        tx.add(
            PointExpiry(
                village_id=village_id,
                household_id=household_id,
                year=year,
                points=points,
                recorded_by=tx.actor.id,
                recorded_at=tx.now,
            )
        )
    closing = YearEndClosing(
        village_id=village_id,
        year=year,
        households=len(expiring),
        points=sum(expiring.values()),
        recorded_by=tx.actor.id,
        recorded_at=tx.now,
    )
    tx.add(closing)
    tx.session.flush()
    return closing


def year_end_closing(session: Session, village_id: str, year: int) -> YearEndClosing | None:
    """The record of the year's 年底清零, if it was done."""
    return session.scalars(
        select(YearEndClosing).where(
            YearEndClosing.village_id == village_id, YearEndClosing.year == year
        )
    ).first()


def _check_year_ended(year: int) -> None:
    if year >= dt.date.today().year:
        raise ValidationError(
            f"{year}年还没有结束，不能清零；年底清零要到{year + 1}年1月1日以后再做。",
            field="year",
        )


class ExpiryOps:
    ledger: Ledger

    def expire_year(self, village_id: str, year: int) -> Op[YearEndResult]:
        """Clear the available points of ``year`` (which must have ended), once."""
        actor = self.ledger.actor
        authz.require(actor, authz.ADMIN_ROLES, "执行年底清零")
        authz.require_village(actor, village_id)
        _check_year_ended(year)

        def work(tx: Tx) -> YearEndResult:
            s = tx.session
            _refuse_carry_over(s, village_id)
            done = year_end_closing(s, village_id, year)
            if done is not None:
                return YearEndResult(
                    year, _expiry_rows(s, village_id, year), True, done.recorded_at
                )
            closing = _close_year(tx, village_id, year)
            rows = _expiry_rows(s, village_id, year)
            tx.audit(
                "store.expire",
                "year_end_closing",
                closing.id,
                f"{year}年可用积分年底清零：{len(rows)}户共{closing.points}分",
                village_id=village_id,
                after={"year": year, "expired": {r.number: r.points for r in rows}},
            )
            tx.changed(Change.STORE)
            return YearEndResult(year, rows, False, tx.now)

        return self.ledger.run(work)
