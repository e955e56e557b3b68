"""A quarter's 公示 through the 公示 page (生成草稿, 张贴公示 with its dates and contact,
登记异议 and 处理异议, 定稿 once the posting is over) and 一票否决 from a household's page."""

from __future__ import annotations

import datetime as dt

from keyboard import type_text
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget
from year_driver import answer, click, go, modal, pick
from year_steps_setup import tab

from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.veto_dialogs import VetoDialog

CONTACT = "村委会 王会计"


def publication_page(window: MainWindow, quarter: str):
    page = go(window, "公示")
    assert page.quarter.currentData() == quarter, page.quarter.currentData()  # the last ended
    return page


def draft_and_post(qtbot, window: MainWindow, quarter: str, end: dt.date) -> str:
    """生成草稿, then 张贴公示… from today to ``end`` with the contact; the page's state."""
    page = publication_page(window, quarter)
    click(qtbot, page.draft_button)
    assert "已生成草稿" in page.message.text(), page.message.text()
    assert page.snapshot.model.rowCount() == 24
    click(qtbot, page.post_button)
    dialog = page.dialog
    dialog.end.setDate(QDate(end.year, end.month, end.day))
    type_text(qtbot, dialog.contact, CONTACT)
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible(), dialog.error_text()
    return page.state.text()


def add_objection(qtbot, window: MainWindow, quarter: str, number: str, code: str = "") -> None:
    """登记异议: the household of the notice, optionally one of its entries, what it says."""
    page = publication_page(window, quarter)
    tab(qtbot, page.tabs, page.tabs.tabText(page.tabs.indexOf(page.objections)))
    click(qtbot, page.objections.add_button)
    dialog = page.objections.dialog
    pick(qtbot, dialog.household, number)
    if code:
        dialog.entry.setCurrentIndex(dialog.entry.findText(code, Qt.MatchFlag.MatchContains))
        assert code in dialog.entry.currentText()
    type_text(qtbot, dialog.content, f"{number}户对公示的分数有异议")
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible(), dialog.error_text()


def resolve(qtbot, window: MainWindow, quarter: str, upheld: bool, reason: str) -> str:
    """处理异议 on the first objection: 成立 with the disputed entry reversed (asked first),
    or 不成立 with the reason; the objection's detail as the page shows it."""
    page = publication_page(window, quarter)
    objections = page.objections
    tab(qtbot, page.tabs, page.tabs.tabText(page.tabs.indexOf(objections)))
    objections.table.selectRow(0)
    click(qtbot, objections.resolve_button)
    dialog = objections.dialog
    click(qtbot, dialog.upheld if upheld else dialog.dismissed)
    type_text(qtbot, dialog.reason, reason)
    if upheld:
        click(qtbot, dialog.reverse)
        asked = answer(lambda: click(qtbot, dialog.ok_button))
        assert "冲正" in asked or "分" in asked, asked
    else:
        click(qtbot, dialog.ok_button)
    assert not dialog.isVisible(), dialog.error_text()
    return objections.detail.text()


def finalise(qtbot, window: MainWindow, quarter: str) -> str:
    page = publication_page(window, quarter)
    asked = answer(lambda: click(qtbot, page.finalise_button))
    assert "定稿" in asked
    return page.message.text()


def veto(qtbot, window: MainWindow, number: str, reason: str) -> str:
    """农户: the household found by its number, 一票否决, the reason, 登记否决 (asked first)."""
    page = go(window, "农户")
    pick(qtbot, page.search, number)
    qtbot.waitUntil(
        lambda: page.detail.household is not None and page.detail.household.number == number
    )
    detail = page.detail

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, VetoDialog)
        type_text(qtbot, dialog.reason, reason)
        asked = answer(lambda: click(qtbot, dialog.ok_button))
        assert reason in asked

    modal(lambda: click(qtbot, detail.veto_button), fill)
    return detail.fields["veto"].text()
