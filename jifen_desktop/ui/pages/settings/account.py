"""设置 › 显示与账号: the larger-type setting for older eyes (applies at once and is remembered)
and changing one's own password. Every operator sees this tab."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.errors import DomainError, ValidationError
from jifen_desktop.ui import messages, type_size
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import DONE_STYLE, with_error_line

from ..base import Page
from .print_font import PrintFontBox

SCALE_NAMES = {"normal": "标准", "large": "大", "larger": "特大"}


def password_line() -> QLineEdit:
    line = QLineEdit()
    line.setEchoMode(QLineEdit.EchoMode.Password)
    return line


class AccountSection(Page):
    key = "account"
    title_text = "显示与账号"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.scale = QButtonGroup(self)
        current = type_size.saved_key()
        scale_row = QHBoxLayout()
        for i, key in enumerate(type_size.FONT_SCALES):
            button = QRadioButton(self.tr(SCALE_NAMES[key]))
            button.setObjectName(f"scale_{key}")
            button.setChecked(key == current)
            self.scale.addButton(button, i)
            scale_row.addWidget(button)
        scale_row.addStretch(1)
        self.scale.idClicked.connect(self.set_scale)
        type_box = QGroupBox(self.tr("字号"))
        type_layout = QVBoxLayout(type_box)
        type_layout.addLayout(scale_row)
        type_layout.addWidget(
            QLabel(self.tr("眼睛看不清时选“大”或“特大”，马上生效，下次打开也用这个字号。"))
        )

        self.old_password = password_line()
        self.new_password = password_line()
        self.repeat = password_line()
        self.password_error = messages.error_label("password")
        self.password_done = QLabel()
        self.password_done.setStyleSheet(DONE_STYLE)
        change = QPushButton(self.tr("修改密码"))
        change.clicked.connect(self.change_password)
        self.repeat.returnPressed.connect(self.change_password)
        account_box = QGroupBox(
            self.tr("我的账号：{0}（{1}）").format(ctx.actor.display_name, ctx.actor.username)
        )
        form = QFormLayout(account_box)
        form.addRow(self.tr("原密码"), self.old_password)
        form.addRow(self.tr("新密码"), self.new_password)
        form.addRow(self.tr("再输一遍"), with_error_line(self.repeat, self.password_error))
        buttons = QHBoxLayout()
        buttons.addWidget(change)
        buttons.addWidget(self.password_done, 1)
        form.addRow("", buttons)
        self.print_font = PrintFontBox(admin=ctx.can("admin"))
        layout = QVBoxLayout(self)
        layout.addWidget(type_box)
        layout.addWidget(self.print_font)
        layout.addWidget(account_box)
        layout.addStretch(1)

    def set_scale(self, index: int) -> None:
        key = list(type_size.FONT_SCALES)[index]
        QSettings().setValue(type_size.SETTING, key)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        type_size.apply(app, key)

    def change_password(self) -> None:
        self.password_error.hide()
        self.password_done.clear()
        try:
            if self.new_password.text() != self.repeat.text():
                raise ValidationError("两次输入的新密码不一样，请重新输入。")
            self.ctx.apply(
                self.ctx.ledger.operators.set_password(
                    self.ctx.actor.username, self.new_password.text(), self.old_password.text()
                )
            )
        except DomainError as error:
            self.password_error.setText(error.message)
            self.password_error.show()
            return
        for line in (self.old_password, self.new_password, self.repeat):
            line.clear()
        self.password_done.setText(self.tr("密码已修改，下次登录用新密码。"))
