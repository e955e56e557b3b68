"""The two small screens of the 查分 mode: where the villager types the household number and
the last four of an ID number (``EntryScreen``), and where the operator types their password
to leave the mode (``LeaveScreen``). Each says in a red line what went wrong and what to do."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..messages import ERROR_STYLE
from ..type_size import follow
from .big_type import big, big_px

FIELD_CHARS = 12  # the boxes as wide as this many digits
TEXT_WIDTH = 560  # the explanations and refusals wrap at this width (at 标准's scale)


def _box(name: str, placeholder: str) -> QLineEdit:
    edit = big(QLineEdit(), 1.25)
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    follow(
        edit, lambda: edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("0" * FIELD_CHARS))
    )
    return edit


def _refusal(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    big(label, 1.0, bold=True)  # bold, to stand out
    return label


def _form(*rows: tuple[str, QWidget]) -> QFormLayout:
    """Fields with their names, both in the fields' larger type."""
    form = QFormLayout()
    for name, field in rows:
        form.addRow(big(QLabel(name), 1.25), field)
    return form


def _centred(*parts: QWidget | QFormLayout | QHBoxLayout) -> QVBoxLayout:
    """``parts`` one under the other in the middle of the screen."""
    layout = QVBoxLayout()
    layout.addStretch(1)
    for part in parts:
        row = QHBoxLayout()
        row.addStretch(1)
        if isinstance(part, QWidget):
            row.addWidget(part)
        else:
            row.addLayout(part)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addSpacing(big_px(12))
    layout.addStretch(2)
    return layout


class EntryScreen(QWidget):
    """户号 and 身份证后四位, Enter to look up. ``asked`` carries what was typed."""

    asked = Signal(str, str)

    def __init__(self, village_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = big(QLabel(self.tr("{0} 积分查询").format(village_name)), 1.6, bold=True)
        title.setObjectName("title")
        self.number = _box("number", self.tr("例如 0101"))
        self.last_four = _box("last_four", self.tr("例如 123X"))
        self.last_four.setMaxLength(4)
        self.go = big(QPushButton(self.tr("查询")), 1.25, bold=True)
        self.go.setObjectName("go")
        self.go.setAutoDefault(True)
        self.go.clicked.connect(self._ask)
        self.number.returnPressed.connect(self._next)
        self.last_four.returnPressed.connect(self._ask)
        self.message = _refusal("message")
        self.message.setFixedWidth(big_px(TEXT_WIDTH))
        how = QLabel(
            self.tr(
                "请输入户号，和户主（或本户家庭成员）身份证号码的最后四位，按回车查询。\n"
                "只显示本户的积分，不显示其他户。工作人员按 Esc 退出查分。"
            )
        )
        how.setObjectName("how")
        how.setWordWrap(True)
        how.setFixedWidth(big_px(TEXT_WIDTH))
        form = _form((self.tr("户号"), self.number), (self.tr("身份证后四位"), self.last_four))
        form.addRow("", self.go)
        self.setLayout(_centred(title, how, form, self.message))

    def _next(self) -> None:
        if self.last_four.text().strip():
            self._ask()
        else:
            self.last_four.setFocus()

    def _ask(self) -> None:
        self.asked.emit(self.number.text(), self.last_four.text())

    def refuse(self, text: str) -> None:
        """Say ``text``; the last four is cleared and typed again."""
        self.message.setText(text)
        self.last_four.clear()
        self.last_four.setFocus()

    def clear(self) -> None:
        """Empty, for the next villager."""
        for edit in (self.number, self.last_four):
            edit.clear()
        self.message.clear()
        self.number.setFocus()


class LeaveScreen(QWidget):
    """The operator's password to leave the mode; ``entered`` carries it, ``back`` returns."""

    entered = Signal(str)
    back = Signal()

    def __init__(self, operator_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = big(QLabel(self.tr("退出查分")), 1.4, bold=True)
        ask = QLabel(self.tr("请操作员“{0}”输入登录密码，退出查分、回到积分台账。"))
        ask.setText(ask.text().format(operator_name))
        ask.setWordWrap(True)
        ask.setFixedWidth(big_px(TEXT_WIDTH))
        self.password = _box("password", "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(lambda: self.entered.emit(self.password.text()))
        leave = QPushButton(self.tr("退出查分"))
        leave.setObjectName("leave")
        leave.clicked.connect(lambda: self.entered.emit(self.password.text()))
        stay = QPushButton(self.tr("返回查分"))
        stay.setObjectName("stay")
        stay.clicked.connect(self.back.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(leave)
        buttons.addWidget(stay)
        form = _form((self.tr("密码"), self.password))
        self.message = _refusal("leave_message")
        self.message.setFixedWidth(big_px(TEXT_WIDTH))
        self.setLayout(_centred(title, ask, form, buttons, self.message))

    def refuse(self, text: str) -> None:
        self.message.setText(text)
        self.password.clear()
        self.password.setFocus()

    def clear(self) -> None:
        self.password.clear()
        self.message.clear()
        self.password.setFocus()
