"""The 积分超市's hard rules: never below zero even with two writers at once, the year-end expiry
once, roles, audit rows and the store's figures."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap

import pytest
from test_roles_audit import staff  # noqa: F401 - the operators of each role
from test_store import YEAR, available, stock_of, stocked, with_points

from jifen_desktop.model import periods
from jifen_desktop.model.errors import PermissionDenied, ValidationError
from jifen_desktop.model.ledger import Ledger


def test_two_ledgers_cannot_both_take_the_last_item(world):
    a = with_points(world, "001", "王一")
    b = world.household("002", "王二")
    world.ledger.entries.generate_base_points(world.village.id, YEAR)
    stocked(world, "电饭煲", 50, 1)
    first = Ledger.open(world.ledger.folder)
    second = Ledger.open(world.ledger.folder)
    try:
        first.store.redeem(world.village.id, a.id, [("电饭煲", 1)])
        with pytest.raises(ValidationError, match="库存只剩0"):
            second.store.redeem(world.village.id, b.id, [("电饭煲", 1)])
    finally:
        first.close()
        second.close()
    assert stock_of(world, "电饭煲") == 0
    assert len(world.ledger.store.redemptions(world.village.id)) == 1


def test_two_ledgers_cannot_both_spend_the_last_points(world):
    h = with_points(world)
    stocked(world, "毛巾", 60, 5)
    first, second = Ledger.open(world.ledger.folder), Ledger.open(world.ledger.folder)
    try:
        first.store.redeem(world.village.id, h.id, [("毛巾", 1)])
        with pytest.raises(ValidationError, match="可用积分只有40分"):
            second.store.redeem(world.village.id, h.id, [("毛巾", 1)])
    finally:
        first.close()
        second.close()
    assert available(world, h) == 40


CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from jifen_desktop.model.ledger import Ledger
    ledger = Ledger.open(Path(sys.argv[1]))
    village = ledger.villages.list()[0]
    household = ledger.households.by_number(village.id, sys.argv[2])
    try:
        r = ledger.store.redeem(village.id, household.id, [("电饭煲", 1)]).value
        print(r.receipt_no, flush=True)
    except Exception as exc:
        print("refused", exc, flush=True)
""")


def test_two_processes_cannot_both_take_the_last_item(world):
    for number in ("001", "002", "003"):
        world.household(number, f"户{number}")
    world.ledger.entries.generate_base_points(world.village.id, YEAR)
    stocked(world, "电饭煲", 50, 2)
    folder = str(world.ledger.folder)
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, folder, n], stdout=subprocess.PIPE, text=True
        )
        for n in ("001", "002", "003")
    ]
    lines = sorted(child.communicate(timeout=60)[0].strip() for child in children)
    assert sum(line.startswith("DH") for line in lines) == 2, lines
    assert sum("库存只剩0" in line for line in lines) == 1, lines
    assert stock_of(world, "电饭煲") == 0
    receipts = sorted(r.receipt_no for r in world.ledger.store.redemptions(world.village.id))
    assert receipts == [f"DH{YEAR}-0001", f"DH{YEAR}-0002"]


def test_year_end_expiry_run_twice_expires_once(world):
    last = YEAR - 1
    h = world.household("001", "王建国")
    world.ledger.entries.generate_base_points(world.village.id, last)
    world.ledger.villages.update_settings(world.village.id, available_policy="year_end")
    stocked(world, "肥皂", 10, 5)
    world.ledger.store.redeem(world.village.id, h.id, [("肥皂", 3)], on=dt.date(last, 12, 30))
    assert world.ledger.balances.of(h.id, last).available == 70
    first = world.ledger.store.expire_year(world.village.id, last)
    assert first.value.already_done is False
    assert [(r.number, r.points) for r in first.value.rows] == [("001", 70)]
    again = world.ledger.store.expire_year(world.village.id, last)
    assert again.value.already_done is True and again.value.points == 70
    b = world.ledger.balances.of(h.id, last)
    assert (b.lifetime, b.annual, b.available) == (100, 100, 0)
    audit = world.ledger.audit.list(action="store.expire")
    assert len(audit) == 1


def test_expiry_refuses_a_year_not_ended_and_a_carry_over_village(world):
    with pytest.raises(ValidationError, match="还没有结束"):
        world.ledger.store.expire_year(world.village.id, YEAR)
    with pytest.raises(ValidationError, match="跨年结转"):
        world.ledger.store.expire_year(world.village.id, YEAR - 1)


def test_carry_over_keeps_last_years_points_available(world):
    h = world.household("001", "王建国")
    world.ledger.entries.generate_base_points(world.village.id, YEAR - 1)
    world.ledger.entries.generate_base_points(world.village.id, YEAR)
    stocked(world, "肥皂", 10, 20)
    world.ledger.store.redeem(world.village.id, h.id, [("肥皂", 15)])
    b = world.ledger.balances.of(h.id, YEAR)
    assert (b.lifetime, b.annual, b.available) == (200, 100, 50)


def test_roles(world, staff):  # noqa: F811 - the imported fixture
    mine = with_points(world, "001", "王一", world.grid1)
    theirs = world.household("002", "王二", world.grid2)
    world.ledger.entries.generate_base_points(world.village.id, YEAR)
    stocked(world, "肥皂", 10, 5)
    recorder, reviewer, viewer = staff["wgy1"], staff["shenhe"], staff["chakan"]
    r = recorder.store.redeem(world.village.id, mine.id, [("肥皂", 1)]).value
    with pytest.raises(PermissionDenied, match="不在您负责的网格"):
        recorder.store.redeem(world.village.id, theirs.id, [("肥皂", 1)])
    with pytest.raises(PermissionDenied):
        recorder.store.add_goods(world.village.id, "毛巾", 10)
    with pytest.raises(PermissionDenied):
        recorder.store.stock_in(world.village.id, "肥皂", 1, unit_cost_fen=100)
    with pytest.raises(PermissionDenied):
        recorder.store.return_redemption(world.village.id, r.receipt_no, "不要了")
    for call in (
        lambda: viewer.store.redeem(world.village.id, mine.id, [("肥皂", 1)]),
        lambda: viewer.store.add_goods(world.village.id, "毛巾", 10),
        lambda: viewer.store.write_off(world.village.id, "肥皂", 1, "坏了"),
        lambda: viewer.store.stocktake(world.village.id, {"肥皂": 1}),
        lambda: reviewer.store.expire_year(world.village.id, YEAR - 1),
    ):
        with pytest.raises(PermissionDenied):
            call()
    reviewer.store.add_goods(world.village.id, "毛巾", 10)
    reviewer.store.stock_in(world.village.id, "毛巾", 2, unit_cost_fen=500)
    reviewer.store.return_redemption(world.village.id, r.receipt_no, "不要了")
    assert [x.receipt_no for x in viewer.store.redemptions(world.village.id)] == [r.receipt_no]
    recorder.store.redeem(world.village.id, mine.id, [("毛巾", 1)])
    assert len(recorder.store.redemptions(world.village.id)) == 2


def test_every_store_change_is_audited(world):
    h = with_points(world)
    store = world.ledger.store
    stocked(world, "肥皂", 10, 5)
    store.update_goods(world.village.id, "肥皂", price=12)
    store.write_off(world.village.id, "肥皂", 1, "受潮")
    store.stocktake(world.village.id, {"肥皂": 3})
    r = store.redeem(world.village.id, h.id, [("肥皂", 1)]).value
    store.return_redemption(world.village.id, r.receipt_no, "退货")
    actions = [a.action for a in world.ledger.audit.list(action="store")]
    assert sorted(actions) == sorted(
        [
            "store.goods.create",
            "store.stock",
            "store.goods.update",
            "store.stock",
            "store.stocktake",
            "store.redeem",
            "store.return",
        ]
    )
    update = world.ledger.audit.list(action="store.goods.update")[0]
    assert (update.before["price"], update.after["price"]) == (10, 12)
    assert "已兑换的不变" in update.summary


def test_audit_actions_of_the_store_have_chinese_names():
    import re
    from pathlib import Path

    from jifen_desktop.model.audit import ACTION_NAMES

    folder = Path(__file__).resolve().parents[2] / "jifen_desktop" / "model" / "store"
    source = "\n".join(p.read_text(encoding="utf-8") for p in folder.glob("*.py"))
    used = set(re.findall(r'"(store\.[a-z_.]+)"', source))
    assert used and used - set(ACTION_NAMES) == set()


def test_figures_come_from_real_redemptions(world):
    a = world.household("001", "王一", world.grid1)
    b = world.household("002", "王二", world.grid1)
    c = world.household("003", "王三", world.grid2)
    world.household("004", "王四", world.grid2)
    world.ledger.entries.generate_base_points(world.village.id, YEAR)
    store = world.ledger.store
    stocked(world, "肥皂", 10, 10, cost=250)
    store.add_goods(world.village.id, "毛巾", 20, low_stock=2)
    store.stock_in(world.village.id, "毛巾", 3, "donation", party="张记超市")
    stocked(world, "理发", 5, 0, is_service=True)
    store.redeem(world.village.id, a.id, [("肥皂", 2), ("理发", 1)])
    store.redeem(world.village.id, a.id, [("毛巾", 1)])
    returned = store.redeem(world.village.id, b.id, [("肥皂", 1)]).value
    store.return_redemption(world.village.id, returned.receipt_no, "退货")
    store.redeem(world.village.id, c.id, [("肥皂", 3)])
    f = store.figures(world.village.id, periods.year(YEAR))
    assert [(p.grid_name, p.participating, p.active_households) for p in f.participation] == [
        ("一组", 1, 2),
        ("二组", 1, 2),
        ("全村", 2, 4),
    ]
    assert (f.redemptions, f.returned, f.points_spent) == (3, 1, 25 + 20 + 30)
    assert f.stock_value.total_fen == 5 * 250 and f.stock_value.uncosted == ("毛巾",)
    assert [g.name for g in f.low_stock] == ["毛巾"]
    empty = store.figures(world.village.id, periods.year(YEAR - 1))
    assert (empty.participation[-1].participating, empty.points_spent) == (0, 0)
