"""连接乡镇/县服务器, the first-run wizard's page for a township or county clerk whose ledger is
on a PostgreSQL server: the server, port, database, user name and password (or the whole
address pasted), 测试连接 with the answer in words (``model.server_probe``: not reached, login
refused, no such database, no ledger there yet, older → upgraded when opened, newer → upgrade
the program), and 连接 as the commit button. The wizard then remembers the address in the data
folder and the password in PostgreSQL's own password file (``model.server_link``), and the
program opens that database from then on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWizard

from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.server_link import (
    DEFAULT_PORT,
    ServerAddress,
    check,
    parse_url,
    password_file,
)
from jifen_desktop.model.server_probe import Probe, probe

from .form_dialog import keep_room
from .forms import row
from .messages import error_label
from .type_size import px
from .wizard_pages import DONE, FieldsPage

GOOD, BAD = "#1b6e20", "#b00020"


def short_path(path: Path) -> str:
    """``~/.pgpass`` rather than the whole home folder."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


class ServerPage(FieldsPage):
    """The commit page of a connection (连接): the fields, 测试连接 and its answer."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("连接乡镇/县服务器"))
        self.setSubTitle(
            self.tr("台账放在县里或乡镇的数据库服务器（PostgreSQL）上：这些信息问信息化管理员。")
        )
        self.url = self.add_field(
            "url",
            self.tr("完整地址"),
            self.tr("可不填；粘贴 postgresql://… 一行，下面各项自动填好"),
        )
        self.host, self.port = self._host_and_port()
        self.database = self.add_field(
            "database", self.tr("数据库名"), self.tr("例如 jifen_zhangji")
        )
        self.user = self.add_field("user", self.tr("用户名"))
        self.password = self.add_field(
            "password",
            self.tr("密码"),
            note=self.tr("存在本机的 {0}（只有本账户能读），下次启动不用再输。").format(
                short_path(password_file())
            ),
        )
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.test_button = QPushButton(self.tr("测试连接"))
        self.test_button.clicked.connect(lambda: self.test())
        self.result = error_label("probe")  # (red or green, set per answer)
        self.result.setWordWrap(True)
        self.form.addRow("", row(self.test_button, None))
        self.form.addRow("", self.result)
        self.url.textEdited.connect(self._from_url)
        for edit in (self.host, self.port, self.database, self.user, self.password):
            edit.textEdited.connect(self.result.hide)
        self.probe: Probe | None = None
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("连接"))

    def _host_and_port(self) -> tuple[QLineEdit, QLineEdit]:
        """服务器 and 端口 on one line, sharing one red line (the page is tall at 特大)."""
        host, port = QLineEdit(), QLineEdit()
        host.setObjectName("host")
        host.setPlaceholderText(self.tr("例如 10.0.0.5"))
        port.setObjectName("port")
        port.setPlaceholderText(str(DEFAULT_PORT))
        port.setMaximumWidth(px(90))
        error = keep_room(error_label("host"))
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addLayout(row(host, QLabel(self.tr("端口")), port))
        column.addWidget(error)
        self.form.addRow(self.tr("服务器"), column)
        for key, edit in (("host", host), ("port", port)):
            self.errors[key] = (edit, error)
            edit.textEdited.connect(error.hide)
        return host, port

    def _from_url(self, text: str) -> None:
        """A pasted address fills the fields (a half-typed one leaves them)."""
        try:
            address = parse_url(text)
        except ValidationError:
            return
        self.host.setText(address.host)
        self.port.setText(str(address.port))
        self.database.setText(address.database)
        self.user.setText(address.user)
        if address.password:
            self.password.setText(address.password)

    def address(self) -> ServerAddress:
        """What the fields say, checked (``ValidationError`` names the field)."""
        port_text = self.port.text().strip() or str(DEFAULT_PORT)
        if not port_text.isdigit():
            raise ValidationError(self.tr("端口应是数字，一般是 5432。"), field="port")
        return check(
            ServerAddress(
                self.host.text(),
                int(port_text),
                self.database.text(),
                self.user.text(),
                self.password.text(),
            )
        )

    def test(self) -> Probe | None:
        """测试连接: the answer under the button, green when the program can go on."""
        self.clear_errors()
        try:
            address = self.address()
        except ValidationError as exc:
            self.refuse(exc)
            return None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            found = probe(address)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.show_probe(found)
        return found

    def show_probe(self, found: Probe) -> None:
        self.probe = found
        self.result.setText(found.message)
        self.result.setStyleSheet(f"color: {GOOD if found.usable else BAD};")
        self.result.show()

    def nextId(self) -> int:
        return DONE

    def validatePage(self) -> bool:
        """连接: only to a database the program can open (the wizard then remembers it)."""
        found = self.test()
        return found is not None and found.usable
