"""The login dialog from the keyboard: Enter in 用户名 goes to 密码 (it does not try the empty
password, show 用户名或密码不对 or count a failed attempt); Enter in 密码 logs in."""

from __future__ import annotations

from PySide6.QtCore import Qt

from jifen_desktop.ui.login import LoginDialog


def test_enter_in_the_name_moves_to_the_password_then_logs_in(qtbot, village_world, admin_password):
    dialog = LoginDialog(village_world.ledger, "张集村", last_user="")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.user.setFocus()
    qtbot.keyClicks(dialog.user, "admin")
    qtbot.keyClick(dialog.user, Qt.Key.Key_Return)
    assert dialog.message.text() == "" and dialog.actor is None
    assert dialog.focusWidget() is dialog.password
    qtbot.keyClicks(dialog.password, admin_password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.username == "admin"
