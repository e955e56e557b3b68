"""A village with something to print: four households in two grids, approved and rejected
entries of last year's first quarter (and a veto), that quarter posted, a 补记 of it in this
quarter's draft, this year's base points, and a redemption; plus helpers that read a PDF back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from report_reading import CONTACT, LAST_YEAR, TODAY

from jifen_desktop.model.calendar.publications import PublicationInfo
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.households import HouseholdInfo
from jifen_desktop.model.periods import quarter_of
from jifen_desktop.model.store import RedemptionInfo

QUARTER = f"{LAST_YEAR}Q1"
POSTING = (dt.date(LAST_YEAR, 4, 8), dt.date(LAST_YEAR, 4, 14))


@dataclass
class Printable:
    world: object
    households: dict[str, HouseholdInfo]
    posted: PublicationInfo  # last year's Q1, posted
    draft: PublicationInfo  # this quarter's, with the 补记
    redemption: RedemptionInfo
    session_id: str  # the review session of last January


def _record(world, h: HouseholdInfo, code: str, day: dt.date, **kw: object):
    return world.ledger.entries.record(world.village.id, EntryDraft(h.id, code, day, **kw)).value


@pytest.fixture
def printable(world) -> Printable:
    led, village = world.ledger, world.village
    phone = {"phone": "13812345678"}
    homes = {
        "0101": world.household("0101", "王建国", **phone, head_id_number="42088119900101123X"),
        "0102": world.household("0102", "李秀英"),
        "0103": world.household("0103", "张三", grid=world.grid2),
        "0104": world.household("0104", "欧阳明", grid=world.grid2),
    }
    approved = [
        _record(world, homes["0101"], "B05", dt.date(LAST_YEAR, 1, 10)),
        _record(world, homes["0101"], "B04", dt.date(LAST_YEAR, 2, 3)),
        _record(world, homes["0102"], "A16", dt.date(LAST_YEAR, 1, 20), points=-8),
        _record(world, homes["0104"], "B05", dt.date(LAST_YEAR, 3, 2)),
    ]
    world.approve(*approved)
    world.reject("证明材料不符", _record(world, homes["0103"], "B06", dt.date(LAST_YEAR, 1, 25)))
    led.vetoes.add(homes["0104"].id, "违法建房，拒不整改", dt.date(LAST_YEAR, 3, 1), TODAY)
    pub = led.publications.draft(village.id, QUARTER, contact=CONTACT).value
    posted = led.publications.post(pub.id, *POSTING).value
    late = _record(world, homes["0102"], "B05", dt.date(LAST_YEAR, 2, 20), late=True)
    world.approve(late)
    draft = led.publications.draft(village.id, quarter_of(TODAY).key, contact=CONTACT).value
    led.entries.generate_base_points(village.id, TODAY.year)
    led.store.add_goods(village.id, "肥皂", 10, unit="块")
    led.store.stock_in(village.id, "肥皂", 5, unit_cost_fen=250)
    redemption = led.store.redeem(village.id, homes["0101"].id, [("肥皂", 2)]).value
    session = next(s for s in led.review.list(village.id) if s.month == f"{LAST_YEAR}-01")
    return Printable(world, homes, posted, draft, redemption, session.id)
