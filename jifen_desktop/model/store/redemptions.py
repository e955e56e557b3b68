"""Redemptions (兑换) and returns (退货/撤销兑换).

A redemption takes goods for a household's available points. Everything is checked inside the
write transaction (``BEGIN IMMEDIATE`` serialises writers), so two redemptions committed back
to back cannot both take the last item or the last points. A redemption line copies the good's
name, unit and price, so a later price change leaves the receipt as it was. A return reverses a
whole redemption once: its points and stock come back. Both are append-only rows.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from .. import authz
from ..balances import AsOf, balances_in
from ..calendar import vetoes
from ..errors import NotFound, ValidationError
from ..households import STATUS_NAMES, load_household
from ..schema import (
    Household,
    Member,
    Redemption,
    RedemptionLine,
    RedemptionReturn,
    StockMovement,
    StoreGoods,
)
from ..tx import Change, Op, Tx, row_values
from .common import REDEEM_ROLES, RETURN_ROLES, check_day, check_text, load_goods
from .receipts import RedemptionInfo, RedemptionLineInfo, load_infos
from .redeem_batch import BatchReads, info

if TYPE_CHECKING:
    from ..ledger import Ledger


def redemption_refusal_for_veto(session: Session, household: Household, on: dt.date) -> str | None:
    """The Chinese reason a vetoed household (一票否决) may not redeem on ``on``, or None."""
    return vetoes.refusal_on(session, household, on)


@dataclass(frozen=True)
class _Line:
    goods: StoreGoods
    quantity: int

    @property
    def points(self) -> int:
        return self.goods.price * self.quantity


def _household_for_redemption(
    tx: Tx, village_id: str, household_id: str, on: dt.date, vetoed: set[str]
) -> Household:
    """The household, if it may redeem on ``on`` (``vetoed``: the households with a veto in
    force that day, read for the batch)."""
    household = load_household(tx.session, household_id)
    label = f"{household.number} {household.unit_name or household.head_name}"
    if household.village_id != village_id:
        raise NotFound("这一户不属于本村。")
    authz.require_grid(tx.actor, household.grid_id, label)
    if household.status != "active":
        raise ValidationError(
            f"户“{label}”已{STATUS_NAMES.get(household.status, household.status)}"
            f"（{household.status_since}），不能兑换。",
            field="household",
        )
    refusal = (
        redemption_refusal_for_veto(tx.session, household, on) if household.id in vetoed else None
    )
    if refusal:
        raise ValidationError(refusal, field="household")
    return household


def _check_member(tx: Tx, household: Household, member_id: str | None) -> None:
    if member_id is None:
        return
    member = tx.session.get(Member, member_id)
    if member is None or member.is_deleted or member.household_id != household.id:
        raise ValidationError("来兑换的人不是这一户的成员，请重新选择。", field="member")
    if member.status != "present":
        raise ValidationError(f"成员“{member.name}”已不在户，请选择在户的成员。", field="member")


def _lines(
    tx: Tx, village_id: str, items: Sequence[tuple[str, int]], reads: BatchReads
) -> list[_Line]:
    """The goods asked for (the same good twice is added up), active and in stock (as the
    batch's redemptions before this one left it)."""
    if not items:
        raise ValidationError("请至少选择一种要兑换的商品。", field="items")
    wanted: dict[str, _Line] = {}
    for name, quantity in items:
        if not isinstance(quantity, int) or quantity < 1:
            raise ValidationError(f"“{name}”的数量应为大于0的整数。", field="items")
        goods = load_goods(tx.session, village_id, name)
        if not goods.active:
            raise ValidationError(f"“{goods.name}”已停止兑换，请选择其他商品。", field="items")
        before = wanted.get(goods.id)
        wanted[goods.id] = _Line(goods, quantity + (before.quantity if before else 0))
    stock = reads.stock_of(tx, village_id, list(wanted))
    for line in wanted.values():
        left = stock.get(line.goods.id, 0)
        if not line.goods.is_service and line.quantity > left:
            g = line.goods
            raise ValidationError(
                f"“{g.name}”库存只剩{left}{g.unit}，不够兑换{line.quantity}{g.unit}。",
                field="items",
            )
    return list(wanted.values())


def _check_points(household: Household, total: int, left: dict[str, int]) -> None:
    """Refuse a redemption of more than the household has left (``left``: available points
    by household, less the redemptions of this batch so far); take it off."""
    have = left.get(household.id, 0)
    if total > have:
        raise ValidationError(_too_few_points(household, have, total), field="items")
    left[household.id] = have - total


def _too_few_points(household: Household, have: int, total: int) -> str:
    """A redemption the household's available points do not cover, in words."""
    return (
        f"户“{household.number} {household.head_name}”可用积分只有{have}分，"
        f"这次兑换需要{total}分，还差{total - have}分。"
    )


@dataclass(frozen=True)
class RedemptionRequest:
    """One household's redemption in a batch (``redeem_many``): ``items`` are (good name or
    id, quantity); ``member_id`` the member who came, if named."""

    household_id: str
    items: Sequence[tuple[str, int]]
    member_id: str | None = None
    note: str = ""


class RedemptionOps:
    ledger: Ledger

    def redeem(
        self,
        village_id: str,
        household_id: str,
        items: Sequence[tuple[str, int]],
        *,
        member_id: str | None = None,
        on: dt.date | None = None,
        note: str = "",
    ) -> Op[RedemptionInfo]:
        """Exchange available points for goods: ``items`` are (good name or id, quantity)."""
        op = self.redeem_many(
            village_id, [RedemptionRequest(household_id, items, member_id, note)], on=on
        )
        return Op(op.value[0], op.changes)

    def redeem_many(
        self,
        village_id: str,
        requests: Sequence[RedemptionRequest],
        *,
        on: dt.date | None = None,
    ) -> Op[builtins.list[RedemptionInfo]]:
        """Several redemptions of one day in one transaction, in order (a store day's queue
        at one counter): each checked as ``redeem`` checks one, against the points and stock
        the ones before it left; if one is refused, none is written."""
        actor = self.ledger.actor
        authz.require(actor, REDEEM_ROLES, "办理积分兑换")
        authz.require_village(actor, village_id)
        day = check_day(on)
        notes = [check_text(r.note, "备注", 500, field="note", multiline=True) for r in requests]

        def work(tx: Tx) -> builtins.list[RedemptionInfo]:
            households = sorted({r.household_id for r in requests})
            reads = BatchReads.read(tx, village_id, requests, day)
            balances = balances_in(tx.session, village_id, households, day.year)
            left = {h: b.available for h, b in balances.items()}
            infos = [
                self._redeem_one(tx, village_id, request, note, day, (left, reads))
                for request, note in zip(requests, notes, strict=True)
            ]
            tx.changed(Change.STORE)
            return infos

        return self.ledger.run(work)

    def _redeem_one(
        self,
        tx: Tx,
        village_id: str,
        request: RedemptionRequest,
        note: str,
        day: dt.date,
        batch: tuple[dict[str, int], BatchReads],
    ) -> RedemptionInfo:
        """Check and write one redemption (``batch``: the points left per household and the
        batch's reads); its receipt."""
        left, reads = batch
        household = _household_for_redemption(
            tx, village_id, request.household_id, day, reads.vetoed
        )
        _check_member(tx, household, request.member_id)
        lines = _lines(tx, village_id, request.items, reads)
        total = sum(line.points for line in lines)
        _check_points(household, total, left)
        serial = reads.next_receipt(day.year)
        redemption = _write_redemption(tx, household, (request.member_id, serial), total, note, day)
        written = [self._write_line(tx, redemption, line, reads) for line in lines]
        _audit_redemption(tx, redemption, household, lines)
        return info(redemption, household, reads.members.get(request.member_id or ""), written)

    @staticmethod
    def _write_line(
        tx: Tx, redemption: Redemption, line: _Line, reads: BatchReads
    ) -> RedemptionLineInfo:
        """A line of the redemption and, for goods, its stock movement; the line as written."""
        g = line.goods
        row = RedemptionLine(
            redemption_id=redemption.id,
            goods_id=g.id,
            goods_name=g.name,
            unit=g.unit,
            unit_price=g.price,
            quantity=line.quantity,
            points=line.points,
        )
        tx.add(row)
        if not g.is_service:
            tx.add(_stock_row(tx, redemption, g.id, "redemption", -line.quantity))
            reads.take(g.id, line.quantity)
        return RedemptionLineInfo(
            row.goods_name, row.unit, row.unit_price, row.quantity, row.points
        )

    def return_redemption(
        self, village_id: str, receipt_no: str, reason: str, *, on: dt.date | None = None
    ) -> Op[RedemptionInfo]:
        """Take a whole redemption back once: its points and its goods come back."""
        actor = self.ledger.actor
        authz.require(actor, RETURN_ROLES, "撤销兑换（退货）")
        authz.require_village(actor, village_id)
        reason = check_text(reason, "撤销原因", 500, field="reason", multiline=True, required=True)
        day = check_day(on)

        def work(tx: Tx) -> RedemptionInfo:
            redemption = _load_by_receipt(tx.session, village_id, receipt_no)
            _refuse_unreturnable(tx, redemption, day)
            back = RedemptionReturn(
                redemption_id=redemption.id,
                village_id=village_id,
                household_id=redemption.household_id,
                points=redemption.points,
                reason=reason,
                returned_on=day,
                recorded_by=tx.actor.id,
                recorded_at=tx.now,
            )
            tx.created(
                back,
                "store.return",
                f"撤销兑换 {redemption.receipt_no}，退回{redemption.points}分：{reason}",
                village_id=village_id,
            )
            _restock(tx, redemption, day)
            tx.changed(Change.STORE)
            return load_infos(tx.session, [redemption.id])[0]

        return self.ledger.run(work)

    def redemptions(
        self,
        village_id: str,
        *,
        household_id: str | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        limit: int = 200,
    ) -> builtins.list[RedemptionInfo]:
        """Redemptions, latest first; a recorder sees those of their grids' households."""
        actor = self.ledger.actor
        authz.require_village(actor, village_id)
        stmt = (
            select(Redemption.id, Household.grid_id)
            .join(Household, Household.id == Redemption.household_id)
            .where(Redemption.village_id == village_id)
            .order_by(
                Redemption.occurred_on.desc(), Redemption.year.desc(), Redemption.serial.desc()
            )
        )
        if household_id:
            stmt = stmt.where(Redemption.household_id == household_id)
        if start:
            stmt = stmt.where(Redemption.occurred_on >= start)
        if end:
            stmt = stmt.where(Redemption.occurred_on <= end)
        with self.ledger.read() as s:
            ids = [rid for rid, grid in s.execute(stmt) if authz.can_see_grid(actor, grid)]
            return load_infos(s, ids[:limit])

    def redemption(self, village_id: str, receipt_no: str) -> RedemptionInfo:
        authz.require_village(self.ledger.actor, village_id)
        with self.ledger.read() as s:
            return load_infos(s, [_load_by_receipt(s, village_id, receipt_no).id])[0]

    def available_after(self, village_id: str, receipt_no: str) -> int:
        """The household's available points right after this redemption, as the ledger then
        stood (entries approved later, later redemptions and returns do not count), for the
        receipt: the ledger keeps no balance per redemption."""
        authz.require_village(self.ledger.actor, village_id)
        with self.ledger.read() as s:
            r = _load_by_receipt(s, village_id, receipt_no)
            as_of = AsOf(r.replica_id, r.seq, r.recorded_at)
            balances = balances_in(s, village_id, [r.household_id], r.occurred_on.year, as_of)
            return balances[r.household_id].available


def _load_by_receipt(session: Session, village_id: str, receipt_no: str) -> Redemption:
    found = session.scalars(_by_receipt(village_id, receipt_no)).first()
    if found is None:
        raise NotFound(f"找不到兑换单“{receipt_no}”，请用 jifen store list 查看单号。")
    return found


def _stock_row(
    tx: Tx,
    redemption: Redemption,
    goods_id: str,
    kind: str,
    quantity: int,
    day: dt.date | None = None,
) -> StockMovement:
    return StockMovement(
        village_id=redemption.village_id,
        goods_id=goods_id,
        kind=kind,
        quantity=quantity,
        redemption_id=redemption.id,
        reason=redemption.receipt_no,
        occurred_on=day or redemption.occurred_on,
        recorded_by=tx.actor.id,
        recorded_at=tx.now,
    )


def _by_receipt(village_id: str, receipt_no: str) -> Select[Redemption]:
    """The village's redemption of a receipt number (as typed: any case, spaces around)."""
    return select(Redemption).where(
        Redemption.village_id == village_id,
        func.upper(Redemption.receipt_no) == receipt_no.strip().upper(),
    )


def _refuse_unreturnable(tx: Tx, redemption: Redemption, day: dt.date) -> None:
    """Refuse to take back a redemption twice, or on a day before it was made."""
    done = _return_of(tx.session, redemption.id)
    if done is not None:
        raise ValidationError(
            f"兑换单 {redemption.receipt_no} 已于 {done.returned_on} 撤销过，不能重复撤销。"
        )
    if day < redemption.occurred_on:
        raise ValidationError("撤销日期不能早于兑换日期。", field="date")


def _return_of(session: Session, redemption_id: str) -> RedemptionReturn | None:
    """The redemption's return, if it was taken back."""
    return session.scalars(
        select(RedemptionReturn).where(RedemptionReturn.redemption_id == redemption_id)
    ).first()


def _restock(tx: Tx, redemption: Redemption, day: dt.date) -> None:
    """The goods of a redemption taken back return to stock on ``day`` (services have none)."""
    for line in tx.session.execute(
        select(RedemptionLine.goods_id, RedemptionLine.quantity)
        .join(StoreGoods, StoreGoods.id == RedemptionLine.goods_id)
        .where(RedemptionLine.redemption_id == redemption.id, ~StoreGoods.is_service)
    ):
        tx.add(_stock_row(tx, redemption, line.goods_id, "return", line.quantity, day))


def _write_redemption(
    tx: Tx,
    household: Household,
    member_and_number: tuple[str | None, tuple[int, str]],
    total: int,
    note: str,
    day: dt.date,
) -> Redemption:
    """The redemption record under its receipt number (the year's next). Not flushed one by
    one: the batch's records go in at its end, table by table (the unit of work writes
    redemptions before their lines and stock movements; the foreign keys would refuse
    otherwise)."""
    member_id, (serial, receipt) = member_and_number
    redemption = Redemption(
        village_id=household.village_id,
        household_id=household.id,
        member_id=member_id,
        receipt_no=receipt,
        year=day.year,
        serial=serial,
        points=total,
        occurred_on=day,
        note=note,
        recorded_by=tx.actor.id,
        operator_name=tx.actor.display_name,
        recorded_at=tx.now,
    )
    tx.add(redemption)
    return redemption


def _audit_redemption(
    tx: Tx, redemption: Redemption, household: Household, lines: list[_Line]
) -> None:
    what = "、".join(f"{x.goods.name}×{x.quantity}" for x in lines)
    tx.audit(
        "store.redeem",
        "redemption",
        redemption.id,
        f"兑换 {redemption.receipt_no}：户 {household.number} {household.head_name} "
        f"用{redemption.points}分兑换{what}",
        village_id=redemption.village_id,
        after=row_values(redemption)
        | {"lines": [[x.goods.name, x.goods.price, x.quantity] for x in lines]},
    )
