"""一票否决: a veto on a household for a period. During it the household still earns points
and is still ranked (with a mark), but is left out of honours and may not redeem."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import Session

from .. import authz, periods
from ..errors import NotFound, ValidationError
from ..households import load_household
from ..schema import Entry, Household, Veto
from ..tx import Change, Op, Tx, row_values

if TYPE_CHECKING:
    from ..ledger import Ledger


@dataclass(frozen=True)
class VetoInfo:
    id: str
    village_id: str
    household_id: str
    household_number: str
    household_name: str
    reason: str
    starts_on: dt.date
    ends_on: dt.date
    lifted_on: dt.date | None
    lift_reason: str
    entry_id: str | None

    @property
    def last_day(self) -> dt.date:
        """The last day it is in force (the day before it was lifted, if it was)."""
        if self.lifted_on is not None:
            return min(self.ends_on, self.lifted_on - dt.timedelta(days=1))
        return self.ends_on

    def in_force(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.last_day

    def overlaps(self, period: periods.Period) -> bool:
        return self.starts_on <= period.end and self.last_day >= period.start

    @property
    def period_text(self) -> str:
        text = f"{self.starts_on} 至 {self.ends_on}"
        if self.lifted_on is not None:
            text += f"（{self.lifted_on} 已解除）"
        return text


def _in_force_clause(start: dt.date, end: dt.date) -> ColumnElement[bool]:
    """Vetoes in force on some day of [start, end]."""
    return (
        (Veto.starts_on <= end)
        & (Veto.ends_on >= start)
        & or_(Veto.lifted_on.is_(None), Veto.lifted_on > start)
        & (~Veto.is_deleted)
    )


def _with_household() -> Select[Veto, str, str, str]:
    """Vetoes with their household's number, unit name and head (for ``_info``)."""
    return select(Veto, Household.number, Household.unit_name, Household.head_name).join(
        Household, Household.id == Veto.household_id
    )


def vetoes_in(
    session: Session,
    village_id: str,
    start: dt.date,
    end: dt.date,
    household_ids: Iterable[str] | None = None,
) -> dict[str, VetoInfo]:
    """{household id: a veto in force on some day from ``start`` to ``end``}."""
    stmt = (
        _with_household()
        .where(Veto.village_id == village_id, _in_force_clause(start, end))
        .order_by(Veto.starts_on)
    )
    if household_ids is not None:
        stmt = stmt.where(Veto.household_id.in_(list(household_ids)))
    found: dict[str, VetoInfo] = {}
    for veto, number, unit_name, head_name in session.execute(stmt):
        info = _info(veto, number, unit_name or head_name)
        if info.last_day >= max(start, info.starts_on):
            found.setdefault(veto.household_id, info)
    return found


def refusal_on(session: Session, household: Household, day: dt.date) -> str | None:
    """Why a vetoed household may not redeem on ``day``, or None."""
    veto = vetoes_in(session, household.village_id, day, day, [household.id]).get(household.id)
    if veto is None:
        return None
    return _no_redeeming(household, veto)


def _no_redeeming(household: Household, veto: VetoInfo) -> str:
    """A vetoed household may not redeem, in words: the term, the reason, until when."""
    return (
        f"户“{household.number} {household.unit_name or household.head_name}”"
        f"被一票否决（{veto.starts_on} 至 {veto.last_day}，原因：{veto.reason}），"
        "期间不能兑换；否决期满或经村两委解除后才能兑换。"
    )


def _info(veto: Veto, number: str, name: str) -> VetoInfo:
    return VetoInfo(
        veto.id,
        veto.village_id,
        veto.household_id,
        number,
        name,
        veto.reason,
        veto.starts_on,
        veto.ends_on,
        veto.lifted_on,
        veto.lift_reason,
        veto.entry_id,
    )


def _check_veto_terms(reason: str, starts_on: dt.date, ends_on: dt.date) -> None:
    """A veto's reason is written, and its term is two days of the calendar, in order."""
    if not reason.strip():
        raise ValidationError("请写明一票否决的原因（查实的违法违规事实）。", field="reason")
    _check_term(starts_on, ends_on)


def _check_term(starts_on: dt.date, ends_on: dt.date) -> None:
    """A veto's term (否决期限): two days of the calendar, the end not before the start."""
    periods.check_day(starts_on, "否决期限的开始日期", "starts_on")
    periods.check_day(ends_on, "否决期限的结束日期", "ends_on")
    if ends_on < starts_on:
        raise ValidationError("否决期限的结束日期不能早于开始日期。", field="ends_on")


def _refuse_overlap(tx: Tx, household: Household, starts_on: dt.date, ends_on: dt.date) -> None:
    """Refuse a veto whose term overlaps one the household has already."""
    clash = vetoes_in(tx.session, household.village_id, starts_on, ends_on, [household.id])
    if clash:
        raise ValidationError(_overlapping(clash[household.id]), field="starts_on")


def _overlapping(other: VetoInfo) -> str:
    """A veto overlapping the household's ``other`` one, in words, and how to extend one."""
    return (
        f"这一户在 {other.starts_on} 至 {other.last_day} 已有一票否决，期限重叠；"
        "如需延长，请先解除原来的，再按新期限登记。"
    )


def _check_entry_of(tx: Tx, household: Household, entry_id: str | None) -> None:
    """The entry a veto cites (if any) must be one of the household's own."""
    if entry_id is None:
        return
    entry = tx.session.get(Entry, entry_id)
    if entry is None or entry.household_id != household.id:
        raise ValidationError("所选记录不是这一户的记录。", field="entry")


class VetoService:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def add(
        self,
        household_id: str,
        reason: str,
        starts_on: dt.date,
        ends_on: dt.date,
        entry_id: str | None = None,
    ) -> Op[VetoInfo]:
        """Put a veto on a household from ``starts_on`` to ``ends_on`` (inclusive)."""
        authz.require(self.ledger.actor, authz.REVIEW_ROLES, "登记一票否决")
        _check_veto_terms(reason, starts_on, ends_on)

        def work(tx: Tx) -> str:
            household = load_household(tx.session, household_id)
            authz.require_village(tx.actor, household.village_id)
            _check_entry_of(tx, household, entry_id)
            _refuse_overlap(tx, household, starts_on, ends_on)
            veto = Veto(
                village_id=household.village_id,
                household_id=household.id,
                reason=reason.strip(),
                starts_on=starts_on,
                ends_on=ends_on,
                entry_id=entry_id,
                recorded_by=tx.actor.id,
            )
            tx.created(
                veto,
                "veto.add",
                f"一票否决 {household.number} {household.unit_name or household.head_name}"
                f"（{starts_on} 至 {ends_on}），原因：{veto.reason}",
                village_id=household.village_id,
            )
            tx.changed(Change.CALENDAR | Change.STORE)
            return veto.id

        op = self.ledger.run(work)
        return Op(self.get(op.value), op.changes)

    def lift(self, veto_id: str, on: dt.date, reason: str) -> Op[VetoInfo]:
        """End a veto early from ``on`` (it is no longer in force that day)."""
        authz.require(self.ledger.actor, authz.REVIEW_ROLES, "解除一票否决")
        if not reason.strip():
            raise ValidationError("请写明解除的理由。", field="reason")

        def work(tx: Tx) -> None:
            veto = tx.session.get(Veto, veto_id)
            if veto is None or veto.is_deleted:
                raise NotFound("找不到这条一票否决。")
            authz.require_village(tx.actor, veto.village_id)
            if veto.lifted_on is not None:
                raise ValidationError(f"这条一票否决已于 {veto.lifted_on} 解除。")
            if not veto.starts_on <= on <= veto.ends_on:
                raise ValidationError(
                    f"解除日期应在否决期限内（{veto.starts_on} 至 {veto.ends_on}）；"
                    "期满的否决自动失效，不用解除。",
                    field="on",
                )
            before = row_values(veto)
            veto.lifted_on, veto.lift_reason = on, reason.strip()
            tx.updated(
                veto,
                "veto.lift",
                f"解除一票否决（{on} 起），理由：{veto.lift_reason}",
                village_id=veto.village_id,
                before=before,
            )
            tx.changed(Change.CALENDAR | Change.STORE)

        self.ledger.run(work)
        return Op(self.get(veto_id), Change.CALENDAR | Change.STORE)

    def get(self, veto_id: str) -> VetoInfo:
        with self.ledger.read() as s:
            row = s.execute(_with_household().where(Veto.id == veto_id)).first()
        if row is None:
            raise NotFound("找不到这条一票否决。")
        veto, number, unit_name, head_name = row
        authz.require_village(self.ledger.actor, veto.village_id)
        return _info(veto, number, unit_name or head_name)

    def list(
        self, village_id: str, household_id: str | None = None, in_force_on: dt.date | None = None
    ) -> builtins.list[VetoInfo]:
        """The village's vetoes (of one household if given; in force on a day if given),
        the latest first."""
        authz.require_village(self.ledger.actor, village_id)
        stmt = (
            select(Veto, Household.number, Household.unit_name, Household.head_name)
            .join(Household, Household.id == Veto.household_id)
            .where(Veto.village_id == village_id, ~Veto.is_deleted)
            .order_by(Veto.starts_on.desc())
        )
        if household_id is not None:
            stmt = stmt.where(Veto.household_id == household_id)
        with self.ledger.read() as s:
            rows = [_info(v, n, u or h) for v, n, u, h in s.execute(stmt)]
        if in_force_on is not None:
            rows = [r for r in rows if r.in_force(in_force_on)]
        return rows
