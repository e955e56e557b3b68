"""A household as the services hand it out (``HouseholdInfo``) and read from the tables: the
columns of one, and loading one to change. Households, their members and the type-ahead search
all build on this module (``households``, ``members``, ``household_search``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .errors import NotFound
from .schema import Grid, Household


@dataclass(frozen=True)
class HouseholdInfo:
    id: str
    village_id: str
    kind: str
    number: str
    head_name: str
    unit_name: str
    grid_id: str | None
    grid_name: str
    address: str
    phone: str
    status: str
    status_since: dt.date
    registered_on: dt.date

    @property
    def label(self) -> str:
        name = self.unit_name if self.kind == "unit" else self.head_name
        return f"{self.number} {name}"


def household_info(h: Household, grid_name: str) -> HouseholdInfo:
    return HouseholdInfo(
        h.id,
        h.village_id,
        h.kind,
        h.number,
        h.head_name,
        h.unit_name,
        h.grid_id,
        grid_name,
        h.address,
        h.phone,
        h.status,
        h.status_since,
        h.registered_on,
    )


def info_query() -> Any:
    """``HouseholdInfo`` fields as plain columns, in field order: no ORM objects to build, which
    is most of the time of a type-ahead search over thousands of households."""
    return select(
        Household.id,
        Household.village_id,
        Household.kind,
        Household.number,
        Household.head_name,
        Household.unit_name,
        Household.grid_id,
        func.coalesce(Grid.name, ""),
        Household.address,
        Household.phone,
        Household.status,
        Household.status_since,
        Household.registered_on,
    ).outerjoin(Grid, Household.grid_id == Grid.id)


def load_household(session: Session, household_id: str) -> Household:
    household = session.get(Household, household_id)
    if household is None or household.is_deleted:
        raise NotFound("找不到这一户，可能已被删除或编号有误。")
    return household
