"""The 积分超市: goods, the stock ledger, redemptions and returns, refusals, and receipts that
keep their prices."""

from __future__ import annotations

import datetime as dt

import pytest
from sample_files import a_jpeg, a_pdf, a_png

from jifen_desktop.model.errors import NotFound, ValidationError
from jifen_desktop.model.tx import Change

TODAY = dt.date.today()
YEAR = TODAY.year


def stocked(world, name="肥皂", price=10, quantity=5, cost=250, **kw):
    store = world.ledger.store
    goods = store.add_goods(world.village.id, name, price, unit="块", **kw).value
    if quantity and not goods.is_service:
        store.stock_in(world.village.id, name, quantity, unit_cost_fen=cost)
    return goods


def with_points(world, number="001", head="王建国", grid=None):
    """A household with this year's 100 base points."""
    h = world.household(number, head, grid)
    world.ledger.entries.generate_base_points(world.village.id, YEAR)
    return h


def available(world, h):
    return world.ledger.balances.of(h.id, YEAR).available


def stock_of(world, name):
    return world.ledger.store.goods_by_name(world.village.id, name).stock


def test_redeem_takes_points_and_stock_and_numbers_receipts(world):
    h = with_points(world)
    stocked(world, "肥皂", 10, 5)
    stocked(world, "洗衣粉", 20, 3)
    op = world.ledger.store.redeem(world.village.id, h.id, [("肥皂", 2), ("洗衣粉", 1)])
    r = op.value
    assert op.changes == Change.STORE
    assert (r.receipt_no, r.points, r.household_number) == (f"DH{YEAR}-0001", 40, "001")
    assert [(x.goods_name, x.quantity, x.points) for x in r.lines] == [
        ("肥皂", 2, 20),
        ("洗衣粉", 1, 20),
    ]
    b = world.ledger.balances.of(h.id, YEAR)
    assert (b.lifetime, b.annual, b.available) == (100, 100, 60)  # ranking figures untouched
    assert (stock_of(world, "肥皂"), stock_of(world, "洗衣粉")) == (3, 2)
    second = world.ledger.store.redeem(world.village.id, h.id, [("肥皂", 1)]).value
    assert second.receipt_no == f"DH{YEAR}-0002"


def test_services_have_no_stock(world):
    h = with_points(world)
    service = stocked(world, "理发", 15, 0, is_service=True)
    assert service.stock is None
    world.ledger.store.redeem(world.village.id, h.id, [("理发", 2)])
    assert available(world, h) == 70
    with pytest.raises(ValidationError, match="服务"):
        world.ledger.store.stock_in(world.village.id, "理发", 1, unit_cost_fen=100)


def test_refused_when_points_are_short_saying_have_and_need(world):
    h = with_points(world)
    stocked(world, "电饭煲", 80, 2)
    with pytest.raises(ValidationError, match="可用积分只有100分.*需要160分.*还差60分"):
        world.ledger.store.redeem(world.village.id, h.id, [("电饭煲", 2)])
    assert stock_of(world, "电饭煲") == 2
    assert world.ledger.store.redemptions(world.village.id) == []


def test_refused_when_stock_is_short_naming_item_and_what_is_left(world):
    h = with_points(world)
    stocked(world, "肥皂", 10, 1)
    with pytest.raises(ValidationError, match="“肥皂”库存只剩1块，不够兑换2块"):
        world.ledger.store.redeem(world.village.id, h.id, [("肥皂", 1), ("肥皂", 1)])
    assert available(world, h) == 100


def test_refused_for_a_household_that_moved_out(world):
    h = with_points(world)
    stocked(world)
    world.ledger.households.set_status(h.id, "moved_out", TODAY, "外出务工迁户")
    with pytest.raises(ValidationError, match="已迁出.*不能兑换"):
        world.ledger.store.redeem(world.village.id, h.id, [("肥皂", 1)])


def test_refused_for_inactive_goods_and_unknown_goods(world):
    h = with_points(world)
    stocked(world)
    world.ledger.store.update_goods(world.village.id, "肥皂", active=False)
    with pytest.raises(ValidationError, match="停止兑换"):
        world.ledger.store.redeem(world.village.id, h.id, [("肥皂", 1)])
    with pytest.raises(NotFound, match="没有“香皂”"):
        world.ledger.store.redeem(world.village.id, h.id, [("香皂", 1)])


def test_member_must_belong_to_the_household(world):
    h = with_points(world)
    other = world.household("002", "李秀英")
    stocked(world)
    their_head = world.ledger.members.list(other.id)[0]
    with pytest.raises(ValidationError, match="不是这一户的成员"):
        world.ledger.store.redeem(world.village.id, h.id, [("肥皂", 1)], member_id=their_head.id)
    own = world.ledger.members.list(h.id)[0]
    r = world.ledger.store.redeem(world.village.id, h.id, [("肥皂", 1)], member_id=own.id).value
    assert r.member_name == "王建国"


def test_price_change_leaves_old_receipts_unchanged(world):
    h = with_points(world)
    stocked(world, "肥皂", 10, 5)
    old = world.ledger.store.redeem(world.village.id, h.id, [("肥皂", 2)]).value
    world.ledger.store.update_goods(world.village.id, "肥皂", price=15, name="香皂")
    again = world.ledger.store.redemption(world.village.id, old.receipt_no)
    assert again == old
    assert [(x.goods_name, x.unit_price, x.points) for x in again.lines] == [("肥皂", 10, 20)]
    new = world.ledger.store.redeem(world.village.id, h.id, [("香皂", 2)]).value
    assert [(x.goods_name, x.unit_price, x.points) for x in new.lines] == [("香皂", 15, 30)]
    assert available(world, h) == 100 - 20 - 30


def test_return_restores_points_and_stock_exactly_once(world):
    h = with_points(world)
    stocked(world, "肥皂", 10, 5)
    r = world.ledger.store.redeem(world.village.id, h.id, [("肥皂", 3)]).value
    assert (available(world, h), stock_of(world, "肥皂")) == (70, 2)
    back = world.ledger.store.return_redemption(world.village.id, r.receipt_no, "肥皂有破损").value
    assert (back.returned_on, back.return_reason) == (TODAY, "肥皂有破损")
    assert (available(world, h), stock_of(world, "肥皂")) == (100, 5)
    with pytest.raises(ValidationError, match="已于.*撤销过，不能重复撤销"):
        world.ledger.store.return_redemption(world.village.id, r.receipt_no, "再退一次")
    assert (available(world, h), stock_of(world, "肥皂")) == (100, 5)
    with pytest.raises(ValidationError, match="撤销原因不能为空"):
        world.ledger.store.return_redemption(world.village.id, r.receipt_no, " ")


def test_stock_ledger_in_out_and_write_off(world):
    store = world.ledger.store
    stocked(world, "肥皂", 10, 5, cost=250)
    store.stock_in(world.village.id, "肥皂", 4, "donation", party="张记超市")
    store.stock_in(world.village.id, "肥皂", 2, "sponsor", party="乡贤王某", unit_cost_fen=300)
    with pytest.raises(ValidationError, match="进价"):
        store.stock_in(world.village.id, "肥皂", 1, "purchase")
    with pytest.raises(ValidationError, match="捐赠人或赞助方不能为空"):
        store.stock_in(world.village.id, "肥皂", 1, "donation")
    with pytest.raises(ValidationError, match="库存只有11块，不能报损12块"):
        store.write_off(world.village.id, "肥皂", 12, "受潮")
    store.write_off(world.village.id, "肥皂", 1, "受潮")
    assert stock_of(world, "肥皂") == 10
    kinds = [(m.kind, m.quantity) for m in store.movements(world.village.id, goods="肥皂")]
    assert sorted(kinds) == sorted(
        [("purchase", 5), ("donation", 4), ("sponsor", 2), ("write_off", -1)]
    )


def test_stocktake_posts_differences_in_one_go(world):
    store = world.ledger.store
    stocked(world, "肥皂", 10, 5)
    stocked(world, "毛巾", 10, 3)
    stocked(world, "牙膏", 10, 2)
    take = store.stocktake(world.village.id, {"肥皂": 4, "毛巾": 3, "牙膏": 5}).value
    assert [(x.goods_name, x.expected, x.counted, x.difference) for x in take.lines] == [
        ("肥皂", 5, 4, -1),
        ("毛巾", 3, 3, 0),
        ("牙膏", 2, 5, 3),
    ]
    assert [stock_of(world, n) for n in ("肥皂", "毛巾", "牙膏")] == [4, 3, 5]
    with pytest.raises(NotFound):
        store.stocktake(world.village.id, {"肥皂": 1, "没有的": 1})
    assert stock_of(world, "肥皂") == 4  # nothing half-written


def test_goods_names_are_unique_and_checked(world):
    stocked(world, "肥皂")
    with pytest.raises(ValidationError, match="已经有“肥皂”"):
        world.ledger.store.add_goods(world.village.id, "肥皂", 5)
    with pytest.raises(ValidationError, match="大于0"):
        world.ledger.store.add_goods(world.village.id, "毛巾", 0)


def test_goods_photo_is_stored_like_evidence(world, tmp_path):
    photo = a_jpeg(tmp_path / "soap.jpg")
    g = world.ledger.store.add_goods(world.village.id, "肥皂", 10, photo=photo).value
    assert g.photo_name == "soap.jpg"
    stored = world.ledger.evidence_dir / g.photo_sha256[:2] / (g.photo_sha256 + ".jpg")
    assert stored.read_bytes() == photo.read_bytes()


def test_a_goods_photo_must_be_a_picture_and_its_refusal_says_so(world, tmp_path):
    scan = a_pdf(tmp_path / "发票.pdf")
    with pytest.raises(ValidationError, match="不是照片") as err:
        world.ledger.store.add_goods(world.village.id, "肥皂", 10, photo=scan)
    assert err.value.field == "photo" and "证明材料" not in err.value.message
    assert world.ledger.store.goods(world.village.id) == []
    picture = a_png(tmp_path / "肥皂.png")
    soap = world.ledger.store.add_goods(world.village.id, "肥皂", 10, photo=picture).value
    assert soap.photo_name == "肥皂.png"
