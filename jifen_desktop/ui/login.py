"""The login dialog: user name and password, a clear message on a wrong password, nothing else
reachable until an operator is logged in. After too many wrong passwords the model makes the
name wait (``model.login_throttle``); the dialog counts the wait down where the message is."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model import login_throttle
from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.login_throttle import LoginThrottled, too_many_message
from jifen_desktop.model.tx import Actor
from jifen_desktop.ui.form_dialog import grow_upwards, keep_room
from jifen_desktop.ui.type_size import px, relative_font

REFUSAL_STYLE = "color: #b00020;"
READY_STYLE = "color: #1b5e20;"


class LoginDialog(QDialog):
    def __init__(
        self, ledger: Ledger, village_name: str, last_user: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("登录积分台账"))
        self.user = QLineEdit(last_user)
        self.user.setObjectName("user")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = keep_room(QLabel())
        self.message.setObjectName("message")
        self.message.setStyleSheet(REFUSAL_STYLE)
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.user)
        form.addRow(self.tr("密码"), self.password)
        buttons = self._buttons()
        self.user.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.try_login)
        title = QLabel(self.tr("{0} 积分台账").format(village_name))
        title.setWordWrap(True)
        relative_font(title, 1.4)
        title.setContentsMargins(0, px(8), 0, px(8))
        layout = self._layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        (self.password if last_user else self.user).setFocus()
        self.setMinimumWidth(px(380))
        self._wait_until = 0.0
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._count_down)
        self.user.textEdited.connect(self._stop_count_down)

    def _buttons(self) -> QDialogButtonBox:
        """登录 (tries the login; not the default button: Enter is the line boxes') and 退出."""
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("登录"))
        ok.setAutoDefault(False)  # Return in the password field logs in once, not twice
        ok.setDefault(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        return buttons

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Enter is the line boxes' own (用户名 → 密码 → 登录): the dialog does not also press
        登录 with whatever the password box holds."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def try_login(self) -> None:
        try:
            self.actor = self.ledger.operators.authenticate(self.user.text(), self.password.text())
        except DomainError as exc:
            self._say(exc.message)
            self.password.clear()
            self.password.setFocus()
            self._start_count_down(exc)
            return
        self.accept()

    def _start_count_down(self, refusal: DomainError) -> None:
        """Keep the wait's seconds true while the dialog stays open (the model's message
        counts from the moment of the refusal)."""
        if not isinstance(refusal, LoginThrottled):
            self._stop_count_down()
            return
        self._wait_until = login_throttle.now() + refusal.wait_seconds
        self._countdown.start()

    def _count_down(self) -> None:
        left = self._wait_until - login_throttle.now()
        if left > 0.05:
            self._say(too_many_message(left))
            return
        self._countdown.stop()
        self._say(self.tr("现在可以重新输入密码登录了。"), READY_STYLE)

    def _say(self, message: str, style: str = REFUSAL_STYLE) -> None:
        """One clause a line: the dialog is narrow, and a wrapped 管理员 reads badly. The line's
        room is kept, and more lines grow the dialog upwards: 登录 stays under the mouse."""
        before = QRect(self.pos(), self.size())
        self.message.setStyleSheet(style)
        self.message.setText(message.replace("；", "；\n"))
        grow_upwards(self, self._layout, before, self.width())

    def _stop_count_down(self) -> None:
        self._countdown.stop()
