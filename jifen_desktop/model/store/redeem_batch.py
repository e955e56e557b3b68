"""What a batch of redemptions (``store.redeem_many``, one store day's queue at one counter)
reads once instead of once per redemption: its households, members and the goods asked for by
id (held, so the checks find them in the session without a query), the vetoes of that day,
the stock of the goods asked for and the last receipt number of the year. Each redemption then
takes its goods and its number off these as it is written, so the next one in the queue is
checked against what the ones before it left, as a query after them would read it.

The checks themselves are those of one redemption (``redemptions``); this only saves the
queries. The receipts the batch returns are made from the values written (``info``), not read
back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..schema import Household, Member, Redemption, StoreGoods, Veto
from .common import stock_levels
from .receipts import RedemptionInfo, RedemptionLineInfo, receipt_number, receipt_text

if TYPE_CHECKING:
    from ..tx import Tx
    from .redemptions import RedemptionRequest

_T = TypeVar("_T", Household, Member, StoreGoods)


@dataclass
class BatchReads:
    """The reads of one batch, made by ``read``; ``stock`` and ``serial`` move as the batch's
    redemptions are written."""

    households: dict[str, Household]
    members: dict[str, Member]
    goods: dict[str, StoreGoods]  # the village's goods asked for by id, by id
    vetoed: set[str]  # households that may have a veto in force on the day
    stock: dict[str, int]  # goods id -> on the shelf, for the goods read so far
    serial: int  # the last receipt serial of the year

    @classmethod
    def read(
        cls, tx: Tx, village_id: str, requests: Sequence[RedemptionRequest], day: dt.date
    ) -> BatchReads:
        """Read what the batch's checks need, in a few queries."""
        session = tx.session
        ids = {r.household_id for r in requests}
        texts = {str(name).strip() for r in requests for name, _ in r.items}
        goods = _by_id(session, StoreGoods, texts, StoreGoods.village_id == village_id)
        return cls(
            households=_by_id(session, Household, ids),
            members=_by_id(session, Member, {r.member_id for r in requests if r.member_id}),
            goods=goods,
            vetoed=_maybe_vetoed(session, village_id, ids, day),
            stock={g: 0 for g in goods}
            | (stock_levels(session, goods, village_id) if goods else {}),
            serial=receipt_number(session, village_id, day.year)[0] - 1,
        )

    def stock_of(self, tx: Tx, village_id: str, goods_ids: Sequence[str]) -> dict[str, int]:
        """The stock of these goods as the batch has left it (read for goods not read yet:
        the session flushes what the batch wrote first)."""
        missing = [g for g in goods_ids if g not in self.stock]
        if missing:
            self.stock |= {g: 0 for g in missing} | stock_levels(tx.session, missing, village_id)
        return {g: self.stock[g] for g in goods_ids}

    def take(self, goods_id: str, quantity: int) -> None:
        """A redemption of the batch took ``quantity`` of a good off the shelf."""
        if goods_id in self.stock:
            self.stock[goods_id] -= quantity

    def next_receipt(self, year: int) -> tuple[int, str]:
        """The next serial of the year and its receipt number, as ``receipt_number`` gives it."""
        self.serial += 1
        return self.serial, receipt_text(year, self.serial)


def _by_id(session: Session, table: type[_T], ids: set[str], *where: Any) -> dict[str, _T]:
    """The records of ``table`` with these ids (and ``where``), by id; no query for none."""
    if not ids:
        return {}
    return {r.id: r for r in session.scalars(select(table).where(table.id.in_(ids), *where))}


def _maybe_vetoed(session: Session, village_id: str, ids: set[str], day: dt.date) -> set[str]:
    """The households with a veto whose term takes in ``day`` (lifted or not: a household
    named here is asked ``vetoes.refusal_on``, which knows)."""
    return set(
        session.scalars(
            select(Veto.household_id).where(
                Veto.village_id == village_id,
                Veto.household_id.in_(ids),
                Veto.starts_on <= day,
                Veto.ends_on >= day,
            )
        )
    )


def info(
    redemption: Redemption,
    household: Household,
    member: Member | None,
    lines: Sequence[RedemptionLineInfo],
) -> RedemptionInfo:
    """The receipt of a redemption just written, from the values written (what ``load_infos``
    reads back: tests/model/test_store_batch.py compares them)."""
    return RedemptionInfo(
        redemption.id,
        redemption.receipt_no,
        household.id,
        household.number,
        household.head_name,
        member.name if member is not None else "",
        redemption.occurred_on,
        redemption.points,
        tuple(lines),
        redemption.operator_name,
        redemption.note,
        None,
        "",
    )
