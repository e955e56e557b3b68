"""积分超市 page, the later additions: a goods photo picked in the dialog and shown on 商品与库存
and in the cart, the year-end expiry (年底清零) asked about, done once and then "already done",
a back-dated redemption with a note, and the list of past stocktakes on 盘点."""

from __future__ import annotations

import datetime as dt

import test_store_page as first
from PySide6.QtCore import QDate
from PySide6.QtGui import QColor, QImage
from test_store_page import click, household

from jifen_desktop.ui import messages

# The fixtures of the first store test module: goods on the shelf, 100 points per household.
store_world = first.store_world
open_store = first.open_store

TODAY = dt.date.today()


def test_the_stocktake_tab_lists_past_stocktakes(qtbot, open_store, store_world, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *_: True)
    ledger, village = store_world.ledger, store_world.village.id
    ledger.store.stocktake(village, {"肥皂": 5}, on=TODAY - dt.timedelta(days=40), note="月底")
    page = open_store("shenhe")
    sheet = page.section("stocktake")
    assert sheet.past.rowCount() == 1
    assert sheet.past.item(0, 2).text() == "账实相符（1 种）"
    sheet.set_counted("肥皂", 3)
    sheet.set_counted("洗衣粉", 4)
    click(qtbot, sheet.submit_button)
    rows = [[sheet.past.item(r, c).text() for c in range(5)] for r in range(2)]
    assert rows[0][:4] == [str(TODAY), "审核员", "2 / 3 种", "-1"]  # 肥皂 -2, 洗衣粉 +1
    assert rows[1][0] == str(TODAY - dt.timedelta(days=40)) and rows[1][4] == "月底"


def set_day(edit, day: dt.date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


def test_a_back_dated_redemption_with_a_note(qtbot, open_store, store_world):
    page = open_store()
    cart = page.section("cart")
    assert cart.day.date() == QDate.currentDate()  # today unless changed
    cart.choose_household(household(store_world, "0101"))
    cart.cart.add(next(g for g in cart.goods if g.name == "肥皂"), 2)
    set_day(cart.day, TODAY + dt.timedelta(days=1))
    click(qtbot, cart.redeem_button)
    assert "日期不能晚于今天" in cart.message.text() and cart.cart.rowCount() == 1
    slip_day = TODAY - dt.timedelta(days=12)
    set_day(cart.day, slip_day)
    cart.note.setText("补录纸质兑换单")
    click(qtbot, cart.redeem_button)
    [r] = store_world.ledger.store.redemptions(store_world.village.id)
    assert (r.occurred_on, r.note, r.points) == (slip_day, "补录纸质兑换单", 20)
    assert r.receipt_no == f"DH{slip_day.year}-0001"
    assert f"兑换日期 {slip_day}" in cart.message.text()
    assert cart.note.text() == "" and cart.day.date() == QDate(  # the date stays for the pile
        slip_day.year, slip_day.month, slip_day.day
    )


def test_year_end_expiry_asks_runs_once_and_then_says_already_done(
    qtbot, open_store, store_world, monkeypatch
):
    ledger, village = store_world.ledger, store_world.village.id
    ledger.villages.update_settings(village, available_policy="year_end")
    ledger.entries.generate_base_points(village, TODAY.year - 1)  # 100 for each of 3 households
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, q: asked.append(q) or True)
    page = open_store()
    box = page.section("figures").year_end
    assert box.isVisible() and box.run_button.isVisible()
    assert box.year.value() == TODAY.year - 1
    click(qtbot, box.run_button)
    assert f"{TODAY.year - 1} 年" in asked[0] and "3 户共 300 分将清零" in asked[0]
    assert box.message.text() == f"已清零 {TODAY.year - 1} 年剩下的可用积分：3 户共 300 分。"
    click(qtbot, box.run_button)
    assert "已于" in box.message.text() and "这次没有改动" in box.message.text()
    assert "3 户共 300 分" in box.message.text()
    box.year.setValue(TODAY.year)  # not ended yet: the model refuses, in Chinese
    click(qtbot, box.run_button)
    assert "还没有结束" in box.message.text()


def test_year_end_is_the_admins_and_only_for_year_end_villages(open_store):
    page = open_store()
    box = page.section("figures").year_end
    assert box.isVisible() and not box.run_button.isVisible()  # carry_over: only a note
    assert "跨年结转" in box.policy_note.text() and "村信息与积分政策" in box.policy_note.text()
    reviewer = open_store("shenhe")
    assert not reviewer.section("figures").year_end.isVisible()


def a_photo(path, color="#3a7bd5"):
    image = QImage(240, 160, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    assert image.save(str(path))
    return path


def test_a_photo_picked_in_the_goods_dialog_is_shown_on_the_tab_and_in_the_cart(
    qtbot, open_store, store_world, tmp_path
):
    page = open_store()
    goods = page.section("goods")
    names = [goods.table.item(r, 0).text() for r in range(goods.table.rowCount())]
    goods.table.selectRow(names.index("肥皂"))
    assert not goods.photo.has_photo() and "无照片" in goods.photo.text()
    click(qtbot, goods.bar.itemAt(1).widget())  # 修改
    dialog = goods.dialog
    dialog.photo.set_file(tmp_path / "说明.txt")  # as the file dialog would hand it over
    (tmp_path / "说明.txt").write_text("不是照片")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and "不是照片" in dialog.error_text("photo")  # the model's check
    dialog.photo.remove()
    assert dialog.photo.chosen is None and not dialog.photo.preview.has_photo()
    dialog.photo.set_file(a_photo(tmp_path / "肥皂.png"))
    assert dialog.photo.preview.has_photo() and "肥皂.png" in dialog.photo.name.text()
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    saved = store_world.ledger.store.goods_by_name(store_world.village.id, "肥皂")
    assert (saved.photo_name, len(saved.photo_sha256)) == ("肥皂.png", 64)
    assert goods.current().name == "肥皂" and goods.photo.has_photo()

    cart = page.section("cart")
    cart.shelf.select("肥皂")
    assert cart.shelf.photo.has_photo()
    cart.shelf.select("洗衣粉")
    assert not cart.shelf.photo.has_photo() and cart.shelf.photo.text() == "无照片"
