"""The pages of the first-run wizard: 欢迎 (a new village, the demo, a backup, or a township's
server), 村信息, 积分细则, 管理员 and 完成 (从备份恢复 is in ``wizard_restore``, 连接乡镇/县服务器
in ``wizard_server``). Each page checks what was
typed with the model's own checks when 下一步 is pressed and shows a refusal in red under the
field it names; the wizard (``wizard.py``) does the creating. Pages hold no reference to the
wizard: a Python cycle through a widget would be freed by the garbage collector at a random
moment, possibly on a worker thread."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from jifen_desktop.model.errors import DomainError, ValidationError
from jifen_desktop.model.operators import MIN_PASSWORD
from jifen_desktop.model.setup import (
    AdminDetails,
    VillageDetails,
    check_admin,
    check_village,
    template_summary,
)

from .form_dialog import keep_room
from .forms import hint
from .messages import error_label

WELCOME, VILLAGE, RULES, ADMIN, DONE, RESTORE, SERVER = range(7)


def choice(layout: QVBoxLayout, group: QButtonGroup, text: str, explanation: str) -> QRadioButton:
    """A radio button with its grey explanation indented underneath."""
    button = QRadioButton(text)
    group.addButton(button)
    layout.addWidget(button)
    note = hint(explanation)
    note.setIndent(24)
    layout.addWidget(note)
    layout.addSpacing(8)
    return button


class WelcomePage(QWizardPage):
    """Choosing the demo makes this the commit page (生成演示村)."""

    def __init__(self, folder_text: str) -> None:
        super().__init__()
        self.setTitle(self.tr("欢迎使用积分台账"))
        self.setSubTitle(self.tr("这台电脑上还没有台账，先花几分钟把它建好。"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "积分台账帮村里按积分制管理办法记账：网格员登记每户的加分和扣分，"
                "村两委审核后计入户积分，随时可以查看排名和各网格的参与情况。"
                "数据只保存在这台电脑上，不需要联网。"
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addSpacing(12)
        layout.addWidget(QLabel(self.tr("请选择：")))
        self.group = QButtonGroup(self)
        self._choices(layout)
        self.new_village.setChecked(True)
        self.demo.toggled.connect(self.setCommitPage)
        layout.addStretch(1)
        layout.addWidget(hint(self.tr("数据目录：{0}").format(folder_text)))

    def _choices(self, layout: QVBoxLayout) -> None:
        """建立本村台账, 打开演示村, 从备份恢复…, 连接乡镇/县服务器… with their explanations."""
        self.new_village = choice(
            layout,
            self.group,
            self.tr("建立本村台账"),
            self.tr("填写村代码和村名，选好积分细则，设置管理员账号，几分钟就好。"),
        )
        self.demo = choice(
            layout,
            self.group,
            self.tr("打开演示村，先试一试"),
            self.tr(
                "生成一个虚构的演示村，有农户、网格员和几年的积分记录，可以放心随便操作。"
                "演示村的数据也存在下面的数据目录里；试完要正式使用时，"
                "先把这个目录里的 ledger.sqlite3 移走，再打开程序建立本村台账。"
            ),
        )
        self.restore = choice(
            layout,
            self.group,
            self.tr("从备份恢复…"),
            self.tr(
                "重装了系统或换了电脑：选U盘上的备份文件（jifen_…sqlite3），"
                "把以前的台账恢复到这台电脑上。"
            ),
        )
        self.server = choice(
            layout,
            self.group,
            self.tr("连接乡镇/县服务器…"),
            self.tr(
                "乡镇或县里的汇总台账放在数据库服务器上：填服务器地址、数据库、用户名和密码，"
                "这台电脑就在服务器上的台账里工作。"
            ),
        )

    def nextId(self) -> int:
        if self.demo.isChecked():
            return DONE
        if self.server.isChecked():
            return SERVER
        return RESTORE if self.restore.isChecked() else VILLAGE


class FieldsPage(QWizardPage):
    """A page of labelled fields, each with a red error line for the model's refusals."""

    def __init__(self) -> None:
        super().__init__()
        self.form = QFormLayout()
        self.errors: dict[str, tuple[QWidget, QLabel]] = {}
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)

    def add_field(self, key: str, label: str, placeholder: str = "", note: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(key)
        edit.setPlaceholderText(placeholder)
        error = keep_room(error_label(key))  # a refusal moves no field below it
        self.form.addRow(label, _field_column(edit, note, error))
        self.errors[key] = (edit, error)
        edit.textEdited.connect(error.hide)
        return edit

    def refuse(self, error: DomainError) -> bool:
        """Show ``error`` under its field (the first field when it names none); never advances."""
        widget, label = self.errors.get(error.field or "", next(iter(self.errors.values())))
        label.setText(error.message)
        label.show()
        widget.setFocus()
        return False

    def clear_errors(self) -> None:
        for _widget, label in self.errors.values():
            label.hide()


def _field_column(edit: QLineEdit, note: str, error: QLabel) -> QVBoxLayout:
    """The field, its note if any, and its error line's room after the note."""
    column = QVBoxLayout()
    column.setSpacing(2)
    for widget in (edit, *((hint(note),) if note else ()), error):
        column.addWidget(widget)
    return column


class VillagePage(FieldsPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("村信息"))
        self.setSubTitle(self.tr("本村的统计用区划代码和名称。"))
        self.code = self.add_field(
            "code",
            self.tr("村代码"),
            self.tr("例如 420881100001"),
            self.tr(
                "12位数字，即国家统计局公布的“统计用区划代码”。可在国家统计局网站的"
                "“统计用区划和城乡划分代码”里按省、市、县、乡镇逐级查到本村，也可以问乡镇办。"
            ),
        )
        self.name = self.add_field("name", self.tr("村名"), self.tr("例如 张集村"))
        self.township = self.add_field("township", self.tr("所属乡镇"), self.tr("例如 张集镇"))
        self.township_code = self.add_field(
            "township_code",
            self.tr("乡镇代码"),
            self.tr("可以不填"),
            self.tr("所属乡镇的统计用区划代码，9位或12位数字。"),
        )
        self.details: VillageDetails | None = None

    def validatePage(self) -> bool:
        self.clear_errors()
        try:
            self.details = check_village(self._typed())
        except ValidationError as exc:
            return self.refuse(exc)
        return True

    def _typed(self) -> VillageDetails:
        return VillageDetails(
            self.code.text(),
            self.name.text(),
            self.township.text(),
            self.township_code.text(),
        )


class RulesPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        summary = template_summary()
        self.setTitle(self.tr("积分细则"))
        self.setSubTitle(self.tr("积分细则列出加分、扣分的项目和分值，网格员登记积分时从中选。"))
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.template = choice(
            layout,
            self.group,
            self.tr("从乡镇的积分细则模板开始（{0}项）").format(summary.items),
            self.tr("以后可在“设置”里按本村情况修改、停用或增加。模板分六类："),
        )
        layout.addLayout(self._categories(summary.categories))
        layout.addSpacing(12)
        self.empty = choice(
            layout,
            self.group,
            self.tr("先不要细则，以后在“设置”里逐项填写"),
            self.tr("细则填好之前，还不能登记积分。"),
        )
        self.template.setChecked(True)
        layout.addStretch(1)

    def _categories(self, categories: Sequence[tuple[str, int]]) -> QGridLayout:
        grid = QGridLayout()
        grid.setContentsMargins(48, 0, 0, 0)
        grid.setHorizontalSpacing(32)
        for i, (name, count) in enumerate(categories):
            label = QLabel(self.tr("{0}　{1}项").format(name, count))
            label.setObjectName("category")
            grid.addWidget(label, i // 3, i % 3)
        return grid

    @property
    def with_rules(self) -> bool:
        return self.template.isChecked()


class AdminPage(FieldsPage):
    """The commit page of a new village (建立台账)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("管理员"))
        self.setSubTitle(
            self.tr("管理员能设置网格、操作员和积分细则，也能做其他所有操作。请记住用户名和密码。")
        )
        self.username = self.add_field(
            "username", self.tr("用户名"), note=self.tr("登录时用，可用字母、数字或汉字。")
        )
        self.username.setText("admin")
        self.display_name = self.add_field(
            "display_name",
            self.tr("姓名"),
            self.tr("例如 王会计"),
            self.tr("管理员本人的姓名，操作记录里会显示。"),
        )
        self.password = self.add_field(
            "password",
            self.tr("密码"),
            note=self.tr("至少{0}位，字母、数字都可以。").format(MIN_PASSWORD),
        )
        self.password_again = self.add_field("password_again", self.tr("再输入一次密码"))
        for edit in (self.password, self.password_again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.setCommitPage(True)
        self.details: AdminDetails | None = None

    def validatePage(self) -> bool:
        self.clear_errors()
        try:
            details = check_admin(
                AdminDetails(self.username.text(), self.display_name.text(), self.password.text())
            )
        except ValidationError as exc:
            return self.refuse(exc)
        if self.password_again.text() != details.password:
            self.password_again.clear()
            return self.refuse(
                ValidationError(
                    self.tr("两次输入的密码不一样，请再输入一次。"), field="password_again"
                )
            )
        self.details = details
        return True


class DonePage(QWizardPage):
    """What was made and what to do next; filled in by the wizard once it is made. After the
    demo, a table of its accounts (用户名, 姓名, 角色) stands between the two."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("完成"))
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.accounts = QGridLayout()
        self.accounts.setContentsMargins(24, 0, 0, 0)
        self.accounts.setHorizontalSpacing(24)
        self.next_steps = QLabel()
        self.next_steps.setObjectName("next_steps")
        self.next_steps.setWordWrap(True)
        # A new village's households can come in from its Excel roster right away.
        self.roster_button = QPushButton(self.tr("从 Excel 导入农户花名册…"))
        self.roster_button.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(self.accounts)
        layout.addSpacing(12)
        layout.addWidget(self.next_steps)
        layout.addWidget(self.roster_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def nextId(self) -> int:
        return -1  # the last page, whatever ids come after it

    def show_result(
        self,
        headline: str,
        lines: Sequence[str],
        next_steps: Sequence[str],
        accounts: Sequence[tuple[str, str, str]] = (),
    ) -> None:
        self.setSubTitle(headline)
        self.summary.setText("\n".join(lines))
        self.next_steps.setText("\n".join(next_steps))
        for row, account in enumerate(accounts):
            for column, text in enumerate(account):
                label = QLabel(text)
                label.setObjectName("account")
                self.accounts.addWidget(label, row, column)
        self.accounts.setColumnStretch(len(accounts[0]) if accounts else 0, 1)
