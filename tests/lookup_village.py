"""A small village for 查分 and the 积分通知单: three households in two grids with members'
ID numbers (one ending in X), this year's approved and pending entries, the last ended
quarter posted as a 公示, and a veto on one household."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jifen_desktop.model import idcard, periods
from jifen_desktop.model.calendar.publications import PublicationInfo
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.households import HouseholdInfo

TODAY = dt.date.today()
LAST_QUARTER = periods.quarter_of(periods.quarter_of(TODAY).start - dt.timedelta(days=1))
CONTACT = "村委会 王德胜（电话 0710-6123456）"


def id_number(birth: str, ending_x: bool = False) -> str:
    """A valid ID number born on ``birth`` (YYYYMMDD); with ``ending_x`` one whose check digit
    is X."""
    for seq in range(100, 1000):
        first17 = f"420881{birth}{seq}"
        check = idcard.check_digit(first17)
        if (check == "X") == ending_x:
            return first17 + check
    raise AssertionError("no such number")


@dataclass
class LookupVillage:
    homes: list[HouseholdInfo]
    head_ids: list[str]
    wife_id: str  # the second member of homes[0]: her check digit is X
    publication: PublicationInfo

    def last_four(self, index: int) -> str:
        return self.head_ids[index][-4:]


def build(world) -> LookupVillage:  # type: ignore[no-untyped-def]
    """The village in ``world`` (tests/conftest.py)."""
    led, vid = world.ledger, world.village.id
    heads = [id_number("19800101"), id_number("19750615"), id_number("19901130")]
    wife = id_number("19820304", ending_x=True)
    grids = [world.grid1, world.grid1, world.grid2]
    homes = [
        world.household(
            number,
            name,
            grid,
            head_id_number=head,
            members=[{"name": "郭建红", "relation": "配偶", "id_number": wife}] if i == 0 else [],
        )
        for i, (number, name, grid, head) in enumerate(
            zip(("0101", "0102", "0201"), ("黎鹏", "杨建军", "石勇"), grids, heads, strict=True)
        )
    ]
    quarter_day = LAST_QUARTER.start + dt.timedelta(days=10)
    done = [
        led.entries.record(vid, EntryDraft(h.id, code, quarter_day)).value
        for h, code in zip(homes, ("B05", "B14", "B05"), strict=True)
    ]
    world.approve(*done)
    pub = led.publications.draft(vid, LAST_QUARTER.key, contact=CONTACT).value
    pub = led.publications.post(pub.id, TODAY, TODAY + dt.timedelta(days=6)).value
    pending = led.entries.record(vid, EntryDraft(homes[0].id, "B14", TODAY)).value
    this_year = led.entries.record(vid, EntryDraft(homes[0].id, "B05", TODAY)).value
    world.approve(this_year)
    assert pending.status == "pending"
    led.vetoes.add(homes[2].id, "违法建房，拒不整改", TODAY, TODAY + dt.timedelta(days=90))
    return LookupVillage(homes, heads, wife, pub)
