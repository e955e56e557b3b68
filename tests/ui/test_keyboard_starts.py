"""Keyboard starting points (issue 17 item 7), with real clicks and key presses: clicking
积分录入 in the left bar puts the keys in the household field; 登记异议 opens in its household
field, and Enter with no household says so under the field until one is chosen; 开审核会 opens
on the month, not on 开会; a date box takes one Tab (and Shift+Tab), not one per part, while a
date can still be typed in it."""

from __future__ import annotations

import datetime as dt

import pytest
from keyboard import type_text
from layout_check import problems, settle
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from test_publication_page import (  # noqa: F401 - fixtures, asked for by name
    ENTER,
    open_page,
    post,
    quarter_world,
)

from jifen_desktop.ui import type_size
from jifen_desktop.ui.forms import date_of
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.review.dialogs import OpenSessionDialog

TAB, BACKTAB = Qt.Key.Key_Tab, Qt.Key.Key_Backtab


def focused():
    return QApplication.focusWidget()


def wait_focus(qtbot, widget) -> None:
    qtbot.waitUntil(lambda: focused() is widget)


def test_clicking_entry_in_the_left_bar_puts_the_keys_in_the_household_field(
    qtbot, make_ctx, tmp_path
):
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(make_ctx("admin"), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    row = next(i for i, c in enumerate(window.classes) if c.key == "entry")
    item = window.nav.item(row)
    qtbot.mouseClick(
        window.nav.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.nav.visualItemRect(item).center(),
    )
    page = window.pages["entry"]
    wait_focus(qtbot, page.household)
    qtbot.keyClicks(focused(), "wjg")  # the typed pinyin lands in the field
    assert page.household.text() == "wjg"

    home = window.nav.item(0)
    qtbot.mouseClick(
        window.nav.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.nav.visualItemRect(home).center(),
    )
    window.nav.setFocus()
    wait_focus(qtbot, window.nav)
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)  # arrowing through the bar stays in the bar
    assert focused() is window.nav


def test_the_objection_dialog_starts_in_the_household_and_says_when_none_is_chosen(
    qtbot, request, asked
):
    page = request.getfixturevalue("open_page")()
    post(qtbot, page)
    page.tabs.setCurrentWidget(page.objections)
    qtbot.mouseClick(page.objections.add_button, Qt.MouseButton.LeftButton)
    dialog = page.objections.dialog
    qtbot.waitExposed(dialog)
    wait_focus(qtbot, dialog.household)

    qtbot.keyClick(dialog.household, ENTER)  # no household yet
    assert dialog.isVisible() and "请先选择提出异议的户" in dialog.error_text("household")
    assert dialog.error_text() == ""  # under the field, not in the message line
    assert focused() is dialog.household
    type_text(qtbot, dialog.household, "0101")
    qtbot.keyClick(dialog.household, ENTER)  # picked from the list
    assert dialog.household.current is not None
    assert dialog.error_text("household") == ""
    assert focused() is dialog.entry  # and on to the next field
    dialog.reject()


@pytest.fixture
def asked(monkeypatch):
    from jifen_desktop.ui import messages

    questions: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, q: questions.append(q) or True)
    return questions


def test_the_open_session_dialog_starts_on_the_month(qtbot, make_ctx, village_world):
    dialog = OpenSessionDialog(make_ctx("shenhe"))
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    wait_focus(qtbot, dialog.month)
    qtbot.keyClick(dialog.month, TAB)
    assert focused() is dialog.held_on
    qtbot.keyClick(dialog.held_on, TAB)  # one Tab leaves the date
    assert focused() is dialog.place
    qtbot.keyClick(dialog.place, BACKTAB)
    assert focused() is dialog.held_on
    qtbot.keyClick(dialog.held_on, BACKTAB)  # and one Shift+Tab
    assert focused() is dialog.month
    dialog.reject()


def test_a_date_can_still_be_typed_part_by_part(qtbot, make_ctx, village_world):
    dialog = OpenSessionDialog(make_ctx("shenhe"))
    qtbot.addWidget(dialog)
    dialog.open()
    wait_focus(qtbot, dialog.month)
    qtbot.keyClick(dialog.month, TAB)  # the year is picked on the way in
    qtbot.keyClicks(dialog.held_on, "20251105")
    assert date_of(dialog.held_on) == dt.date(2025, 11, 5)
    qtbot.keyClick(dialog.held_on, TAB)
    assert focused() is dialog.place and date_of(dialog.held_on) == dt.date(2025, 11, 5)


@pytest.mark.parametrize("size", ["normal", "larger"])
def test_the_objection_dialog_with_its_refusal_fits(qtbot, request, asked, qapp, size):
    page = request.getfixturevalue("open_page")()
    post(qtbot, page)
    type_size.apply(qapp, size)
    try:
        page.objections.add()
        dialog = page.objections.dialog
        qtbot.waitExposed(dialog)
        wait_focus(qtbot, dialog.household)
        qtbot.keyClick(dialog.household, ENTER)
        settle()
        found = problems(dialog, type_size.point_size())
        assert not found, "\n".join(found)
        dialog.reject()
    finally:
        type_size.apply(qapp, "normal")
