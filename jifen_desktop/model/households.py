"""Households (户) and units (单位): the points accounts of a village, their status history and
the type-ahead search over numbers, names and pinyin.
"""

from __future__ import annotations

import builtins
import datetime as dt
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import authz, periods, text_fields
from .choices import KIND_NAMES, STATUS_NAMES
from .errors import NotFound, ValidationError
from .household_rows import HouseholdInfo, household_info, info_query, load_household
from .household_search import HouseholdSearch, rebuild_search_keys
from .members import new_member
from .schema import Grid, Household, HouseholdStatusChange
from .tx import Change, Op, Tx, row_values

if TYPE_CHECKING:
    from .ledger import Ledger


@dataclass(frozen=True)
class StatusChangeInfo:
    status: str
    effective_on: dt.date
    reason: str
    recorded_at: dt.datetime


def refuse_taken_number(
    session: Session, village_id: str, number: str, household_id: str | None = None
) -> None:
    """Refuse a household number the village has already (other than ``household_id``'s)."""
    stmt = select(Household.id).where(
        Household.village_id == village_id, Household.number == number
    )
    if household_id is not None:
        stmt = stmt.where(Household.id != household_id)
    if session.scalars(stmt).first():
        raise ValidationError(
            f"户号 {number} 在本村已经存在，请换一个户号或查找已有的户。", field="number"
        )


def insert_household(tx: Tx, household: Household, reason: str) -> Household:
    """Write a new household (number checked, active from ``registered_on``), its first status
    row saying why it is there, and its audit row; the caller adds members and search keys."""
    refuse_taken_number(tx.session, household.village_id, household.number)
    household.status = "active"
    household.status_since = household.registered_on
    tx.add(household)
    tx.session.flush()
    tx.add(
        HouseholdStatusChange(
            household_id=household.id,
            status="active",
            effective_on=household.registered_on,
            reason=reason,
            operator_id=tx.actor.id,
            recorded_at=tx.now,
        )
    )
    name = household.unit_name or household.head_name
    tx.audit(
        "household.create",
        "household",
        household.id,
        f"登记{KIND_NAMES[household.kind]} {household.number} {name}",
        village_id=household.village_id,
        after=row_values(household),
    )
    return household


def change_status(
    tx: Tx, household: Household, status: str, effective_on: dt.date, reason: str
) -> None:
    """Set a household's status from ``effective_on``, with its status row and audit row."""
    before = row_values(household)
    household.status = status
    household.status_since = effective_on
    tx.stamp(household)
    tx.add(
        HouseholdStatusChange(
            household_id=household.id,
            status=status,
            effective_on=effective_on,
            reason=reason.strip(),
            operator_id=tx.actor.id,
            recorded_at=tx.now,
        )
    )
    tx.audit(
        "household.status",
        "household",
        household.id,
        f"户 {household.number} {household.head_name} 改为{STATUS_NAMES[status]}"
        f"（{effective_on}）{reason}",
        village_id=household.village_id,
        before=before,
        after=row_values(household),
    )


def _head_title(kind: str) -> str:
    return "户主姓名" if kind == "household" else "负责人"


def _cleaned(key: str, value: str, kind: str) -> str:
    """A household's text field (``number``, ``head_name``, ``unit_name``, ``address``,
    ``phone``) as ``text_fields`` cleans it."""
    if key == "number":
        return text_fields.clean_number(value)
    if key == "head_name":
        return text_fields.clean_name(value, _head_title(kind), field=key)
    if key == "unit_name":
        return text_fields.clean_text(
            value, "单位名称", text_fields.UNIT_NAME_MOST, field=key, required=kind == "unit"
        )
    if key == "address":
        return text_fields.clean_address(value)
    return text_fields.clean_phone(value)


def _new_household_fields(kind: str, registered_on: dt.date | None, **texts: str) -> dict[str, Any]:
    """A new household's kind, registration day (default today) and text fields, checked and
    cleaned: ``texts`` are its ``number``, ``head_name``, ``unit_name``, ``address``, ``phone``."""
    if kind not in KIND_NAMES:
        raise ValidationError("户的类型只能是农户或单位。")
    fields: dict[str, Any] = {key: _cleaned(key, value, kind) for key, value in texts.items()}
    return {**fields, "kind": kind, "registered_on": _registered_on(registered_on)}


def _registered_on(day: dt.date | None) -> dt.date:
    """A new household's registration day, checked (default today; not in the future)."""
    day = day or dt.date.today()
    if day > dt.date.today():
        raise ValidationError("登记日期不能晚于今天。", field="registered_on")
    periods.check_day(day, "登记日期", "registered_on")
    return day


def _add_members(
    tx: Tx, household: Household, head: Mapping[str, Any], others: Sequence[Mapping[str, Any]]
) -> None:
    """A new household's members: its head (``head``: the head's member fields) first."""
    new_member(tx, household, household.head_name, relation="户主", **head)
    for member in others:
        new_member(tx, household, **member)


class HouseholdService(HouseholdSearch):
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    # -- changes ---------------------------------------------------------------------------

    def add(
        self,
        village_id: str,
        number: str,
        head_name: str,
        *,
        grid_id: str | None = None,
        address: str = "",
        phone: str = "",
        registered_on: dt.date | None = None,
        kind: str = "household",
        unit_name: str = "",
        head_id_number: str = "",
        head_details: Mapping[str, Any] | None = None,
        members: Sequence[Mapping[str, Any]] = (),
    ) -> Op[HouseholdInfo]:
        """Register a household (with its head as the first member) or a unit, in one
        transaction. ``head_details`` are the head's member fields (gender, birth_date,
        id_number, is_party_member, phone); ``members`` the other members' (name, relation …)."""
        actor = self.ledger.actor
        authz.require(actor, authz.ADMIN_ROLES, "登记农户")
        authz.require_village(actor, village_id)
        fields = _new_household_fields(
            kind,
            registered_on,
            number=number,
            head_name=head_name,
            unit_name=unit_name,
            address=address,
            phone=phone,
        )
        head = {"id_number": head_id_number, **(head_details or {})}

        def work(tx: Tx) -> HouseholdInfo:
            grid_name = self._check_grid(tx.session, village_id, grid_id)
            household = insert_household(
                tx, Household(village_id=village_id, grid_id=grid_id, **fields), "登记在册"
            )
            if kind == "household":
                _add_members(tx, household, head, members)
            rebuild_search_keys(tx.session, household)
            tx.changed(Change.HOUSEHOLDS | Change.MEMBERS)
            return household_info(household, grid_name)

        return self.ledger.run(work)

    def update(self, household_id: str, **changes: Any) -> Op[HouseholdInfo]:
        """Change number, head, unit name, grid, address or phone (status has its own call)."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "修改农户信息")
        allowed = {"number", "head_name", "unit_name", "grid_id", "address", "phone"}
        if set(changes) - allowed:
            raise ValidationError(f"不能这样修改：{'、'.join(sorted(set(changes) - allowed))}。")

        def work(tx: Tx) -> HouseholdInfo:
            household = load_household(tx.session, household_id)
            authz.require_village(tx.actor, household.village_id)
            before = row_values(household)
            for key in changes.keys() - {"grid_id"}:
                changes[key] = _cleaned(key, changes[key], household.kind)
            if "number" in changes:
                refuse_taken_number(
                    tx.session, household.village_id, changes["number"], household.id
                )
            grid_name = self._check_grid(
                tx.session, household.village_id, changes.get("grid_id", household.grid_id)
            )
            for key, value in changes.items():
                setattr(household, key, value)
            rebuild_search_keys(tx.session, household)
            tx.updated(
                household,
                "household.update",
                f"修改户 {household.number} {household.head_name}",
                village_id=household.village_id,
                before=before,
            )
            tx.changed(Change.HOUSEHOLDS)
            return household_info(household, grid_name)

        return self.ledger.run(work)

    def set_status(
        self, household_id: str, status: str, effective_on: dt.date, reason: str = ""
    ) -> Op[HouseholdInfo]:
        """Move a household out, dissolve it, or bring it back; the history is kept. 注销 is
        the close service's (``household_changes``): it also writes the 户籍变动 record."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "办理迁出或注销")
        if status not in STATUS_NAMES:
            raise ValidationError("户的状态只能是在册、迁出或注销。")
        if status == "dissolved":
            return self._close(household_id, effective_on, reason)
        if effective_on > dt.date.today():
            raise ValidationError("生效日期不能晚于今天。", field="effective_on")

        def work(tx: Tx) -> HouseholdInfo:
            household = load_household(tx.session, household_id)
            authz.require_village(tx.actor, household.village_id)
            if household.status == status:
                raise ValidationError(f"这一户已经是“{STATUS_NAMES[status]}”状态。")
            if effective_on < household.registered_on:
                raise ValidationError("生效日期不能早于这一户的登记日期。", field="effective_on")
            change_status(tx, household, status, effective_on, reason)
            tx.changed(Change.HOUSEHOLDS)
            grid = tx.session.get(Grid, household.grid_id) if household.grid_id else None
            return household_info(household, grid.name if grid else "")

        return self.ledger.run(work)

    def _close(self, household_id: str, effective_on: dt.date, reason: str) -> Op[HouseholdInfo]:
        op = self.ledger.household_changes.close(household_id, effective_on, reason)
        return Op(self.get(household_id), op.changes)

    @staticmethod
    def _check_grid(session: Session, village_id: str, grid_id: str | None) -> str:
        if grid_id is None:
            return ""
        grid = session.get(Grid, grid_id)
        if grid is None or grid.village_id != village_id:
            raise NotFound("找不到这个网格，请先在设置里添加网格。", field="grid")
        return grid.name

    # -- reading ---------------------------------------------------------------------------

    def get(self, household_id: str) -> HouseholdInfo:
        return self._one(Household.id == household_id, "找不到这一户。")

    def by_number(self, village_id: str, number: str) -> HouseholdInfo:
        return self._one(
            (Household.village_id == village_id) & (Household.number == _lookup_number(number)),
            f"找不到户号为“{number}”的户，请用 jifen household search 查找。",
        )

    def _one(self, where: Any, missing: str) -> HouseholdInfo:
        """The one household ``where`` finds, if the operator may see it; ``missing`` when none."""
        with self.ledger.read() as s:
            row = s.execute(info_query().where(where)).first()
        if row is None:
            raise NotFound(missing)
        info = HouseholdInfo(*row)
        self._check_visible(info)
        return info

    def _check_visible(self, info: HouseholdInfo) -> None:
        authz.require_village(self.ledger.actor, info.village_id)
        authz.require_grid(self.ledger.actor, info.grid_id, info.label)

    def list(
        self,
        village_id: str,
        *,
        grid_id: str | None = None,
        status: str | None = None,
        kind: str | None = None,
    ) -> builtins.list[HouseholdInfo]:
        authz.require_village(self.ledger.actor, village_id)
        stmt = info_query().where(Household.village_id == village_id, ~Household.is_deleted)
        if grid_id:
            stmt = stmt.where(Household.grid_id == grid_id)
        if status:
            stmt = stmt.where(Household.status == status)
        if kind:
            stmt = stmt.where(Household.kind == kind)
        with self.ledger.read() as s:
            rows = s.execute(stmt.order_by(Household.number)).all()
        return self._visible(rows)

    def _visible(self, rows: Sequence[Any]) -> builtins.list[HouseholdInfo]:
        """The rows of ``info_query`` the operator may see (a recorder: his grids)."""
        actor = self.ledger.actor
        return [HouseholdInfo(*r) for r in rows if authz.can_see_grid(actor, r.grid_id)]

    def history(self, household_id: str) -> builtins.list[StatusChangeInfo]:
        self.get(household_id)
        with self.ledger.read() as s:
            rows = s.scalars(
                select(HouseholdStatusChange)
                .where(HouseholdStatusChange.household_id == household_id)
                .order_by(HouseholdStatusChange.seq)
            )
            return [
                StatusChangeInfo(r.status, r.effective_on, r.reason, r.recorded_at) for r in rows
            ]


def _lookup_number(number: str) -> str:
    """The number as it is stored: ``０１０１`` finds 0101."""
    return unicodedata.normalize("NFKC", number).strip()
