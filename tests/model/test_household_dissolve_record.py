"""注销 by the old status path (``households.set_status(..., "dissolved")``, the 户状态 dialog and
``jifen household dissolve``) goes through the close service: the household closes and its
户籍变动 record is written, so a closed household always has one; other statuses are as before."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.household_changes import HouseholdChangeService
from jifen_desktop.model.schema import Household
from jifen_desktop.model.schema.household_changes import HouseholdChange

ON = dt.date.today()


def closed_without_record(world) -> int:
    """Households 注销 that no 注销/合户 record names as the household that closed."""
    with world.ledger.read() as s:
        recorded = select(HouseholdChange.from_household_id).where(
            HouseholdChange.kind.in_(("close", "merge"))
        )
        return s.scalar(
            select(func.count())
            .select_from(Household)
            .where(Household.status == "dissolved", Household.id.not_in(recorded))
        )


def household(world):
    registered = ON - dt.timedelta(days=30)
    return world.ledger.households.add(
        world.village.id, "0901", "周全", grid_id=world.grid1.id, registered_on=registered
    ).value


def test_set_status_dissolved_writes_the_close_record(world):
    h = household(world)
    done = world.ledger.households.set_status(h.id, "dissolved", ON, "户内无人").value
    assert (done.status, done.status_since) == ("dissolved", ON)
    records = HouseholdChangeService(world.ledger).of_household(h.id)
    assert [(c.kind, c.reason, c.effective_on) for c in records] == [("close", "户内无人", ON)]
    assert closed_without_record(world) == 0
    history = world.ledger.households.history(h.id)
    assert history[-1].status == "dissolved" and history[-1].effective_on == ON
    assert world.ledger.verify().ok


def test_refusals_say_what_to_do_and_other_statuses_are_unchanged(world):
    h = household(world)
    with pytest.raises(ValidationError, match="请写明注销的原因"):
        world.ledger.households.set_status(h.id, "dissolved", ON, "")
    moved = world.ledger.households.set_status(h.id, "moved_out", ON, "迁往县城").value
    assert moved.status == "moved_out"
    with pytest.raises(ValidationError, match="已不在册"):
        world.ledger.households.set_status(h.id, "dissolved", ON, "户内无人")
    assert HouseholdChangeService(world.ledger).of_household(h.id) == []
    back = world.ledger.households.set_status(h.id, "active", ON, "回村").value
    assert back.status == "active"
    assert world.ledger.verify().ok
