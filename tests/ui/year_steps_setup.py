"""The whole year's first days, through the widgets: the set-up wizard on an empty folder with
the roster imported from its last page (its three grids made from the sheet), the operators
added in 设置 › 操作员, the year's 基础分 given in 设置 › 村信息与积分政策, and the shop's goods
added and stocked in 积分超市 › 商品与库存."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from keyboard import replace_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QWidget, QWizard
from year_driver import answer, button, choose_path, click, go, modal, opened

from jifen_desktop.model.roster.rows import FIELDS
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.base import Page
from jifen_desktop.ui.pages.settings.operators import OperatorDialog
from jifen_desktop.ui.roster_dialog import RosterImportDialog
from jifen_desktop.ui.wizard import SetupWizard

Button = QWizard.WizardButton
CODE, VILLAGE, TOWNSHIP = "420881100007", "石桥村", "张集镇"
ADMIN_NAME = "王会计"
GRIDS = ("一组", "二组", "三组")
SURNAMES = "王李张刘陈杨黄赵"
GIVEN = ("建国", "秀英", "志强", "桂兰", "国华", "玉梅", "德胜", "春生")
SPOUSES = ("林芳", "马丽", "孙燕", "周红", "吴静", "郑霞", "冯兰", "何英")


def households() -> list[tuple[str, str, str]]:
    """(户号, 户主, 网格) of the village's 24 households: eight a grid."""
    return [
        (f"0{g + 1}0{i + 1}", SURNAMES[i] + GIVEN[(i + g * 3) % 8], grid)
        for g, grid in enumerate(GRIDS)
        for i in range(8)
    ]


def roster_sheet(path: Path) -> Path:
    """The committee's roster as an Excel sheet: a title line, the headers, each household's
    head and spouse."""
    headers = list(FIELDS.values())
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([f"{VILLAGE}农户花名册"])
    sheet.append(headers)
    for i, (number, head, grid) in enumerate(households()):
        for name, relation in ((head, "户主"), (SPOUSES[i % 8] + str(i), "配偶")):
            values = {"户号": number, "户主": head, "姓名": name, "与户主关系": relation}
            values["网格/村民小组"] = grid
            sheet.append([values.get(h, "") for h in headers])
    book.save(path)
    return path


def tab(qtbot, tabs: QTabWidget, title: str) -> QWidget:
    """Click the tab ``title``; its page."""
    bar = tabs.tabBar()
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index, title
    shown = tabs.currentWidget()
    # 设置 builds a tab when first shown, into a holder: the page is the holder's one widget
    layout = shown.layout()
    inside = layout.itemAt(0).widget() if layout is not None and layout.count() == 1 else None
    return inside if isinstance(inside, Page) else shown


# -- the wizard and the roster ----------------------------------------------------------------


def wizard(qtbot, roster: Path, password: str):
    """The set-up wizard played from its first page to 完成, the roster imported on the way."""

    def play(dialog: QWidget) -> None:
        assert isinstance(dialog, SetupWizard)
        click(qtbot, dialog.button(Button.NextButton))
        for edit, text in (
            (dialog.village.code, CODE),
            (dialog.village.name, VILLAGE),
            (dialog.village.township, TOWNSHIP),
        ):
            replace_text(qtbot, edit, text)
        click(qtbot, dialog.button(Button.NextButton))
        assert "83项" in dialog.rules.template.text()  # seed 001 篇7's catalog
        click(qtbot, dialog.button(Button.NextButton))
        replace_text(qtbot, dialog.admin.display_name, ADMIN_NAME)
        replace_text(qtbot, dialog.admin.password, password)
        replace_text(qtbot, dialog.admin.password_again, password)
        click(qtbot, dialog.button(Button.CommitButton))
        assert f"{VILLAGE}（{CODE}）" in dialog.done_page.summary.text()
        click(qtbot, dialog.done_page.roster_button)
        import_roster(qtbot, opened(RosterImportDialog), roster)
        click(qtbot, dialog.button(Button.FinishButton))

    return play


def import_roster(qtbot, dialog: RosterImportDialog, roster: Path) -> None:
    """选择文件…, the check, 新建花名册里的网格…, 全部导入, 关闭."""
    choose_path(lambda: click(qtbot, button(dialog, "选择文件")), roster)
    qtbot.waitUntil(lambda: dialog.grids_button.isVisible(), timeout=20_000)
    question = answer(lambda: click(qtbot, dialog.grids_button))
    assert "、".join(GRIDS) in question
    qtbot.waitUntil(lambda: dialog.all_button.isEnabled(), timeout=20_000)
    assert "24" in dialog.summary.text(), dialog.summary.text()
    click(qtbot, dialog.all_button)
    qtbot.waitUntil(lambda: "已导入" in dialog.message.text(), timeout=20_000)
    assert "已导入 24 户" in dialog.message.text(), dialog.message.text()
    click(qtbot, button(dialog, "关闭"))


# -- the first admin's day ----------------------------------------------------------------------


def add_operator(qtbot, section: QWidget, who: tuple[str, str, str, str], password: str) -> None:
    """添加操作员: user name, name, role and (a recorder's) grid, the first password twice."""
    username, name, role, grid = who

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, OperatorDialog)
        replace_text(qtbot, dialog.username, username)
        replace_text(qtbot, dialog.display_name, name)
        dialog.role.setCurrentIndex(dialog.role.findData(role))
        for i in range(dialog.grids.count()):
            item = dialog.grids.item(i)
            if item.text() == grid:
                item.setCheckState(Qt.CheckState.Checked)
        replace_text(qtbot, dialog.password, password)
        replace_text(qtbot, dialog.repeat, password)
        click(qtbot, dialog.ok_button)

    modal(lambda: click(qtbot, button(section, "添加操作员")), fill)


def rules_as_decided(qtbot, window: MainWindow) -> None:
    """设置 › 积分细则, as the village meeting decided: recorders' own observations go without a
    photo (the box ticked), and the 常用扣分项（非方案原文） added after its question."""
    section = tab(qtbot, go(window, "设置").tabs, "积分细则")
    click(qtbot, section.seed_bar.observations)
    assert section.seed_bar.observations.isChecked()
    asked = answer(lambda: click(qtbot, button(section, "加入常用扣分项")))
    assert "非方案原文" in asked, asked
    assert "已加入常用扣分项 11 条" in section.message.text(), section.message.text()


def give_base_points(qtbot, window: MainWindow, year: int, count: int) -> str:
    """设置 › 村信息与积分政策 › 发放年度基础分…: the year's 基础分 to every household."""
    page = go(window, "设置")
    section = tab(qtbot, page.tabs, "村信息与积分政策")
    done: list[str] = []

    def give(dialog: QWidget) -> None:
        assert dialog.year.value() == year
        assert f"这次发给 {count} 户" in dialog.summary.text(), dialog.summary.text()
        asked = answer(lambda: click(qtbot, dialog.give_button))
        assert f"发给 {count} 户" in asked, asked
        done.append(dialog.done_line.text())
        click(qtbot, button(dialog, "关闭"))

    modal(lambda: click(qtbot, button(section, "发放年度基础分")), give)
    return done[0]


def add_goods(qtbot, window: MainWindow, name: str, unit: str, price: int, stock: int) -> None:
    """积分超市 › 商品与库存: 新增商品, then 入库… a purchase of ``stock`` at 3.50 元 each."""
    page = go(window, "积分超市")
    goods = tab(qtbot, page.tabs, "商品与库存")
    click(qtbot, button(goods, "新增商品"))
    dialog = goods.dialog
    replace_text(qtbot, dialog.name, name)
    replace_text(qtbot, dialog.unit, unit)
    dialog.price.setValue(price)
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible(), dialog.error_text()
    names = [goods.table.item(r, 0).text() for r in range(goods.table.rowCount())]
    goods.table.selectRow(names.index(name))
    click(qtbot, button(goods, "入库"))
    stock_in = goods.dialog
    stock_in.quantity.setValue(stock)
    replace_text(qtbot, stock_in.cost, "3.5")
    click(qtbot, stock_in.ok_button)
    assert not stock_in.isVisible(), stock_in.error_text()
