"""The login dialog after too many wrong passwords (issue 16): it says how long to wait, refuses
the right password until then, counts the wait down and lets the operator in after it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from jifen_desktop.model import login_throttle
from jifen_desktop.ui.login import LoginDialog


class Clock:
    t = 1_900_000_000.0

    def __call__(self) -> float:
        return self.t


def attempt(qtbot, dialog, password):
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    return dialog.message.text()


def test_the_dialog_says_how_long_to_wait_and_counts_down(
    qtbot, village_world, admin_password, monkeypatch
):
    clock = Clock()
    monkeypatch.setattr(login_throttle, "now", clock)
    dialog = LoginDialog(village_world.ledger, "张集村", last_user="admin")
    qtbot.addWidget(dialog)
    for _ in range(4):
        assert "用户名或密码不对" in attempt(qtbot, dialog, "wrong-password")
    assert "密码错误次数太多，请 1 秒后再试" in attempt(qtbot, dialog, "wrong-password")
    clock.t += 1
    assert "请 2 秒后再试" in attempt(qtbot, dialog, "wrong-password")
    assert "密码错误次数太多，请 2 秒后再试" in attempt(qtbot, dialog, admin_password)
    assert dialog.actor is None and dialog.result() != LoginDialog.DialogCode.Accepted
    assert dialog._countdown.isActive()
    clock.t += 1
    dialog._countdown.timeout.emit()
    assert "请 1 秒后再试" in dialog.message.text()
    clock.t += 1
    dialog._countdown.timeout.emit()
    assert "现在可以重新输入密码登录了" in dialog.message.text()
    assert not dialog._countdown.isActive()
    attempt(qtbot, dialog, admin_password)
    assert dialog.actor is not None and dialog.result() == LoginDialog.DialogCode.Accepted
