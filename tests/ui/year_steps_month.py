"""A month of the year through the widgets: a recorder's entries on 积分录入 (household and
rule typed, Enter through the form; a photo dropped on the form as evidence), an activity
batch-registered for a grid, and the month's review session on 审核 (开审核会, A and R from the
keyboard with the picked entry's detail and photos beside the list, 结束审核会)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from keyboard import type_text
from PySide6.QtCore import QDate, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QToolButton
from year_driver import ENTER, activated, answer, button, click, go, opened, pick

from jifen_desktop.ui.batch_dialog import BatchDialog
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.entry import EntryPage


@dataclass(frozen=True)
class Entry:
    """One entry as the recorder types it; ``points`` only for a rule with a range."""

    number: str
    code: str
    note: str
    points: int | None = None
    photo: Path | None = None


def drop_photo(page: EntryPage, photo: Path) -> None:
    """Drag a photo from the file manager onto the form."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(photo))])
    where, how = QPoint(30, 30), Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where, how, data, buttons, keys)
    QApplication.sendEvent(page, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(page, QDropEvent(QPointF(where), how, data, buttons, keys))
    assert page.evidence.files.count() == 1


def record(qtbot, window: MainWindow, entries: list[Entry], day: dt.date) -> None:
    """积分录入 from the keyboard: 户 and 细则 by type-ahead, Enter through the fields, the
    note last (Enter there saves); each saved entry is said on the page."""
    page = go(window, "积分录入")
    assert isinstance(page, EntryPage)
    for entry in entries:
        if entry.photo is not None:
            drop_photo(page, entry.photo)
        pick(qtbot, page.household, entry.number)
        assert page.household.current is not None, entry.number
        assert page.household.current.number == entry.number
        pick(qtbot, page.rule, entry.code)
        assert page.rule.current.code == entry.code
        if entry.points is not None:
            assert QApplication.focusWidget() is page.points
            type_text(qtbot, page.points, str(entry.points))
            qtbot.keyClick(page.points, ENTER)
        assert QApplication.focusWidget() is page.date
        assert page.date.date().toPython() == day, (page.date.date(), page.date.maximumDate())
        qtbot.keyClick(page.date, ENTER)
        qtbot.keyClick(page.member, ENTER)
        assert QApplication.focusWidget() is page.place
        qtbot.keyClick(page.place, ENTER)
        type_text(qtbot, page.note, entry.note)
        qtbot.keyClick(page.note, ENTER)
        assert "已保存" in page.message.text(), page.message.text() + page_errors(page)
        assert entry.number in page.message.text()


def page_errors(page) -> str:
    return " ".join(label.text() for label in page.errors.values() if label.isVisible())


def batch(qtbot, window: MainWindow, code: str, day: dt.date, grid: str, count: int) -> str:
    """批量登记组织活动…: the rule, the day, the place and title, a grid's households ticked,
    登记 (asked first); the dialog says how many were registered."""
    page = go(window, "积分录入")
    click(qtbot, page.batch_button)
    dialog = opened(BatchDialog)
    pick(qtbot, dialog.rule, code)
    assert dialog.rule.current.code == code
    dialog.date.setDate(QDate(day.year, day.month, day.day))
    type_text(qtbot, dialog.place, "文化广场")
    type_text(qtbot, dialog.note, "春季义务劳动")
    dialog.grid.setFocus()
    while grid not in dialog.grid.currentText():
        qtbot.keyClick(dialog.grid, Qt.Key.Key_Down)
    assert dialog.count.text() == f"已勾选 {count} 户", dialog.count.text()
    asked = answer(lambda: click(qtbot, dialog.register_button))
    assert f"为 {count} 户登记“{code}" in asked and str(day) in asked
    qtbot.waitUntil(lambda: "已登记" in dialog.message.text(), timeout=20_000)
    said = dialog.message.text()
    click(qtbot, button(dialog, "关闭"))
    return said


# -- 审核 --------------------------------------------------------------------------------------


def thumbnails(detail) -> list[QToolButton]:
    return [w for w in detail.findChildren(QToolButton) if w.isVisible()]


def review(
    qtbot, window: MainWindow, month: str, reject: dict[str, str], photos: dict[str, int]
) -> str:
    """开审核会 for ``month``, then down the pending list: R (with the reason typed) for the
    households in ``reject``, A for the others; the households in ``photos`` must show that
    many photos beside the list (the first opened large with Space, closed with Esc). Then
    结束审核会; the minutes' summary is handed back."""
    page = go(window, "审核")
    click(qtbot, page.open_button)
    dialog = page.dialog
    assert dialog.month.currentData() == month, dialog.month.currentData()
    type_text(qtbot, dialog.place, "村委会会议室")
    type_text(qtbot, dialog.attendees, "张书记 李主任 王委员")
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible(), dialog.error_text()
    panel = page.panel
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.table)
    while panel.model.rowCount():
        decide(qtbot, panel, reject, photos)
    asked = answer(lambda: click(qtbot, panel.close_button))
    assert "本月的记录都已审核" in asked, asked
    assert window.status_pending.text() == "待审核：0 条", window.status_pending.text()
    return panel.decisions.summary.text()


def decide(qtbot, panel, reject: dict[str, str], photos: dict[str, int]) -> None:
    """The picked entry: once on screen, its detail looked at, then A, or R with the reason."""
    # A decision key counts only once the picked row has been painted (issue 19): the
    # reviewer reads the row before pressing.
    qtbot.waitUntil(panel.table.ready)
    entry = panel.current_entry()
    detail = panel.detail
    assert detail.values["household"].text().startswith(entry.household_number)
    if entry.household_number in photos:
        assert len(thumbnails(detail)) == photos[entry.household_number]
        qtbot.keyClick(panel.table, Qt.Key.Key_Space)
        viewer = detail.viewer
        qtbot.waitUntil(viewer.isVisible)
        assert viewer.view.picture.pixmap().width() > 0
        qtbot.keyClick(viewer.view, Qt.Key.Key_Escape)
        assert not viewer.isVisible()
        # The window manager gives the main window back its activation (``activated`` asks
        # for it, offscreen there is none); the keys must then be in the list again.
        qtbot.waitUntil(lambda: activated(panel.window()) and panel.table.hasFocus())
    if entry.household_number not in reject:
        qtbot.keyClick(panel.table, Qt.Key.Key_A)
        assert "已通过" in panel.message.text(), panel.message.text()
        return
    qtbot.keyClick(panel.table, Qt.Key.Key_R)
    dialog = panel.dialog
    type_text(qtbot, dialog.reasons.detail, reject[entry.household_number])
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible(), dialog.error_text()
