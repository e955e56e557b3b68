"""积分超市 page, driven through the real widgets: a redemption from the keyboard, refusals of the
model shown on the page, a return asked about and refused the second time, goods and stock
dialogs, a stocktake that posts its difference, and what each role sees."""

from __future__ import annotations

import datetime as dt

import pytest
from keyboard import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from jifen_desktop.ui import messages
from jifen_desktop.ui.pages.home import HomePage
from jifen_desktop.ui.pages.store import StorePage

YEAR = dt.date.today().year
ENTER = Qt.Key.Key_Return


@pytest.fixture
def store_world(village_world):
    """Goods on the shelf and this year's 100 base points for every household."""
    store, village = village_world.ledger.store, village_world.village.id
    for name, price, unit, quantity in (
        ("肥皂", 10, "块", 5),
        ("洗衣粉", 20, "袋", 3),
        ("电饭煲", 80, "台", 2),
    ):
        store.add_goods(village, name, price, unit=unit, category="日用品", low_stock=2)
        store.stock_in(village, name, quantity, unit_cost_fen=250)
    store.add_goods(village, "理发", 15, unit="次", is_service=True)
    village_world.ledger.entries.generate_base_points(village, YEAR)
    return village_world


@pytest.fixture
def open_store(qtbot, shown, make_ctx, store_world):
    def make(username: str = "admin") -> StorePage:
        page = shown(StorePage(make_ctx(username)))
        qtbot.waitExposed(page)
        page.activateWindow()
        return page

    return make


def household(world, number):
    return next(h for h in world.ledger.households.search(world.village.id, number))


def stock_of(world, name):
    return world.ledger.store.goods_by_name(world.village.id, name).stock


def focus(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def pick(qtbot, widget, text: str) -> None:
    """Type into a type-ahead box and press Enter, as the clerk does."""
    focus(qtbot, widget)
    type_text(qtbot, widget, text)
    qtbot.keyClick(widget, ENTER)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_redemption_from_the_keyboard(qtbot, open_store, store_world):
    page = open_store()
    cart = page.section("cart")
    pick(qtbot, cart.household, "wjg")  # 王建国 by pinyin initials
    assert cart.household.current.number == "0101"
    assert cart.available_label.text() == "100 分" and "年度积分 100" in cart.other_balances.text()
    assert QApplication.focusWidget() is cart.goods_picker  # Enter moved on to the goods
    pick(qtbot, cart.goods_picker, "fz")  # 肥皂, quantity 1
    cart.quantity.setValue(3)
    pick(qtbot, cart.goods_picker, "洗衣粉")  # Enter on a good adds it
    assert [(g.name, q) for g, q in cart.cart.chosen()] == [("肥皂", 1), ("洗衣粉", 3)]
    assert cart.cart.item(1, 4).text() == "60" and cart.total_label.text() == "合计 70 分"
    assert cart.remaining_label.text() == "兑换后剩余 30 分"
    qtbot.keyClick(cart.goods_picker, ENTER, Qt.KeyboardModifier.ControlModifier)  # 兑换

    [r] = store_world.ledger.store.redemptions(store_world.village.id)
    assert (r.receipt_no, r.household_number, r.points) == (f"DH{YEAR}-0001", "0101", 70)
    assert f"DH{YEAR}-0001" in cart.message.text() and "兑换成功" in cart.message.text()
    assert cart.available_label.text() == "30 分" and cart.cart.rowCount() == 0
    assert (stock_of(store_world, "肥皂"), stock_of(store_world, "洗衣粉")) == (4, 0)
    records = page.section("records")
    assert records.table.item(0, 1).text() == f"DH{YEAR}-0001"
    assert records.table.item(0, 3).text() == "肥皂×1、洗衣粉×3"


def test_short_points_and_short_stock_are_refused_in_the_models_words(
    qtbot, open_store, store_world
):
    page = open_store()
    cart = page.section("cart")
    pick(qtbot, cart.household, "0102")
    cart.quantity.setValue(2)
    pick(qtbot, cart.goods_picker, "电饭煲")
    assert cart.remaining_label.text() == "兑换后剩余 -60 分（还差 60 分）"
    assert "b00020" in cart.remaining_label.styleSheet()  # red
    click(qtbot, cart.redeem_button)
    assert "可用积分只有100分" in cart.message.text() and "还差60分" in cart.message.text()

    cart.cart.clear_lines()
    cart.quantity.setValue(4)
    pick(qtbot, cart.goods_picker, "洗衣粉")  # 80 points, but only 3 on the shelf
    assert cart.remaining_label.text() == "兑换后剩余 20 分"
    click(qtbot, cart.redeem_button)
    assert "库存只剩3袋" in cart.message.text()
    assert store_world.ledger.store.redemptions(store_world.village.id) == []
    assert stock_of(store_world, "洗衣粉") == 3 and cart.cart.rowCount() == 1  # cart kept


def test_a_return_asks_first_and_the_second_is_refused(qtbot, open_store, store_world, monkeypatch):
    ledger, village = store_world.ledger, store_world.village.id
    ledger.store.redeem(village, household(store_world, "0101").id, [("肥皂", 2)])
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, q: asked.append(q) or True)
    page = open_store()
    records = page.section("records")
    assert records.table.rowCount() == 1
    for attempt in (1, 2):
        records.table.selectRow(0)
        click(qtbot, records.return_button)
        assert f"DH{YEAR}-0001" in asked[-1]
        dialog = records.dialog
        focus(qtbot, dialog.reason)
        type_text(qtbot, dialog.reason, "商品有破损")
        click(qtbot, dialog.ok_button)
        if attempt == 1:
            assert not dialog.isVisible()
            assert records.table.item(0, 7).text().startswith("已退货")
            assert stock_of(store_world, "肥皂") == 5
            assert ledger.balances.of(household(store_world, "0101").id).available == 100
    assert dialog.isVisible() and "不能重复撤销" in dialog.error_text()
    assert dialog.reason.text() == "商品有破损"  # what was typed stays
    dialog.reject()
    assert stock_of(store_world, "肥皂") == 5


def test_a_recorder_redeems_only_for_his_grid(qtbot, open_store, store_world):
    page = open_store("wgy1")
    assert list(page.sections) == ["cart", "records", "figures"]
    cart = page.section("cart")
    for query in ("0201", "lxy", "李秀英"):
        focus(qtbot, cart.household)
        cart.household.clear()
        pick(qtbot, cart.household, query)
        assert cart.household.current is None
        assert "没有找到" in cart.household.popup.model().index(0, 0).data()
    cart.household.clear()
    pick(qtbot, cart.household, "0101")
    pick(qtbot, cart.goods_picker, "lf")  # 理发, a service
    click(qtbot, cart.redeem_button)
    assert "兑换成功" in cart.message.text()
    assert not page.section("records").return_button.isVisible()  # returns are the committee's


def test_a_viewer_sees_no_action_buttons(open_store):
    page = open_store("chakan")
    assert list(page.sections) == ["records", "figures"]
    shown = {}
    for key in page.sections:
        page.section(key)
        shown[key] = [b.text() for b in page.findChildren(QPushButton) if b.isVisible()]
    assert shown == {"records": ["打印兑换凭证…"], "figures": []}  # printing reads only


def test_goods_and_stock_dialogs_show_refusals_under_their_fields(qtbot, open_store, store_world):
    page = open_store()
    goods = page.section("goods")
    assert goods.table.item(0, 0).text() == "理发"  # no category sorts first
    click(qtbot, goods.bar.itemAt(0).widget())  # 新增商品
    dialog = goods.dialog
    type_text(qtbot, dialog.name, "毛巾")
    dialog.unit.setText("条")
    dialog.price.setValue(15)
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    row = [goods.table.item(r, 0).text() for r in range(goods.table.rowCount())].index("毛巾")
    goods.table.selectRow(row)
    click(qtbot, goods.bar.itemAt(2).widget())  # 入库
    stock_in = goods.dialog
    stock_in.quantity.setValue(10)
    click(qtbot, stock_in.ok_button)  # a purchase with no cost
    assert "进价" in stock_in.error_text("cost") and stock_in.isVisible()
    stock_in.cost.setText("3.5")
    click(qtbot, stock_in.ok_button)
    assert not stock_in.isVisible() and stock_of(store_world, "毛巾") == 10
    assert goods.movements.item(0, 1).text() == "采购入库"
    assert goods.movements.item(0, 3).text() == "3.50"
    click(qtbot, goods.bar.itemAt(3).widget())  # 报损出库
    write_off = goods.dialog
    write_off.quantity.setValue(9)
    click(qtbot, write_off.ok_button)
    assert "原因" in write_off.error_text("reason")
    type_text(qtbot, write_off.reason, "受潮发霉")
    click(qtbot, write_off.ok_button)
    assert stock_of(store_world, "毛巾") == 1
    assert goods.table.item(row, 4).text() == "1（不足）"  # at or under its threshold of 5


def test_a_stocktake_posts_its_difference(qtbot, open_store, store_world, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, q: asked.append(q) or True)
    page = open_store("shenhe")
    sheet = page.section("stocktake")
    assert [g.name for g in sheet.goods] == ["洗衣粉", "电饭煲", "肥皂"]  # no service
    sheet.set_counted("肥皂", 3)
    assert sheet.table.item(2, 4).text() == "-2"
    assert sheet.summary.text() == "共 3 种商品，1 种与账面不符。"
    click(qtbot, sheet.submit_button)
    assert "1 种与账面不符" in asked[0] and "肥皂-2" in asked[0]
    assert stock_of(store_world, "肥皂") == 3
    assert "1 种有差异" in sheet.message.text()
    [m] = [
        m
        for m in store_world.ledger.store.movements(store_world.village.id)
        if m.kind == "stocktake"
    ]
    assert (m.goods_name, m.quantity) == ("肥皂", -2)
    assert sheet.counted(2) == 3 and sheet.table.item(2, 2).text() == "3"  # the sheet afresh


def test_figures_count_redemption_participation(qtbot, open_store, store_world):
    ledger, village = store_world.ledger, store_world.village.id
    ledger.store.redeem(village, household(store_world, "0101").id, [("肥皂", 1)])
    page = open_store()
    figures = page.section("figures")
    assert "兑换 1 单，用去积分 10 分" in figures.summary.text()
    rows = [
        [figures.participation.item(r, c).text() for c in range(4)]
        for r in range(figures.participation.rowCount())
    ]
    assert rows[0] == ["一组", "2", "1", "50%"] and rows[-1][2] == "1"
    assert "现有库存价值" in figures.stock_value.text()


def test_home_lists_low_stock_and_follows_the_store(qtbot, shown, make_ctx, store_world):
    home = shown(HomePage(make_ctx()))

    def names() -> list[str]:
        return [home.low_stock.item(r, 0).text() for r in range(home.low_stock.rowCount())]

    assert names() == ["电饭煲"]  # 2 left, the threshold is 2
    assert "库存不足 1 种" in home.low_stock_note.text()
    page = shown(StorePage(home.ctx))
    cart = page.section("cart")  # any change through the page
    cart.choose_household(household(store_world, "0101"))
    cart.cart.add(next(g for g in cart.goods if g.name == "肥皂"), 3)
    click(qtbot, cart.redeem_button)
    assert names() == ["电饭煲", "肥皂"]  # 肥皂: 5 - 3
