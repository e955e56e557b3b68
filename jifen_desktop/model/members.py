"""Members (成员) of a household: who they are, their ID number (checked by GB 11643) and status.
An entry may name the member who did the deed; the points go to the household."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, select

from . import authz, idcard, text_fields
from .choices import MEMBER_STATUS_NAMES, RELATIONS
from .errors import NotFound, ValidationError
from .household_rows import load_household
from .household_search import rebuild_search_keys
from .schema import Household, Member
from .tx import Change, Op, Tx, row_values

if TYPE_CHECKING:
    from .ledger import Ledger

EARLIEST_BIRTH_YEAR = 1900


@dataclass(frozen=True)
class MemberInfo:
    id: str
    household_id: str
    name: str
    relation: str
    gender: str
    birth_date: dt.date | None
    id_number: str
    is_party_member: bool
    phone: str
    status: str
    is_cadre: bool = False  # 村干部

    @property
    def masked_id_number(self) -> str:
        return idcard.mask(self.id_number) if self.id_number else ""


def member_info(m: Member) -> MemberInfo:
    return MemberInfo(
        m.id,
        m.household_id,
        m.name,
        m.relation,
        m.gender,
        m.birth_date,
        m.id_number,
        m.is_party_member,
        m.phone,
        m.status,
        m.is_cadre,
    )


def _agree_with_id(
    id_number: str, gender: str, birth_date: dt.date | None
) -> tuple[str, str, dt.date]:
    """The checked id number with the gender and birth date it gives; one typed that differs
    from the id number is refused."""
    id_number = idcard.validate(id_number)
    birth_from_id = idcard.birth_date(id_number)
    if birth_date and birth_date != birth_from_id:
        raise ValidationError(
            f"出生日期与身份证号不一致（身份证上是{birth_from_id}），请核对。",
            field="birth_date",
        )
    if gender and gender != idcard.gender(id_number):
        raise ValidationError(
            "性别与身份证号不一致（第17位单数为男、双数为女），请核对。", field="gender"
        )
    return id_number, idcard.gender(id_number), birth_from_id


def _check_birth_date(birth_date: dt.date | None) -> None:
    """Not after today, not before EARLIEST_BIRTH_YEAR (a typing slip)."""
    if birth_date and birth_date > dt.date.today():
        raise ValidationError("出生日期不能晚于今天。", field="birth_date")
    if birth_date and birth_date.year < EARLIEST_BIRTH_YEAR:
        raise ValidationError(_born_too_early(birth_date), field="birth_date")


def _born_too_early(birth_date: dt.date) -> str:
    """A birth date before ``EARLIEST_BIRTH_YEAR``, in words."""
    return f"出生日期 {birth_date} 太早（应在{EARLIEST_BIRTH_YEAR}年以后），请核对。"


def _checked_fields(
    name: str, relation: str, gender: str, birth_date: dt.date | None, id_number: str
) -> dict[str, Any]:
    name = text_fields.clean_name(name, "成员姓名")
    if relation and relation not in RELATIONS:
        raise ValidationError(
            f"与户主关系“{relation}”不认识，可选：{'、'.join(RELATIONS)}。", field="relation"
        )
    if gender and gender not in ("男", "女"):
        raise ValidationError("性别只能填“男”或“女”。", field="gender")
    if id_number:
        id_number, gender, birth_date = _agree_with_id(id_number, gender, birth_date)
    _check_birth_date(birth_date)
    return {
        "name": name,
        "relation": relation,
        "gender": gender,
        "birth_date": birth_date,
        "id_number": id_number,
    }


def new_member(
    tx: Tx,
    household: Household,
    name: str,
    *,
    relation: str = "",
    gender: str = "",
    birth_date: dt.date | None = None,
    id_number: str = "",
    is_party_member: bool = False,
    is_cadre: bool = False,
    phone: str = "",
) -> Member:
    fields = _checked_fields(name, relation, gender, birth_date, id_number)
    if fields["id_number"]:
        _refuse_duplicate_id(tx, fields["id_number"], household.village_id, None)
    member = Member(
        household_id=household.id,
        is_party_member=is_party_member,
        is_cadre=is_cadre,
        phone=text_fields.clean_phone(phone),
        status="present",
        **fields,
    )
    tx.created(
        member,
        "member.create",
        f"户 {household.number} 添加成员 {member.name}（{relation or '未填关系'}）",
        village_id=household.village_id,
    )
    return member


def _refuse_duplicate_id(tx: Tx, id_number: str, village_id: str, member_id: str | None) -> None:
    stmt = (
        select(Member, Household)
        .join(Household, Member.household_id == Household.id)
        .where(
            Member.id_number == id_number,
            Household.village_id == village_id,
            Member.status == "present",
        )
    )
    for other, household in tx.session.execute(stmt):
        if other.id != member_id:
            raise ValidationError(
                f"身份证号已登记在户 {household.number} 的成员“{other.name}”名下，"
                "同一个人不能在本村登记两次；如已迁入新户，请先在原户办理迁出。",
                field="id_number",
            )


class MemberService:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def add(self, household_id: str, name: str, **fields: Any) -> Op[MemberInfo]:
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "添加成员")

        def work(tx: Tx) -> MemberInfo:
            household = load_household(tx.session, household_id)
            authz.require_village(tx.actor, household.village_id)
            if household.kind != "household":
                raise ValidationError("单位没有家庭成员，请在农户下添加成员。")
            member = new_member(tx, household, name, **fields)
            rebuild_search_keys(tx.session, household)
            tx.changed(Change.MEMBERS | Change.HOUSEHOLDS)
            return member_info(member)

        return self.ledger.run(work)

    def update(self, member_id: str, **changes: Any) -> Op[MemberInfo]:
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "修改成员信息")

        def work(tx: Tx) -> MemberInfo:
            member = self._load(tx, member_id)
            household = load_household(tx.session, member.household_id)
            before = row_values(member)
            merged = {
                k: changes.get(k, getattr(member, k))
                for k in ("name", "relation", "gender", "birth_date", "id_number")
            }
            if "id_number" in changes and changes["id_number"]:
                # A new ID number decides birth date and gender; do not check it against old ones.
                merged["birth_date"] = changes.get("birth_date")
                merged["gender"] = changes.get("gender", "")
            fields = _checked_fields(**merged)
            if fields["id_number"]:
                _refuse_duplicate_id(tx, fields["id_number"], household.village_id, member.id)
            if "phone" in changes:
                fields["phone"] = text_fields.clean_phone(changes["phone"])
            for flag in ("is_party_member", "is_cadre"):
                if flag in changes:
                    fields[flag] = changes[flag]
            for key, value in fields.items():
                setattr(member, key, value)
            rebuild_search_keys(tx.session, household)
            tx.updated(
                member,
                "member.update",
                f"修改成员 {member.name}",
                village_id=household.village_id,
                before=before,
            )
            tx.changed(Change.MEMBERS | Change.HOUSEHOLDS)
            return member_info(member)

        return self.ledger.run(work)

    def set_status(self, member_id: str, status: str, effective_on: dt.date) -> Op[MemberInfo]:
        """A member moves out or dies; entries may no longer name them from then on."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "办理成员迁出")
        if status not in MEMBER_STATUS_NAMES:
            raise ValidationError("成员状态只能是在户、迁出或去世。")
        if effective_on > dt.date.today():
            raise ValidationError("生效日期不能晚于今天。", field="effective_on")

        def work(tx: Tx) -> MemberInfo:
            member = self._load(tx, member_id)
            household = load_household(tx.session, member.household_id)
            if member.status == status:
                raise ValidationError(
                    f"成员“{member.name}”已经是“{MEMBER_STATUS_NAMES[status]}”状态。"
                )
            if effective_on < household.registered_on:
                raise ValidationError("生效日期不能早于这一户的登记日期。", field="effective_on")
            before = row_values(member)
            member.status = status
            member.status_since = effective_on
            tx.updated(
                member,
                "member.status",
                f"成员 {member.name} 改为{MEMBER_STATUS_NAMES[status]}（{effective_on}）",
                village_id=household.village_id,
                before=before,
            )
            tx.changed(Change.MEMBERS)
            return member_info(member)

        return self.ledger.run(work)

    def list(self, household_id: str) -> list[MemberInfo]:
        self.ledger.households.get(household_id)  # visibility check
        with self.ledger.read() as s:
            return [member_info(m) for m in s.scalars(_members_of(household_id))]

    def _load(self, tx: Tx, member_id: str) -> Member:
        member = tx.session.get(Member, member_id)
        if member is None or member.is_deleted:
            raise NotFound("找不到这位成员。")
        return member


def _members_of(household_id: str) -> Select[Member]:
    """The household's members, the head first."""
    return (
        select(Member)
        .where(Member.household_id == household_id, ~Member.is_deleted)
        .order_by(Member.relation != "户主", Member.id)
    )
