"""The list of past stocktakes: latest first, with who counted, how many goods differed and
the total difference; another village's operator may not read it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from jifen_desktop.model.errors import PermissionDenied
from jifen_desktop.model.store.stocktakes import past_stocktakes

TODAY = dt.date.today()


def test_past_stocktakes_sum_their_lines_latest_first(world, admin_password):
    admin = world.ledger.operators.authenticate("admin", admin_password)
    ledger = world.ledger.as_actor(admin)
    store, village = ledger.store, world.village.id
    assert past_stocktakes(ledger, village) == []
    for name, quantity in (("肥皂", 5), ("洗衣粉", 3), ("毛巾", 4)):
        store.add_goods(village, name, 10)
        store.stock_in(village, name, quantity, unit_cost_fen=100)
    early = TODAY - dt.timedelta(days=30)
    store.stocktake(village, {"肥皂": 5, "洗衣粉": 3}, on=early, note="账实相符")
    store.stocktake(village, {"肥皂": 3, "洗衣粉": 4, "毛巾": 4}, note="第三季度")
    latest, first = past_stocktakes(ledger, village)
    assert (latest.taken_on, latest.note, latest.goods_counted) == (TODAY, "第三季度", 3)
    assert (latest.goods_differing, latest.difference) == (2, -1)  # 肥皂 -2, 洗衣粉 +1
    assert latest.operator_name == admin.display_name != ""
    assert (first.taken_on, first.goods_counted, first.goods_differing, first.difference) == (
        early,
        2,
        0,
        0,
    )
    assert len(past_stocktakes(ledger, village, limit=1)) == 1


def test_past_stocktakes_are_the_villages_own(world):
    outsider = dataclasses.replace(world.ledger.actor, village_id="another-village")
    with pytest.raises(PermissionDenied):
        past_stocktakes(world.ledger.as_actor(outsider), world.village.id)
