"""查分 driven as a villager and a clerk would: a wrong code refused without saying which half,
a right one showing that household's figures and nothing of another's; a minute without input
(here a short interval given to the window) empties the screen; leaving needs the operator's
password; the main window's 查分 button opens the mode for a read-only operator; and the three
screens pass the layout check at 标准, 大 and 特大 with type no smaller than 特大."""

from __future__ import annotations

import pytest
from layout_check import problems, settle
from lookup_village import build
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTableWidget

from jifen_desktop.model.points_lookup import WRONG_MESSAGE, LookupThrottle
from jifen_desktop.ui import type_size
from jifen_desktop.ui.chafen import ChafenWindow
from jifen_desktop.ui.chafen.big_type import big_font
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.main_window import MainWindow

PASSWORD = "chakan-123"


@pytest.fixture
def village(world):
    return build(world)


@pytest.fixture
def ctx(world, village):
    """Logged in as a read-only operator: any role may open 查分."""
    world.ledger.operators.add("chakan", "只读", "viewer", PASSWORD, village_id=world.village.id)
    actor = world.ledger.operators.authenticate("chakan", PASSWORD)
    return AppContext(world.ledger.as_actor(actor), world.village)


@pytest.fixture
def open_window(qtbot, ctx):
    """``open_window(idle_ms=…)``: the mode on screen; left with the password afterwards so
    that no modal window outlives the test."""
    made: list[ChafenWindow] = []

    def make(**kw):
        window = ChafenWindow(ctx, throttle=LookupThrottle(), **kw)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        if window.isVisible():
            window.try_leave(PASSWORD)


def type_code(qtbot, window, number: str, last_four: str) -> None:
    entry = window.entry
    entry.number.clear()
    qtbot.keyClicks(entry.number, number)
    qtbot.keyClick(entry.number, Qt.Key.Key_Return)  # on to the last four
    qtbot.keyClicks(entry.last_four, last_four)
    qtbot.keyClick(entry.last_four, Qt.Key.Key_Return)


def shown_text(window: ChafenWindow) -> str:
    """Every text on the window's screens and in the entries table."""
    labels = [label.text() for label in window.findChildren(QLabel)]
    table = window.findChild(QTableWidget, "entries")
    cells = [
        table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())
    ]
    return "\n".join(labels + cells)


def test_wrong_code_then_right_one(qtbot, world, village, open_window):
    window = open_window()
    type_code(qtbot, window, "0101", village.last_four(1))  # another household's head
    assert window.stack.currentWidget() is window.entry
    assert window.entry.message.text() == WRONG_MESSAGE
    assert window.entry.last_four.text() == ""  # typed again
    type_code(qtbot, window, "0101", village.wife_id[-4:].lower())  # a member's, x small
    assert window.stack.currentWidget() is window.result
    balance = world.ledger.balances.of(village.homes[0].id)
    numbers = {k: window.result.numbers[k].text() for k in ("annual", "available", "lifetime")}
    assert numbers == {
        "annual": str(balance.annual),
        "available": str(balance.available),
        "lifetime": str(balance.lifetime),
    }
    text = shown_text(window)
    assert "户号 0101" in text and "黎*" in text and "第 " in text and "共 3 户" in text
    assert "待审核" in text and "另有 " in text
    for other in ("杨建军", "杨*军", "石勇", "石*", "0102", "0201", "郭建红"):
        assert other not in text
    assert not window.result.veto.isVisible()


def test_a_minute_idle_empties_the_screen(qtbot, village, open_window):
    window = open_window(idle_ms=200)
    type_code(qtbot, window, "0201", village.last_four(2))
    assert window.stack.currentWidget() is window.result
    assert window.result.veto.isVisible() and "违法建房" in window.result.veto.text()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.entry, timeout=3000)
    assert window.entry.number.text() == "" and window.entry.message.text() == ""
    assert window.isVisible()  # the mode itself stays: only the operator ends it


def test_leaving_needs_the_operators_password(qtbot, open_window):
    window = open_window()
    window.close()  # Alt+F4 or the window's close
    assert window.isVisible() and window.stack.currentWidget() is window.leave
    qtbot.keyClicks(window.leave.password, "wrong-one")
    qtbot.keyClick(window.leave.password, Qt.Key.Key_Return)
    assert window.isVisible() and "密码不对" in window.leave.message.text()
    window.leave.findChild(QPushButton, "stay").click()
    assert window.stack.currentWidget() is window.entry
    qtbot.keyClick(window.entry.number, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.leave
    with qtbot.waitSignal(window.left, timeout=2000):
        qtbot.keyClicks(window.leave.password, PASSWORD)
        qtbot.keyClick(window.leave.password, Qt.Key.Key_Return)
    assert not window.isVisible()


def test_main_windows_button_opens_the_mode_modal(qtbot, ctx, tmp_path):
    main = MainWindow(ctx, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.show()
    main.findChild(QPushButton, "chafen").click()
    window = main.findChild(ChafenWindow)
    assert window is not None and window.isVisible() and window.isFullScreen()
    assert window.windowModality() == Qt.WindowModality.ApplicationModal
    assert QApplication.activeModalWidget() is window
    window.try_leave(PASSWORD)
    assert not window.isVisible()


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
def test_layout_of_the_three_screens(qtbot, village, open_window, size):
    app = QApplication.instance()
    type_size.apply(app, size)
    try:
        window = open_window()
        least = big_font().pointSizeF()
        assert least >= type_size.BASE_POINT_SIZE * 1.5  # 特大 whatever the setting
        found = problems(window, least)
        type_code(qtbot, window, "0101", village.last_four(0))
        settle()
        found += problems(window, least)
        window.ask_to_leave()
        window.try_leave("wrong")
        settle()
        found += problems(window, least)
        assert found == []
    finally:
        type_size.apply(app, "normal")
