"""Receipts of the 积分超市: numbering (DH2026-0001, sequential per village and year) and the
redemption as the screens and the CLI see it, with its lines and its return, if any."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..schema import Household, Member, Redemption, RedemptionLine, RedemptionReturn

RECEIPT_PREFIX = "DH"


@dataclass(frozen=True)
class RedemptionLineInfo:
    goods_name: str
    unit: str
    unit_price: int
    quantity: int
    points: int


@dataclass(frozen=True)
class RedemptionInfo:
    id: str
    receipt_no: str
    household_id: str
    household_number: str
    head_name: str
    member_name: str
    occurred_on: dt.date
    points: int
    lines: tuple[RedemptionLineInfo, ...]
    operator_name: str
    note: str
    returned_on: dt.date | None
    return_reason: str

    @property
    def returned(self) -> bool:
        return self.returned_on is not None


def receipt_number(session: Session, village_id: str, year: int) -> tuple[int, str]:
    """The next serial of the year and its receipt number. Read under the write lock, so two
    redemptions never get the same number (a unique index backs this up)."""
    last = session.scalar(
        select(func.max(Redemption.serial)).where(
            Redemption.village_id == village_id, Redemption.year == year
        )
    )
    serial = (last or 0) + 1
    return serial, receipt_text(year, serial)


def receipt_text(year: int, serial: int) -> str:
    """The receipt number printed on a redemption's receipt: ``DH2026-0007``."""
    return f"{RECEIPT_PREFIX}{year}-{serial:04d}"


def load_infos(session: Session, redemption_ids: Sequence[str]) -> list[RedemptionInfo]:
    """``RedemptionInfo`` for the ids, in the order given."""
    if not redemption_ids:
        return []
    ids = list(redemption_ids)
    rows = _redemption_rows(session, ids)
    lines = _lines_of(session, ids)
    infos = {
        r.id: RedemptionInfo(
            r.id,
            r.receipt_no,
            r.household_id,
            number,
            head,
            member or "",
            r.occurred_on,
            r.points,
            tuple(lines.get(r.id, ())),
            r.operator_name,
            r.note,
            back.returned_on if back else None,
            back.reason if back else "",
        )
        for r, number, head, member, back in rows
    }
    return [infos[i] for i in ids]


def _redemption_rows(session: Session, ids: list[str]) -> Sequence[Any]:
    """Each redemption with its household's number and head, the member and the return."""
    return session.execute(
        select(Redemption, Household.number, Household.head_name, Member.name, RedemptionReturn)
        .join(Household, Household.id == Redemption.household_id)
        .outerjoin(Member, Member.id == Redemption.member_id)
        .outerjoin(RedemptionReturn, RedemptionReturn.redemption_id == Redemption.id)
        .where(Redemption.id.in_(ids))
    ).all()


def _lines_of(session: Session, ids: list[str]) -> dict[str, list[RedemptionLineInfo]]:
    """The redemptions' lines (goods, unit, price, quantity, points) in their order."""
    lines: dict[str, list[RedemptionLineInfo]] = {}
    for line in session.scalars(
        select(RedemptionLine)
        .where(RedemptionLine.redemption_id.in_(ids))
        .order_by(RedemptionLine.seq)
    ):
        lines.setdefault(line.redemption_id, []).append(
            RedemptionLineInfo(
                line.goods_name, line.unit, line.unit_price, line.quantity, line.points
            )
        )
    return lines
