"""The 农户 page driven as a user would: type-ahead search, filters, a recorder's view, the
add / move-out / member dialogs with their Chinese error messages, and speed on 5,000 households."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from keyboard import type_text
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from jifen_desktop.model import idcard
from jifen_desktop.model.pinyin_keys import name_keys
from jifen_desktop.model.schema import Household, HouseholdSearchKeys
from jifen_desktop.ui.household_model import mask_phone
from jifen_desktop.ui.pages.households import HouseholdsPage


@pytest.fixture
def open_page(shown, make_ctx):
    return lambda username="admin": shown(HouseholdsPage(make_ctx(username)))


def numbers(page: HouseholdsPage) -> list[str]:
    """The household numbers the table shows, top to bottom."""
    model = page.table.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def cell(page: HouseholdsPage, number: str, header: str) -> str:
    model = page.table.model()
    row = numbers(page).index(number)
    column = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == header
    )
    return model.index(row, column).data()


def click_row(qtbot, page: HouseholdsPage, number: str) -> None:
    index = page.table.model().index(numbers(page).index(number), 1)
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.detail.household.number == number


def answer_next_question(button_text: str, asked: list[str]) -> None:
    """Click ``button_text`` on the next modal question box, remembering its text."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, answer)


def valid_id(first17: str) -> str:
    return first17 + idcard.check_digit(first17)


def test_type_ahead_by_pinyin_initials_number_and_full_pinyin(qtbot, open_page):
    page = open_page()
    assert numbers(page) == ["0101", "0102", "0201"]
    qtbot.keyClicks(page.search, "sz")
    qtbot.waitUntil(lambda: numbers(page) == ["0102"], timeout=2000)
    assert page.detail.household.head_name == "单志"
    assert "单志" in page.detail.title.text()
    page.search.clear()
    qtbot.waitUntil(lambda: len(numbers(page)) == 3, timeout=2000)
    qtbot.keyClicks(page.search, "shanzhi")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # Enter searches at once
    assert numbers(page) == ["0102"]
    page.search.clear()
    qtbot.keyClicks(page.search, "0201")
    qtbot.waitUntil(lambda: numbers(page) == ["0201"], timeout=2000)


def test_grid_and_status_filters(qtbot, open_page):
    page = open_page()
    assert [page.grid.itemText(i) for i in range(page.grid.count())] == ["全部网格", "一组", "二组"]
    page.grid.setCurrentIndex(page.grid.findText("二组"))
    assert numbers(page) == ["0201"]
    assert cell(page, "0201", "网格") == "二组" and cell(page, "0201", "状态") == "在册"
    page.grid.setCurrentIndex(page.grid.findText("一组"))
    assert numbers(page) == ["0101", "0102"]
    page.status.setCurrentIndex(page.status.findText("迁出"))
    assert numbers(page) == []
    assert page.detail.household is None and not page.detail.edit_button.isEnabled()
    assert "显示 0 户，共 3 户" in page.count.text()


def test_recorder_sees_only_own_grid_and_cannot_change(qtbot, open_page):
    page = open_page("wgy1")
    assert numbers(page) == ["0101", "0102"]
    assert [page.grid.itemText(i) for i in range(page.grid.count())] == ["全部网格", "一组"]
    qtbot.keyClicks(page.search, "lxy")  # 李秀英 lives in 二组
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert numbers(page) == []
    page.search.clear()
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    click_row(qtbot, page, "0102")
    for button in (
        page.add_button,
        page.add_unit_button,
        page.detail.edit_button,
        page.detail.status_button,
        page.detail.member_button,
    ):
        assert not button.isEnabled()
    assert page.add_button.toolTip() == "需要管理员权限"


def test_viewer_sees_masked_phone_and_no_actions(qtbot, make_ctx, open_page, village_world):
    admin = make_ctx("admin")
    h = admin.ledger.households.by_number(admin.village_id, "0201")
    admin.ledger.households.update(h.id, phone="13912341234")
    page = open_page("chakan")
    assert cell(page, "0201", "电话") == "139****1234"
    click_row(qtbot, page, "0201")
    assert page.detail.fields["phone"].text() == "139****1234"
    assert not page.detail.status_button.isEnabled()
    assert mask_phone("07101234567") == "071****4567" and mask_phone("") == ""


def test_add_household_duplicate_number_keeps_dialog_then_adds(qtbot, open_page):
    page = open_page()
    dialog = page.make_add_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.number, "0101")
    type_text(qtbot, dialog.head_name, "张三")
    dialog.grid.setCurrentIndex(dialog.grid.findText("二组"))
    qtbot.keyClicks(dialog.phone, "13800001111")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert "户号 0101 在本村已经存在" in dialog.error_text("number")
    assert dialog.number.text() == "0101" and dialog.head_name.text() == "张三"
    assert numbers(page) == ["0101", "0102", "0201"]
    dialog.number.clear()
    qtbot.keyClicks(dialog.number, "0202")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    # The page heard the change broadcast and reloaded.
    assert numbers(page) == ["0101", "0102", "0201", "0202"]
    assert cell(page, "0202", "户主/单位名称") == "张三"
    assert cell(page, "0202", "电话") == "138****1111"
    page.show_household(dialog.value.id)
    assert page.detail.household.number == "0202"
    assert page.detail.members.cell(0, 0) == "张三" and page.detail.members.cell(0, 1) == "户主"


def test_add_unit_and_missing_name_message(qtbot, open_page):
    page = open_page()
    dialog = page.make_add_dialog("unit")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.number, "D01")
    type_text(qtbot, dialog.head_name, "刘老板")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "单位名称不能为空" in dialog.error_text("unit_name")
    type_text(qtbot, dialog.unit_name, "张集便民超市")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert cell(page, "D01", "户主/单位名称") == "张集便民超市"
    assert cell(page, "D01", "类型") == "单位"


def test_move_out_asks_first_then_shows_status_and_history(qtbot, open_page):
    page = open_page()
    click_row(qtbot, page, "0101")
    assert page.detail.status_button.text() == "迁出/注销"
    dialog = page.make_status_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.status.currentText() == "迁出"
    dialog.effective_on.setDate(dt.date(2025, 3, 1))
    type_text(qtbot, dialog.reason, "全家迁往县城")
    asked: list[str] = []
    answer_next_question("取消", asked)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert asked and "0101 王建国" in asked[0] and "迁出" in asked[0]
    assert dialog.isVisible() and "0101" in numbers(page)  # nothing done
    answer_next_question("确定", asked)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2 and not dialog.isVisible()
    assert numbers(page) == ["0102", "0201"]  # the 在册 filter hides it now
    page.status.setCurrentIndex(page.status.findText("全部"))
    assert cell(page, "0101", "状态") == "迁出"
    page.show_household(dialog.value.id)
    detail = page.detail
    assert detail.fields["status"].text() == "迁出（自 2025-03-01）"
    history = [[detail.history.cell(r, c) for c in range(3)] for r in range(2)]
    assert history == [["2024-01-01", "在册", "登记在册"], ["2025-03-01", "迁出", "全家迁往县城"]]
    assert detail.status_button.text() == "恢复在册"


def test_move_out_date_error_shows_next_to_date(qtbot, open_page):
    page = open_page()
    click_row(qtbot, page, "0201")
    dialog = page.make_status_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.effective_on.setDate(dt.date(2023, 6, 1))  # before it was registered
    answer_next_question("确定", [])
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "不能早于这一户的登记日期" in dialog.error_text("effective_on")


def test_add_member_bad_check_digit_then_good(qtbot, open_page):
    page = open_page()
    click_row(qtbot, page, "0102")
    dialog = page.make_member_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    good = valid_id("42088119900101123")
    bad = good[:17] + ("1" if good[17] != "1" else "2")
    type_text(qtbot, dialog.name, "单小明")
    dialog.relation.setCurrentIndex(dialog.relation.findText("子"))
    qtbot.keyClicks(dialog.id_number, bad)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "校验位不对" in dialog.error_text("id_number")
    assert dialog.name.text() == "单小明" and dialog.id_number.text() == bad
    qtbot.keyClicks(dialog.birth_date, "1990-13-01")
    dialog.id_number.clear()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "看不懂" in dialog.error_text("birth_date") and dialog.error_text("id_number") == ""
    dialog.birth_date.clear()
    qtbot.keyClicks(dialog.id_number, good)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    members = page.detail.members
    row = next(r for r in range(members.rowCount()) if members.cell(r, 0) == "单小明")
    assert members.cell(row, 1) == "子" and members.cell(row, 2) == "男"
    assert members.cell(row, 3) == "1990-01-01"
    assert members.cell(row, 4) == "420881********" + good[-4:]


def test_balances_and_entries_in_detail(qtbot, make_ctx, open_page):
    admin = make_ctx("admin")
    household = admin.ledger.households.by_number(admin.village_id, "0201")
    page = open_page()
    click_row(qtbot, page, "0201")
    op = admin.ledger.entries.register_activity(
        admin.village_id, "C06", dt.date.today(), [household.id]
    )
    page.ctx.apply(op)
    assert cell(page, "0201", "年度积分") == "5" and cell(page, "0201", "累计积分") == "5"
    detail = page.detail
    assert detail.household.number == "0201"
    assert detail.balances["annual"].text() == "5" and detail.balances["available"].text() == "5"
    assert detail.entries.rowCount() == 1
    assert detail.entries.cell(0, 1).startswith("C06") and detail.entries.cell(0, 3) == 5
    assert detail.entries.cell(0, 4) == "已通过"


def add_many_households(world, count: int) -> None:
    """Bulk-insert households straight into the tables (the service's one-by-one path is
    measured in benchmarks/), audited and with search keys as the service would write them."""
    surnames, given = "王李张刘陈杨黄赵吴周单曾", "建国秀英志明海波丽华军"
    with world.ledger.write() as tx:
        for i in range(count):
            name = surnames[i % len(surnames)] + given[i % 7] + given[(i // 7) % len(given)]
            h = Household(
                village_id=world.village.id,
                kind="household",
                number=f"9{i:05d}",
                head_name=name,
                unit_name="",
                grid_id=(world.grid1 if i % 2 else world.grid2).id,
                address="",
                phone=f"139{i:08d}",
                status="active" if i % 10 else "moved_out",
                status_since=dt.date(2024, 1, 1),
                registered_on=dt.date(2024, 1, 1),
            )
            tx.created(h, "household.add", f"登记户 {h.number}", village_id=world.village.id)
            keys = {h.number, name} | name_keys(name)
            tx.session.add(
                HouseholdSearchKeys(
                    household_id=h.id, village_id=world.village.id, keys="|" + "|".join(keys) + "|"
                )
            )


def test_five_thousand_households_stay_smooth(qtbot, open_page, village_world):
    add_many_households(village_world, 5000)
    page = open_page()
    start = time.perf_counter()
    page.refresh()
    refresh_s = time.perf_counter() - start
    assert page.model.total == 5003 and page.model.rowCount() == 4503
    assert refresh_s < 1.0, f"refresh took {refresh_s:.2f}s"
    start = time.perf_counter()
    page.search.setText("wjg")
    page.apply_filters()
    search_s = time.perf_counter() - start
    assert 0 < page.model.rowCount() < 4503
    assert search_s < 0.5, f"search took {search_s:.2f}s"
    page.search.clear()
    page.apply_filters()
    start = time.perf_counter()
    page.table.horizontalHeader().setSortIndicator(7, Qt.SortOrder.DescendingOrder)
    page.grid.setCurrentIndex(page.grid.findText("二组"))
    other_s = time.perf_counter() - start
    assert other_s < 0.5 and page.model.rowCount() == 2001
    assert page.detail.household is not None  # a row stays selected after sort and filter
