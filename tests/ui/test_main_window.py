"""The main window: login, navigation, status bar, pages refreshing on what changed, and the
window remembering its page."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSettings, Qt

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.ui import remembered
from jifen_desktop.ui.login import LoginDialog
from jifen_desktop.ui.main_window import MainWindow


def test_login_wrong_then_right_password(qtbot, village_world, admin_password):
    dialog = LoginDialog(village_world.ledger, "张集村")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.user, "admin")
    qtbot.keyClicks(dialog.password, "wrong-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is None and "用户名或密码不对" in dialog.message.text()
    assert dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, admin_password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.username == "admin"
    assert dialog.result() == LoginDialog.DialogCode.Accepted


def test_status_bar_and_pending_count_follow_changes(qtbot, make_ctx, village_world):
    ctx = make_ctx("admin")
    window = MainWindow(ctx, QSettings())
    qtbot.addWidget(window)
    assert "张集村" in window.status_village.text()
    assert "管理员" in window.status_operator.text() and "待审核：0" in window.status_pending.text()
    household = ctx.ledger.households.by_number(ctx.village_id, "0101")
    ctx.apply(
        ctx.ledger.entries.record(ctx.village_id, EntryDraft(household.id, "B05", dt.date.today()))
    )
    assert "待审核：1" in window.status_pending.text()


def test_rankings_page_refreshes_when_entries_change(qtbot, make_ctx):
    ctx = make_ctx("admin")
    window = MainWindow(ctx, QSettings())
    qtbot.addWidget(window)
    window.show()
    page = window.page("rankings")
    table = page.table  # the 排名 tab's table (the page has others: 荣誉称号, 网格员)
    assert table.rowCount() == 3
    household = ctx.ledger.households.by_number(ctx.village_id, "0201")
    op = ctx.ledger.entries.register_activity(
        ctx.village_id, "C06", dt.date.today(), [household.id]
    )
    ctx.apply(op)
    assert table.item(0, 1).text() == "0201" and table.item(0, 6).text() == "5"


def test_window_remembers_last_page(qtbot, make_ctx):
    ctx = make_ctx("admin")
    settings = QSettings()
    window = MainWindow(ctx, settings)
    qtbot.addWidget(window)
    window.page("rankings")
    window.close()
    assert settings.value(remembered.page_key(ctx.ledger.folder, "admin")) == "rankings"
    again = MainWindow(ctx, settings)
    qtbot.addWidget(again)
    assert again.current_page() is again.pages["rankings"]


def test_home_page_lists_pending_and_top_households(qtbot, make_ctx):
    ctx = make_ctx("admin")
    window = MainWindow(ctx, QSettings())
    qtbot.addWidget(window)
    window.show()
    home = window.page("home")
    assert "没有待审核的记录" in home.todo.text()
    household = ctx.ledger.households.by_number(ctx.village_id, "0102")
    ctx.apply(
        ctx.ledger.entries.record(ctx.village_id, EntryDraft(household.id, "B05", dt.date.today()))
    )
    assert "待审核记录 1 条" in home.todo.text()
    assert home.oldest.rowCount() == 1 and "单志" in home.oldest.item(0, 1).text()
    ctx.apply(
        ctx.ledger.entries.register_activity(ctx.village_id, "C06", dt.date.today(), [household.id])
    )
    assert home.top.item(0, 1).text() == "0102"


def test_recorder_sees_no_admin_pages_and_viewer_cannot_record(qtbot, make_ctx):
    window = MainWindow(make_ctx("chakan"), QSettings())
    qtbot.addWidget(window)
    assert "只读" in window.status_operator.text()
    assert all(c.key != "entry" for c in window.classes)


def test_audit_page_filters_and_shows_before_and_after(qtbot, make_ctx):
    ctx = make_ctx("admin")
    window = MainWindow(ctx, QSettings())
    qtbot.addWidget(window)
    window.show()
    household = ctx.ledger.households.by_number(ctx.village_id, "0101")
    ctx.apply(ctx.ledger.households.update(household.id, phone="13900001111"))
    page = window.page("audit")
    page.action.setCurrentIndex(page.action.findData("household."))  # 农户
    assert page.rows and all(r.info.action.startswith("household.") for r in page.rows)
    row = next(i for i, r in enumerate(page.rows) if r.info.action == "household.update")
    page.table.selectRow(row)
    assert "电话：（无）→13900001111" in page.detail.toPlainText().replace(" ", "")
    qtbot.keyClicks(page.operator, "nobody")
    qtbot.keyClick(page.operator, Qt.Key.Key_Return)
    assert page.rows == [] and "共 0 条" in page.count.text()


def test_audit_page_is_not_offered_to_recorders(qtbot, make_ctx):
    window = MainWindow(make_ctx("wgy1"), QSettings())
    qtbot.addWidget(window)
    assert "audit" not in [c.key for c in window.classes]
