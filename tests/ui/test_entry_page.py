"""积分录入 and 批量登记, driven from the keyboard as a 网格员 would: type-ahead household and rule,
Enter through the form to save, refusals shown next to the field, the recent entries and 撤回,
evidence dropped onto the form, and the activity batch dialog."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel
from sample_files import a_jpeg, a_png

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.tx import Change
from jifen_desktop.ui import messages
from jifen_desktop.ui.batch_dialog import BatchDialog
from jifen_desktop.ui.pages.entry import EntryPage

ENTER = Qt.Key.Key_Return


@pytest.fixture
def open_page(qtbot, shown, make_ctx):
    """``open_page("wgy1")``: the page on screen, logged in as that operator, cursor in 户."""

    def make(username: str = "admin") -> EntryPage:
        page = shown(EntryPage(make_ctx(username)))
        qtbot.waitExposed(page)
        page.activateWindow()
        page.household.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is page.household)
        return page

    return make


def typed(qtbot, text: str) -> None:
    """Keys into whatever has the focus, as the user's keyboard would; Chinese arrives the way
    a pinyin input method delivers it, as one committed string."""
    widget = QApplication.focusWidget()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def press(qtbot, key=ENTER, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def pick(qtbot, text: str) -> None:
    typed(qtbot, text)
    press(qtbot)


def error(page, field: str) -> str:
    label = page.findChild(QLabel, f"error_{field}")
    return label.text() if label.isVisible() else ""


def entries(page):
    return page.ctx.ledger.entries.list(page.ctx.village_id)


def test_keyboard_only_entry_saves_and_starts_the_next(qtbot, open_page):
    page = open_page("wgy1")
    assert (EntryPage.key, EntryPage.title()) == ("entry", "积分录入")
    assert "viewer" not in EntryPage.roles and EntryPage.shows & Change.ENTRIES
    assert page.date.date() == QDate.currentDate() == page.date.maximumDate()  # no future dates
    pick(qtbot, "wjg")
    assert page.household.current.number == "0101"
    assert QApplication.focusWidget() is page.rule
    pick(qtbot, "B05")
    assert page.rule.current.code == "B05" and page.points.text() == "5"
    assert page.points.isReadOnly() and not page.quantity.isEnabled()
    assert QApplication.focusWidget() is page.date  # fixed points and no head count: skipped
    press(qtbot)  # date: today
    assert QApplication.focusWidget() is page.member
    press(qtbot)  # member: not named
    typed(qtbot, "村委会")
    press(qtbot)
    assert QApplication.focusWidget() is page.note
    pick(qtbot, "打扫公共场所")  # Enter on the last field saves

    [entry] = entries(page)
    assert (entry.household_number, entry.rule_code, entry.points) == ("0101", "B05", 5)
    assert entry.status == "pending" and entry.place == "村委会"
    assert entry.note == "打扫公共场所" and entry.occurred_on == dt.date.today()
    assert "已保存" in page.message.text() and "0101" in page.message.text()
    assert page.household.text() == "" and page.rule.current is None and page.note.text() == ""
    assert page.place.text() == "村委会"  # repeats within a session
    assert QApplication.focusWidget() is page.household
    assert page.table.item(0, 2).text().startswith("B05")
    assert page.table.item(0, 4).text() == "待审核"
    press(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # 日期(D)
    assert QApplication.focusWidget() is page.date


def test_monthly_cap_refusal_is_shown_and_the_form_kept(qtbot, open_page):
    page = open_page("admin")
    for saved in (True, False):
        pick(qtbot, "0101")
        pick(qtbot, "E08")
        press(qtbot, ENTER, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter saves anywhere
        assert ("已保存" in page.message.text()) is saved
    assert "当月限一次" in error(page, "rule")
    assert page.household.current.number == "0101" and page.rule.current.code == "E08"
    assert len(entries(page)) == 1
    assert QApplication.focusWidget() is page.rule


def test_points_outside_a_rules_range_are_refused_next_to_the_field(qtbot, open_page):
    page = open_page("admin")
    pick(qtbot, "sz")  # 单志: shan as a surname
    assert page.household.current.number == "0102"
    pick(qtbot, "A16")
    assert QApplication.focusWidget() is page.points and page.points.text() == ""
    assert page.points.placeholderText() == "5-50" and "扣5-50分" in page.points_hint.text()
    typed(qtbot, "80")
    page.save_button.click()
    assert "超出" in error(page, "points") and "A16" in error(page, "points")
    assert page.points.text() == "80" and entries(page) == []

    page.points.selectAll()
    typed(qtbot, "20")  # a deduction: 20 means -20
    page.save_button.click()
    assert error(page, "points") == ""
    assert [e.points for e in entries(page)] == [-20]


def test_a_recorder_cannot_find_another_grids_household(qtbot, open_page):
    page = open_page("wgy1")
    for query in ("lxy", "0201", "李秀英"):
        pick(qtbot, query)
        assert page.household.current is None
        assert page.household.popup.model().rowCount() == 1  # only the "not found" note
        assert "没有找到" in page.household.popup.model().index(0, 0).data()
        page.household.reset()
    pick(qtbot, "wjg")
    assert page.household.current.number == "0101"


def test_withdrawing_a_pending_entry_asks_first(qtbot, open_page, monkeypatch):
    page = open_page("wgy1")
    ctx = page.ctx
    household = ctx.ledger.households.by_number(ctx.village_id, "0102")
    ctx.apply(
        ctx.ledger.entries.record(ctx.village_id, EntryDraft(household.id, "B05", dt.date.today()))
    )
    answers = [False, True]
    asked = []

    def confirm(parent, title, question):
        asked.append(question)
        return answers.pop(0)

    monkeypatch.setattr(messages, "confirm", confirm)
    assert not page.withdraw_button.isEnabled()
    page.table.selectRow(0)
    assert page.withdraw_button.isEnabled()
    page.withdraw_button.click()  # answered 取消
    assert page.table.item(0, 4).text() == "待审核"
    page.table.selectRow(0)
    page.withdraw_button.click()
    assert len(asked) == 2 and "0102" in asked[0]
    assert page.table.item(0, 4).text() == "已撤回"
    assert entries(page)[0].status == "withdrawn"


def test_photos_dropped_on_the_form_become_evidence(qtbot, open_page, tmp_path):
    page = open_page("admin")
    photo = a_png(tmp_path / "现场.png")
    other = tmp_path / "notes.txt"
    other.write_text("x")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(photo)), QUrl.fromLocalFile(str(other))])
    where, how = QPoint(20, 20), Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where, how, data, buttons, keys)
    QApplication.sendEvent(page, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(page, QDropEvent(QPointF(where), how, data, buttons, keys))
    assert page.evidence.files.count() == 1 and "notes.txt" in error(page, "evidence")
    second = a_jpeg(tmp_path / "第二张.jpg")
    page.evidence.add([second])
    page.evidence.files.setCurrentRow(1)
    page.evidence.files.setFocus()
    qtbot.keyClick(page.evidence.files, Qt.Key.Key_Delete)  # removes just that one
    assert [p.name for p in page.evidence.paths()] == ["现场.png"]
    page.household.setFocus()
    pick(qtbot, "wjg")
    pick(qtbot, "A05")  # needs evidence
    press(qtbot, ENTER, Qt.KeyboardModifier.ControlModifier)
    [entry] = entries(page)
    assert entry.rule_code == "A05" and entry.evidence_count == 1
    assert page.evidence.files.count() == 0


def test_batch_registration_for_a_grid(qtbot, make_ctx, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    ctx = make_ctx("admin")
    dialog = BatchDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.rule, "C06")
    qtbot.keyClick(dialog.rule, ENTER)
    assert dialog.rule.current.code == "C06"
    assert dialog.checklist.rowCount() == 3
    dialog.grid.setFocus()
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Down)  # 一组（2户）: ticks the whole grid
    assert "一组" in dialog.grid.currentText() and dialog.count.text() == "已勾选 2 户"
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已登记" in dialog.message.text(), timeout=5000)
    assert "已登记 2 户" in dialog.message.text() and dialog.isVisible()
    done = ctx.ledger.entries.list(ctx.village_id)
    assert sorted(e.household_number for e in done) == ["0101", "0102"]
    assert {(e.rule_code, e.status, e.source) for e in done} == {("C06", "approved", "activity")}
    assert dialog.count.text() == "已勾选 0 户"


def test_batch_ticks_by_search_and_shows_refusals(qtbot, make_ctx, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    ctx = make_ctx("admin")
    dialog = BatchDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    for name in ("lxy", "wjg"):  # as from a sign-in sheet: name, Enter, next name
        qtbot.keyClicks(dialog.search, name)
        qtbot.keyClick(dialog.search, ENTER)
    assert dialog.count.text() == "已勾选 2 户" and dialog.search.text() == ""
    assert sorted(ctx.ledger.households.get(i).number for i in dialog.checklist.ticked_ids()) == [
        "0101",
        "0201",
    ]
    qtbot.keyClicks(dialog.rule, "A16")  # a range: the points must be given
    qtbot.keyClick(dialog.rule, ENTER)
    qtbot.keyClicks(dialog.points, "99")
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.errors["points"].isVisible(), timeout=5000)
    assert "A16" in dialog.errors["points"].text() and dialog.isVisible()
    assert ctx.ledger.entries.list(ctx.village_id) == []
    assert dialog.count.text() == "已勾选 2 户"  # nothing lost
