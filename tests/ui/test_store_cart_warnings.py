"""积分超市 › 兑换 says what is wrong before 兑换 (issue 17, item 8): a household under 一票否决
is told so the moment it is chosen, beside its points, and 兑换 is off; goods with nothing left
are greyed and marked 缺货 on the shelf and cannot go in the cart; a quantity over the stock is
red in the cart with the stock shown; and after a redemption 打印兑换凭证 is right there."""

from __future__ import annotations

import datetime as dt

import pytest
import test_store_page as first
from layout_check import problems, settle, shown_at_laptop_size
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from test_store_page import click, household, pick

from jifen_desktop.ui import type_size
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.store.cart_table import SHORT
from jifen_desktop.ui.pages.store.shelf import SOLD_OUT_COLOUR
from jifen_desktop.ui.pdf_preview import PdfPreview

store_world = first.store_world
open_store = first.open_store

TODAY = dt.date.today()


def choose(qtbot, cart, number: str) -> None:
    """The next household: the box emptied, its number typed, Enter."""
    cart.household.clear()
    pick(qtbot, cart.household, number)


def test_a_vetoed_household_is_told_at_once_and_cannot_redeem(qtbot, open_store, store_world):
    vetoed = household(store_world, "0102")
    until = TODAY + dt.timedelta(days=90)
    store_world.ledger.vetoes.add(vetoed.id, "违法建房，拒不整改", TODAY, until)
    page = open_store()  # kept: the section lives as long as its page
    cart = page.section("cart")
    pick(qtbot, cart.household, "0101")
    assert cart.veto_label.isHidden() and cart.redeem_button.isEnabled()
    choose(qtbot, cart, "0102")
    assert cart.veto_label.isVisible()
    assert (
        cart.veto_label.text() == f"一票否决期内，不能兑换（原因：违法建房，拒不整改，至 {until}）"
    )
    assert not cart.redeem_button.isEnabled()
    cart.day.setDate(cart.day.date().addDays(-1))
    assert cart.veto_label.isHidden() and cart.redeem_button.isEnabled()
    choose(qtbot, cart, "0201")
    assert cart.veto_label.isHidden() and cart.redeem_button.isEnabled()


def test_out_of_stock_goods_are_greyed_and_over_stock_is_red(qtbot, open_store, store_world):
    store, village = store_world.ledger.store, store_world.village.id
    store.write_off(village, "电饭煲", 2, "损坏")
    page = open_store()  # kept: the section lives as long as its page
    cart = page.section("cart")
    shelf = cart.shelf
    row = [g.name for g in shelf.goods].index("电饭煲")
    assert shelf.table.item(row, 2).text() == "缺货"
    assert shelf.table.item(row, 0).foreground().color() == SOLD_OUT_COLOUR
    fine = [g.name for g in shelf.goods].index("肥皂")
    assert shelf.table.item(fine, 2).text() == "5"
    assert shelf.table.item(fine, 0).foreground().color() != SOLD_OUT_COLOUR
    pick(qtbot, cart.household, "0101")
    shelf.picked.emit(shelf.goods[row])  # a double-click on the sold-out good
    assert cart.cart.rowCount() == 0 and "“电饭煲”缺货" in cart.message.text()
    cart.quantity.setValue(4)
    pick(qtbot, cart.goods_picker, "洗衣粉")  # only 3 on the shelf
    assert cart.cart.item(0, 3).text() == "只有 3"
    assert cart.cart.item(0, 0).foreground().color() == SHORT
    assert "b00020" in cart.cart.cellWidget(0, 2).styleSheet()
    assert cart.stock_label.isVisible()
    assert cart.stock_label.text() == "库存不够：洗衣粉 要 4袋，库存只有 3袋。请改数量或移除。"
    cart.cart.cellWidget(0, 2).setValue(3)
    assert cart.stock_label.isHidden() and cart.cart.item(0, 3).text() == "3"
    assert cart.cart.cellWidget(0, 2).styleSheet() == ""


def test_print_the_receipt_right_after_a_redemption(qtbot, open_store, store_world):
    page = open_store()  # kept: the section lives as long as its page
    cart = page.section("cart")
    pick(qtbot, cart.household, "0101")
    assert cart.receipt_button.isHidden()
    pick(qtbot, cart.goods_picker, "肥皂")
    click(qtbot, cart.redeem_button)
    assert "兑换成功" in cart.message.text() and cart.receipt_button.isVisible()
    receipt_no = store_world.ledger.store.redemptions(store_world.village.id)[0].receipt_no
    click(qtbot, cart.receipt_button)
    qtbot.waitUntil(lambda: bool(cart.findChildren(PdfPreview)), timeout=10_000)
    [preview] = cart.findChildren(PdfPreview)
    text = "".join(page.extract_text() for page in PdfReader(preview.path).pages)
    assert receipt_no in text and "肥皂" in text
    preview.accept()
    cart.choose_household(household(store_world, "0102"))  # the next one: the button goes
    assert cart.receipt_button.isHidden()


@pytest.mark.parametrize("size", ["normal", "larger"])
def test_the_warnings_fit_the_cart_at_standard_and_largest_type(qtbot, make_ctx, store_world, size):
    """The veto line and a long 库存不够 line, with points short, neither cut nor push the cart
    off a 1366×768 screen (the layout check of test_layout_sizes.py)."""
    app = QApplication.instance()
    type_size.apply(app, size)
    try:
        ledger = store_world.ledger
        ledger.vetoes.add(
            household(store_world, "0102").id, "违法建房，经多次劝导拒不整改", TODAY, TODAY
        )
        window = MainWindow(make_ctx("admin"), QSettings())
        shown_at_laptop_size(qtbot, window)
        cart = window.page("store").section("cart")
        cart.choose_household(household(store_world, "0102"))
        goods = {g.name: g for g in cart.goods}
        cart.cart.add(goods["电饭煲"], 12)
        cart.cart.add(goods["洗衣粉"], 9)
        settle()
        assert cart.veto_label.isVisible() and cart.stock_label.isVisible()
        found = problems(window, type_size.point_size())
        assert not found, "\n".join(found)
    finally:
        type_size.apply(app, "normal")
