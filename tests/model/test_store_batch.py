"""Several redemptions in one transaction (``store.redeem_many``, what the demo's store days
use): each checked against the points and stock the ones before it left, numbered in order,
and none written when one is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from test_store import available, stock_of, stocked, with_points

from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.store.redemptions import RedemptionRequest
from jifen_desktop.model.tx import Change

YEAR = dt.date.today().year


def test_a_batch_is_numbered_in_order_and_takes_points_and_stock(world):
    first, second = with_points(world), with_points(world, "002", "李秀英")
    stocked(world, "肥皂", 10, 5)
    op = world.ledger.store.redeem_many(
        world.village.id,
        [
            RedemptionRequest(first.id, [("肥皂", 2)]),
            RedemptionRequest(second.id, [("肥皂", 1)], note="代领"),
        ],
    )
    assert op.changes == Change.STORE
    assert [(r.receipt_no, r.household_number, r.points) for r in op.value] == [
        (f"DH{YEAR}-0001", "001", 20),
        (f"DH{YEAR}-0002", "002", 10),
    ]
    assert (available(world, first), available(world, second)) == (80, 90)
    assert stock_of(world, "肥皂") == 2
    assert world.ledger.verify().ok


def test_the_second_of_a_household_sees_the_points_the_first_took(world):
    h = with_points(world)
    stocked(world, "电饭煲", 60, 3)
    twice = [RedemptionRequest(h.id, [("电饭煲", 1)]), RedemptionRequest(h.id, [("电饭煲", 1)])]
    with pytest.raises(ValidationError, match="可用积分只有40分.*需要60分"):
        world.ledger.store.redeem_many(world.village.id, twice)
    assert world.ledger.store.redemptions(world.village.id) == []  # neither is written
    assert (available(world, h), stock_of(world, "电饭煲")) == (100, 3)


def test_the_last_item_goes_to_the_first_in_the_queue(world):
    first, second = with_points(world), with_points(world, "002", "李秀英")
    stocked(world, "雨伞", 40, 1)
    queue = [
        RedemptionRequest(first.id, [("雨伞", 1)]),
        RedemptionRequest(second.id, [("雨伞", 1)]),
    ]
    with pytest.raises(ValidationError, match="库存只剩0"):
        world.ledger.store.redeem_many(world.village.id, queue)
    assert stock_of(world, "雨伞") == 1


def test_the_receipts_of_a_batch_are_what_the_ledger_holds(world):
    """``redeem_many`` makes its receipts from the values it wrote: they equal the redemptions
    read back (member, lines by name and by id, a service, a household twice)."""
    first, second = with_points(world), with_points(world, "002", "李秀英")
    soap = stocked(world, "肥皂", 10, 5)
    stocked(world, "理发", 20, 0, is_service=True)
    member = world.ledger.members.list(second.id)[0]
    op = world.ledger.store.redeem_many(
        world.village.id,
        [
            RedemptionRequest(first.id, [("肥皂", 1), ("理发", 1), (soap.id, 2)]),
            RedemptionRequest(second.id, [(soap.id, 1)], member.id, note="代领"),
            RedemptionRequest(first.id, [("理发", 2)]),
        ],
    )
    back = [world.ledger.store.redemption(world.village.id, r.receipt_no) for r in op.value]
    assert op.value == back
    assert [(r.member_name, len(r.lines), r.points) for r in back] == [
        ("", 2, 50),
        ("李秀英", 1, 10),
        ("", 1, 40),
    ]
    assert stock_of(world, "肥皂") == 1
