"""积分超市 and the year's last steps through the widgets: a redemption in 兑换 (household and
goods by type-ahead, 兑换), a 退货 in 兑换记录 (asked, then the reason), and the sync bundle
exported on 同步 › 导出同步包 into a folder chosen in the file dialog."""

from __future__ import annotations

from pathlib import Path

from keyboard import type_text
from year_driver import answer, button, choose_path, click, go, pick
from year_steps_setup import tab

from jifen_desktop.ui.main_window import MainWindow


def cart_for(qtbot, window: MainWindow, number: str):
    """积分超市 › 兑换 with the household picked by its number."""
    page = go(window, "积分超市")
    cart = tab(qtbot, page.tabs, "兑换")
    pick(qtbot, cart.household, number)
    assert cart.household.current is not None and cart.household.current.number == number
    return cart


def refused(qtbot, window: MainWindow, number: str) -> str:
    """A vetoed household picked in 兑换: what the page says, 兑换 not offered."""
    cart = cart_for(qtbot, window, number)
    assert cart.veto_label.isVisible() and not cart.redeem_button.isEnabled()
    return cart.veto_label.text()


def redeem(qtbot, window: MainWindow, number: str, goods: str, quantity: int) -> str:
    """兑换: the household, ``quantity`` of ``goods`` into the cart, 兑换; the page's message."""
    cart = cart_for(qtbot, window, number)
    cart.quantity.setValue(quantity)
    pick(qtbot, cart.goods_picker, goods)
    assert [(g.name, q) for g, q in cart.cart.chosen()] == [(goods, quantity)]
    click(qtbot, cart.redeem_button)
    return cart.message.text()


def give_back(qtbot, window: MainWindow, receipt: str, reason: str) -> str:
    """兑换记录: the redemption ``receipt`` picked, 退货 (asked), the reason, 确定; its row."""
    page = go(window, "积分超市")
    records = tab(qtbot, page.tabs, "兑换记录")
    row = next(
        r for r in range(records.table.rowCount()) if records.table.item(r, 1).text() == receipt
    )
    records.table.selectRow(row)
    asked = answer(lambda: click(qtbot, records.return_button))
    assert receipt in asked, asked
    dialog = records.dialog
    type_text(qtbot, dialog.reason, reason)
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible(), dialog.error_text()
    return records.table.item(row, 7).text()


def export_bundle(qtbot, window: MainWindow, stick: Path) -> str:
    """同步 › 导出同步包: 选择文件夹… (the stick), 导出同步包; what the page says it saved."""
    page = go(window, "同步")
    section = tab(qtbot, page.tabs, "导出同步包")
    choose_path(lambda: click(qtbot, button(section, "选择文件夹")), stick)
    assert section.target.currentData() == str(stick), section.target.currentData()
    click(qtbot, section.export_button)
    qtbot.waitUntil(lambda: section.result is not None, timeout=30_000)
    return section.done_line.text()
