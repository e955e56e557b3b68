"""The login dialog: user name and password, a clear message on a wrong password, nothing else
reachable until an operator is logged in."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.tx import Actor


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
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.user)
        form.addRow(self.tr("密码"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("登录"))
        ok.setAutoDefault(False)  # Return in the password field logs in once, not twice
        ok.setDefault(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        buttons.accepted.connect(self.try_login)
        self.user.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        title = QLabel(self.tr("{0} 积分台账").format(village_name))
        title.setStyleSheet("font-size: 20px; font-weight: bold; padding: 8px 0;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        (self.password if last_user else self.user).setFocus()
        self.setMinimumWidth(380)

    def try_login(self) -> None:
        try:
            self.actor = self.ledger.operators.authenticate(self.user.text(), self.password.text())
        except DomainError as exc:
            self.message.setText(exc.message)
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()
