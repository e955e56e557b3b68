"""分户 driven end to end on the 农户 page (issue 21 part 3): the 分户/合户 menu, ticking the
members who leave, the new household's number, grid and head, the points split by members;
the refusal under its field; the confirmation; the new household and both 户籍变动 tabs; the
pair of transfer entries approved at review together. And 合户 / 注销户 from the same menu."""

from __future__ import annotations

import datetime as dt

import pytest
from keyboard import type_text
from PySide6.QtCore import Qt
from test_households_page import answer_next_question, click_row, numbers

from jifen_desktop.ui.pages.households import HouseholdsPage

TODAY = dt.date.today()


@pytest.fixture
def page(shown, make_ctx, village_world):
    led = village_world.ledger
    h = led.households.by_number(village_world.village.id, "0101")
    led.members.add(h.id, "王小军", relation="子")
    led.members.add(h.id, "赵丽", relation="儿媳")
    led.members.add(h.id, "李秀兰", relation="配偶")
    led.entries.generate_base_points(village_world.village.id, TODAY.year)
    return shown(HouseholdsPage(make_ctx()))


def tick(dialog, *names: str) -> None:
    for i, member in enumerate(dialog.members):
        if member.name in names:
            dialog.leaving.item(i).setCheckState(Qt.CheckState.Checked)


def test_split_end_to_end(qtbot, page, village_world):
    click_row(qtbot, page, "0101")
    menu = page.detail.change_button.menu()
    assert [a.text() for a in menu.actions()] == ["分户…", "合户…", "注销户…"]
    dialog = page.make_change_dialog("split")
    qtbot.addWidget(dialog)
    dialog.show()
    assert [m.name for m in dialog.members] == ["王小军", "赵丽", "李秀兰"]  # not the head
    assert "累计积分和年度积分留在原户" in " ".join(
        label.text() for label in dialog.findChildren(type(dialog.share))
    )
    tick(dialog, "王小军", "赵丽")
    assert [dialog.head.itemText(i) for i in range(dialog.head.count())] == ["王小军", "赵丽"]
    dialog.how.setCurrentIndex(dialog.how.findData("members"))
    assert "按人口分，分出 2 人约可转 50 分" in dialog.share.text()
    type_text(qtbot, dialog.number, "0102")  # taken
    dialog.grid.setCurrentIndex(dialog.grid.findText(village_world.grid2.name))
    type_text(qtbot, dialog.reason, "儿子结婚另立门户")
    asked: list[str] = []
    answer_next_question("确定", asked)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "户号 0102 在本村已经存在" in dialog.error_text("number")
    dialog.number.clear()
    type_text(qtbot, dialog.number, "0131")
    answer_next_question("确定", asked)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "王小军、赵丽 从 0101 王建国 分出，另立新户 0131" in asked[-1]
    assert not dialog.isVisible()
    assert "0131" in numbers(page)
    tab = page.detail.changes
    assert tab.cell(0, 1) == "分户" and "转移可用积分 50 分（待审核）" in tab.cell(0, 2)
    led = village_world.ledger
    transfers = [e for e in led.entries.list(village_world.village.id) if e.kind == "transfer"]
    village_world.approve(transfers[1])  # one of the pair approves both
    page.show_household(dialog.value.to_household_id)
    assert page.detail.household.head_name == "王小军"
    assert page.detail.balances["available"].text() == "50"
    assert page.detail.balances["lifetime"].text() == "0"
    assert "（已通过）" in page.detail.changes.cell(0, 2)
    members = [page.detail.members.cell(r, 0) for r in range(page.detail.members.rowCount())]
    relations = [page.detail.members.cell(r, 1) for r in range(page.detail.members.rowCount())]
    assert dict(zip(members, relations, strict=True)) == {"王小军": "户主", "赵丽": "配偶"}


def test_merge_and_close_from_the_menu(qtbot, page):
    click_row(qtbot, page, "0102")
    dialog = page.make_change_dialog("merge")
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.into, "0201")
    assert dialog.into_name.text() == "0201 李秀英"
    answer_next_question("确定", [])
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and "0102" not in numbers(page)  # closed: off the 在册 list
    click_row(qtbot, page, "0101")
    close = page.make_change_dialog("close")
    qtbot.addWidget(close)
    close.show()
    answer_next_question("确定", [])
    qtbot.mouseClick(close.ok_button, Qt.MouseButton.LeftButton)
    assert close.isVisible() and "请写明注销的原因" in close.error_text("reason")
