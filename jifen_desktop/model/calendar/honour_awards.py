"""Honours as records (荣誉称号): award a title to households, or to persons of them
(``award_persons``), for a period, with the meeting that decided it; lift an award with a
reason; list them (as ``honour_info.AwardInfo``). Each award and lift is audited.

Awarding is idempotent: a household that holds the same title for the same period (not lifted)
is not awarded it again, so a year-end close switched off half way runs again safely. A
household under a veto (一票否决) some day of the period is not honoured (PRODUCT.md "Veto").
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from .. import authz, periods
from ..balances import points_by_household
from ..errors import NotFound, ValidationError
from ..households import load_household
from ..persons import points_by_member
from ..schema import Household, Member
from ..schema.honours import CHOSEN_BY, HonourAward
from ..tx import Change, Op, Tx, row_values
from .honour_info import CHOSEN_NAMES, AwardInfo
from .vetoes import VetoInfo, vetoes_in

if TYPE_CHECKING:
    from ..ledger import Ledger

MAX_TITLE = 32


@dataclass(frozen=True)
class AwardResult:
    awarded: tuple[AwardInfo, ...]
    already: tuple[str, ...]  # household ids that held the title for the period before


def check_title(title: str) -> str:
    text = " ".join(title.split())
    if not text:
        raise ValidationError("请写荣誉称号，例如 十星级文明户、最美家庭。", field="title")
    if len(text) > MAX_TITLE:
        raise ValidationError(f"荣誉称号最多 {MAX_TITLE} 个字。", field="title")
    return text


def check_period(text: str) -> periods.Period:
    period = periods.parse(text)
    if period.key == "all" or "-" in period.key:
        raise ValidationError(
            "荣誉称号按年度或季度（也可按半年）评，例如 2026、2026Q4 或 2026H1。", field="period"
        )
    return period


def held_titles(
    session: Session, village_id: str, title: str, period: str, persons: bool = False
) -> set[str]:
    """Households (or, with ``persons``, members) holding ``title`` for ``period`` now
    (awarded and not lifted); a person's title is not the household's."""
    who = HonourAward.member_id if persons else HonourAward.household_id
    return {
        i
        for i in session.scalars(
            select(who).where(
                HonourAward.village_id == village_id,
                HonourAward.title == title,
                HonourAward.period == period,
                HonourAward.member_id.is_not(None) if persons else HonourAward.member_id.is_(None),
                HonourAward.lifted_on.is_(None),
                ~HonourAward.is_deleted,
            )
        )
        if i
    }


def _info(award: HonourAward, number: str, name: str, member: str | None = None) -> AwardInfo:
    return AwardInfo(
        award.id,
        award.village_id,
        award.household_id,
        number,
        name,
        award.title,
        award.period,
        award.chosen_by,
        award.basis,
        award.points,
        award.meeting_on,
        award.awarded_by_name,
        award.lifted_on,
        award.lift_reason,
        award.member_id,
        member or "",
    )


def _select() -> Select[HonourAward, str, str, str, str | None]:
    return (
        select(HonourAward, Household.number, Household.unit_name, Household.head_name, Member.name)
        .join(Household, Household.id == HonourAward.household_id)
        .outerjoin(Member, Member.id == HonourAward.member_id)
    )


class HonourAwardService:
    """授予、撤销 and the list of honours awarded."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def award(
        self,
        village_id: str,
        ids: Sequence[str],
        title: str,
        period: str,
        meeting_on: dt.date,
        chosen_by: str = "hand",
        basis: Mapping[str, str] | None = None,
        *,
        persons: bool = False,
    ) -> Op[AwardResult]:
        """Award ``title`` for ``period`` to each household of ``ids`` (or, with ``persons``,
        each member, recorded under their household), its basis (e.g. “前10名（第2名）”) from
        ``basis``; those holding it already are left as they are (``AwardResult.already``)."""
        text, chosen = self._checked(village_id, title, period, meeting_on, chosen_by)
        if not ids:
            raise ValidationError(
                "请至少选一个人。" if persons else "请至少选一户。", field="households"
            )
        award = Award(text, chosen, meeting_on, chosen_by)
        return self._run(village_id, list(dict.fromkeys(ids)), persons, award, basis)

    def award_persons(
        self, village_id: str, member_ids: Sequence[str], *args: Any, **kw: Any
    ) -> Op[AwardResult]:
        """``award`` to persons: the title goes to each member of ``member_ids``."""
        return self.award(village_id, member_ids, *args, persons=True, **kw)

    def _checked(
        self, village_id: str, title: str, period: str, meeting_on: dt.date, chosen_by: str
    ) -> tuple[str, periods.Period]:
        authz.require(self.ledger.actor, authz.REVIEW_ROLES, "授予荣誉称号")
        authz.require_village(self.ledger.actor, village_id)
        text = check_title(title)
        chosen = check_period(period)
        periods.check_day(meeting_on, "评议会议日期", "meeting_on")
        if chosen_by not in CHOSEN_BY:
            raise ValidationError("评选方式只能是 前几名、评星定级、高于平均分 或 评议推选。")
        if meeting_on < chosen.start:
            raise ValidationError(
                f"评议会议日期 {meeting_on} 早于{chosen.label}的开始，请核对日期。",
                field="meeting_on",
            )
        return text, chosen

    def _run(
        self,
        village_id: str,
        ids: list[str],
        persons: bool,
        award: Award,
        basis: Mapping[str, str] | None = None,
    ) -> Op[AwardResult]:
        def work(tx: Tx) -> tuple[list[str], list[str]]:
            found = _recipients(tx.session, village_id, ids, persons)
            return _award(tx, village_id, found, award, basis or {})

        op = self.ledger.run(work)
        made, already = op.value
        return Op(AwardResult(tuple(self._infos(made)), tuple(already)), op.changes)

    def lift(self, award_id: str, reason: str, on: dt.date | None = None) -> Op[AwardInfo]:
        """Lift an award from ``on`` (default today), with the reason (e.g. 查实弄虚作假)."""
        authz.require(self.ledger.actor, authz.REVIEW_ROLES, "撤销荣誉称号")
        text = " ".join(reason.split())
        if not text:
            raise ValidationError("请写明撤销荣誉称号的理由。", field="reason")
        day = on or dt.date.today()

        def work(tx: Tx) -> None:
            award = tx.session.get(HonourAward, award_id)
            if award is None or award.is_deleted:
                raise NotFound("找不到这个荣誉称号。")
            authz.require_village(tx.actor, award.village_id)
            if award.lifted_on is not None:
                raise ValidationError(f"这个荣誉称号已于 {award.lifted_on} 撤销。")
            if day < award.meeting_on:
                raise ValidationError(
                    f"撤销日期不能早于授予的会议日期 {award.meeting_on}。", field="on"
                )
            before = row_values(award)
            award.lifted_on, award.lift_reason = day, text
            household = load_household(tx.session, award.household_id)
            tx.updated(
                award,
                "honour.lift",
                f"撤销 {household.number} {_whom(tx.session, award, household)} 的"
                f"{periods.parse(award.period).label}“{award.title}”（{day} 起），理由：{text}",
                village_id=award.village_id,
                before=before,
            )
            tx.changed(Change.CALENDAR)

        self.ledger.run(work)
        return Op(self.get(award_id), Change.CALENDAR)

    def get(self, award_id: str) -> AwardInfo:
        found = self._infos([award_id])
        if not found:
            raise NotFound("找不到这个荣誉称号。")
        authz.require_village(self.ledger.actor, found[0].village_id)
        return found[0]

    def list(
        self,
        village_id: str,
        period: str | None = None,
        household_id: str | None = None,
        in_force: bool = False,
    ) -> builtins.list[AwardInfo]:
        """The village's awards (of a period, of a household, only those in force if asked),
        the latest period first, then by title and household number."""
        authz.require_village(self.ledger.actor, village_id)
        stmt = _select().where(HonourAward.village_id == village_id, ~HonourAward.is_deleted)
        if period is not None:
            stmt = stmt.where(HonourAward.period == check_period(period).key)
        if household_id is not None:
            stmt = stmt.where(HonourAward.household_id == household_id)
        if in_force:
            stmt = stmt.where(HonourAward.lifted_on.is_(None))
        stmt = stmt.order_by(HonourAward.period.desc(), HonourAward.title, Household.number)
        with self.ledger.read() as s:
            return [_info(a, n, u or h, m) for a, n, u, h, m in s.execute(stmt)]

    def _infos(self, ids: Sequence[str]) -> builtins.list[AwardInfo]:
        if not ids:
            return []
        stmt = _select().where(HonourAward.id.in_(list(ids))).order_by(Household.number)
        with self.ledger.read() as s:
            return [_info(a, n, u or h, m) for a, n, u, h, m in s.execute(stmt)]


@dataclass(frozen=True)
class Award:
    """What is awarded: the title (checked), the period, the meeting, how they were chosen."""

    title: str
    period: periods.Period
    meeting_on: dt.date
    chosen_by: str


Recipient = tuple[Household, Member | None]


def _whom(session: Session, award: HonourAward, household: Household) -> str:
    """The person a title went to, else the household's head (or the unit)."""
    member = session.get(Member, award.member_id) if award.member_id else None
    return member.name if member else household.unit_name or household.head_name


def _recipients(
    session: Session, village_id: str, ids: list[str], persons: bool
) -> list[Recipient]:
    """The households (or the persons, each with their household) of ``ids``, of this village."""
    found: list[Recipient] = []
    for i in ids:
        member = session.get(Member, i) if persons else None
        if persons and (member is None or member.is_deleted):
            raise NotFound("找不到这位成员。")
        h = load_household(session, member.household_id if member else i)
        if h.village_id != village_id:
            raise ValidationError(f"“{h.number}”不是本村的户。", field="households")
        found.append((h, member))
    return found


def _refuse_vetoed(session: Session, village_id: str, found: list[Recipient], award: Award) -> None:
    period = award.period
    vetoed = vetoes_in(session, village_id, period.start, period.end, [h.id for h, _m in found])
    if vetoed:
        raise ValidationError(_vetoed_listed(vetoed, period), field="households")


def _vetoed_listed(vetoed: Mapping[str, VetoInfo], period: periods.Period) -> str:
    """Households on the list that have a veto in the period, in words, and what to do."""
    names = "、".join(f"{v.household_number} {v.household_name}" for v in vetoed.values())
    return f"{names} 在{period.label}有一票否决，不能评先评优；请把它从名单里去掉。"


def _points(
    session: Session, village_id: str, found: list[Recipient], period: periods.Period
) -> dict[str, int]:
    """Each recipient's points in the period: the household's, or the person's."""
    if found and found[0][1] is not None:
        ids = [m.id for _h, m in found if m]
        return {k: t.net for k, t in points_by_member(session, village_id, period, ids).items()}
    ids = [h.id for h, _m in found]
    return {k: t.net for k, t in points_by_household(session, village_id, period, ids).items()}


def _record(tx: Tx, to: Recipient, award: Award, basis: str, points: int) -> str:
    """One award written with its audit row; its id."""
    h, m = to
    record = HonourAward(
        village_id=h.village_id,
        household_id=h.id,
        member_id=m.id if m else None,
        title=award.title,
        period=award.period.key,
        chosen_by=award.chosen_by,
        basis=basis[:128],
        points=points,
        meeting_on=award.meeting_on,
        awarded_by=tx.actor.id,
        awarded_by_name=tx.actor.display_name,
        lift_reason="",
    )
    whom = f"{h.number} {m.name}" if m else f"{h.number} {h.unit_name or h.head_name}"
    tx.created(
        record,
        "honour.award",
        f"授予 {whom} {award.period.label}“{award.title}”"
        f"（{CHOSEN_NAMES[award.chosen_by]}{'：' + record.basis if record.basis else ''}，"
        f"{award.meeting_on} 会议评定）",
        village_id=h.village_id,
    )
    return record.id


def _award(
    tx: Tx, village_id: str, found: list[Recipient], award: Award, basis: Mapping[str, str]
) -> tuple[list[str], list[str]]:
    """Write the new awards, one audit row each; (new award ids, recipients skipped)."""
    s, period = tx.session, award.period
    _refuse_vetoed(s, village_id, found, award)
    persons = bool(found) and found[0][1] is not None
    held = held_titles(s, village_id, award.title, period.key, persons)
    points = _points(s, village_id, found, period)
    made, skipped = [], []
    for h, m in found:
        key = m.id if m else h.id
        if key in held:
            skipped.append(key)
            continue
        made.append(_record(tx, (h, m), award, basis.get(key, ""), points.get(key, 0)))
    if made:
        tx.changed(Change.CALENDAR)
    return made, skipped
