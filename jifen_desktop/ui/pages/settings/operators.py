"""设置 › 操作员: who may use the program and as what (管理员, 审核人, 记录员 and their grids,
只读); add, edit, reset a password, and stop or restart an operator (asks first). Operators
are never deleted: their names stay on the entries and the audit log."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.operators import MIN_PASSWORD, OperatorInfo
from jifen_desktop.model.tx import ROLE_NAMES, ROLES, Change, Op
from jifen_desktop.model.villages import GridInfo
from jifen_desktop.ui import messages
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.form_dialog import FormDialog

from .account import password_line
from .list_section import ListSection

ROLE_HINTS = {
    "admin": "管理员：设置、操作员、细则，也能录入和审核",
    "reviewer": "审核人：审核积分记录，看全村数据",
    "recorder": "记录员（网格员）：只录入和查看自己网格的农户",
    "viewer": "只读：只能查看，不能修改",
}


def translate(text: str) -> str:
    return QCoreApplication.translate("OperatorDialog", text)


class OperatorDialog(FormDialog):
    """Add an operator (with a first password) or edit one's name, role and grids."""

    def __init__(
        self,
        ctx: AppContext,
        grids: list[GridInfo],
        operator: OperatorInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, translate("修改操作员" if operator else "添加操作员"), parent)
        self.operator = operator
        self.username = self.add_field("username", self.tr("用户名"), QLineEdit())
        if operator:
            self.username.setText(operator.username)
            self.username.setReadOnly(True)
        else:
            self.username.setPlaceholderText(self.tr("登录用，如 wgy3 或 拼音"))
        self.display_name = self.add_field(
            "display_name", self.tr("姓名"), QLineEdit(operator.display_name if operator else "")
        )
        self.role = self.add_field("role", self.tr("角色"), QComboBox())
        for role in ROLES:
            self.role.addItem(self.tr(ROLE_HINTS[role]), role)
        if operator:
            self.role.setCurrentIndex(ROLES.index(operator.role))
        self.grids = self.add_field("grid_ids", self.tr("负责网格"), QListWidget())
        self.grids.setMaximumHeight(120)
        for grid in grids:
            item = QListWidgetItem(grid.name)
            item.setData(Qt.ItemDataRole.UserRole, grid.id)
            ticked = operator is not None and grid.id in operator.grid_ids
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.grids.addItem(item)
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()
        if operator is None:
            self.password = self.add_field("password", self.tr("密码"), password_line())
            self.password.setPlaceholderText(self.tr("至少{0}位").format(MIN_PASSWORD))
            self.repeat = self.add_field("repeat", self.tr("再输一遍"), password_line())

    def _role_changed(self) -> None:
        self.grids.setEnabled(self.role.currentData() == "recorder")

    def grid_ids(self) -> list[str]:
        if self.role.currentData() != "recorder":
            return []
        items = (self.grids.item(i) for i in range(self.grids.count()))
        return [
            i.data(Qt.ItemDataRole.UserRole)
            for i in items
            if i.checkState() == Qt.CheckState.Checked
        ]

    def submit(self) -> Op[Any]:
        ops = self.ctx.ledger.operators
        role = self.role.currentData()
        if self.operator is not None:
            return ops.update(
                self.operator.username,
                role=role,
                grid_ids=self.grid_ids(),
                display_name=self.display_name.text(),
            )
        if self.password.text() != self.repeat.text():
            raise ValidationError("两次输入的密码不一样，请重新输入。", field="repeat")
        return ops.add(
            self.username.text(),
            self.display_name.text(),
            role,
            self.password.text(),
            village_id=self.ctx.village_id,
            grid_ids=self.grid_ids(),
        )


class PasswordDialog(FormDialog):
    """An admin sets a new password for an operator who forgot theirs."""

    def __init__(self, ctx: AppContext, operator: OperatorInfo, parent: QWidget | None = None):
        super().__init__(ctx, translate("重设密码"), parent)
        self.operator = operator
        self.form.addRow(
            self.tr("操作员"), QLabel(f"{operator.display_name}（{operator.username}）")
        )
        self.password = self.add_field("password", self.tr("新密码"), password_line())
        self.repeat = self.add_field("repeat", self.tr("再输一遍"), password_line())

    def submit(self) -> Op[Any]:
        if self.password.text() != self.repeat.text():
            raise ValidationError("两次输入的密码不一样，请重新输入。", field="repeat")
        return self.ctx.ledger.operators.set_password(self.operator.username, self.password.text())


class OperatorsSection(ListSection[OperatorInfo]):
    key = "operators"
    title_text = "操作员"
    roles = ("admin",)
    shows = Change.OPERATORS | Change.GRIDS
    what = "操作员"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.grids: list[GridInfo] = []
        self.toggle_button = QPushButton(self.tr("停用"))
        self.set_up(
            [
                self.tr("用户名"),
                self.tr("姓名"),
                self.tr("角色"),
                self.tr("负责网格"),
                self.tr("状态"),
            ],
            3,
            [
                (QPushButton(self.tr("添加操作员")), self.add),
                (QPushButton(self.tr("修改")), self.edit),
                (QPushButton(self.tr("重设密码")), self.reset_password),
                (self.toggle_button, self.toggle),
            ],
            self.tr("操作员不能删除（记录上留着他们的名字）；不再使用的请停用。"),
        )
        self.table.currentCellChanged.connect(self._update_toggle)

    def refresh(self) -> None:
        ledger = self.ctx.ledger
        self.grids = ledger.villages.grids(self.ctx.village_id)
        names = {g.id: g.name for g in self.grids}
        operators = [o for o in ledger.operators.list() if o.village_id == self.ctx.village_id]
        rows: list[tuple[object, ...]] = [
            (
                o.username,
                o.display_name,
                self.tr(ROLE_NAMES[o.role]),
                "、".join(names[g] for g in o.grid_ids if g in names),
                self.tr("在用") if o.active else self.tr("已停用"),
            )
            for o in operators
        ]
        self.show_rows(operators, rows)
        self._update_toggle()

    def _update_toggle(self) -> None:
        operator = self.current(quiet=True)
        active = operator is None or operator.active
        self.toggle_button.setText(self.tr("停用") if active else self.tr("启用"))

    def add(self) -> None:
        OperatorDialog(self.ctx, self.grids, None, self).exec()

    def edit(self) -> None:
        operator = self.current()
        if operator is not None:
            OperatorDialog(self.ctx, self.grids, operator, self).exec()

    def reset_password(self) -> None:
        operator = self.current()
        if operator is not None:
            PasswordDialog(self.ctx, operator, self).exec()

    def toggle(self) -> None:
        operator = self.current()
        if operator is None:
            return
        if operator.active and not messages.confirm(
            self,
            self.tr("停用操作员"),
            self.tr("停用“{0}”？停用后不能再登录，以前的记录不受影响，以后可以再启用。").format(
                operator.display_name
            ),
        ):
            return
        self.run(
            lambda: self.ctx.ledger.operators.update(operator.username, active=not operator.active)
        )
