"""``GradesEditor``: a village's grades in a table, highest first: a name and the least points
that reach it; the last may have no minimum and takes everyone else. 设置 › 评星定级 shows one
for the households' grades (评星定级) and one for the persons' (个人等次); the model checks
and saves them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.calendar.honours import Grade
from jifen_desktop.model.errors import DomainError, ValidationError
from jifen_desktop.model.tx import Op
from jifen_desktop.ui import messages
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import DONE_STYLE, hint

Load = Callable[[], list[Grade]]
Store = Callable[[list[Grade]], Op[list[Grade]]]


class GradesEditor(QWidget):
    """The grades of ``load`` in a table; 保存 hands them to ``store``."""

    def __init__(
        self,
        ctx: AppContext,
        explanation: str,
        points_header: str,
        load: Load,
        store: Store,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.load, self.store = ctx, load, store
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("等级名称"), points_header])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(self.tr("添加等级"))
        self.remove_button = QPushButton(self.tr("删除选中的等级"))
        self.save_button = QPushButton(self.tr("保存"))
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_row)
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.save_button):
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint(explanation))
        layout.addWidget(self.table)
        layout.addLayout(self.buttons)
        layout.addWidget(self.message)

    def refresh(self) -> None:
        self.show_grades(self.load())

    def show_grades(self, grades: list[Grade]) -> None:
        self.table.setRowCount(0)
        for grade in grades:
            self.add_row(grade)

    def add_row(self, grade: Grade | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name, minimum = (grade.name, grade.minimum) if grade else ("", None)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem("" if minimum is None else str(minimum)))

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def grades(self) -> list[Grade]:
        """The table as grades; a minimum that is not a whole number is refused here."""
        result = []
        for row in range(self.table.rowCount()):
            name_item, minimum_item = self.table.item(row, 0), self.table.item(row, 1)
            name = name_item.text().strip() if name_item else ""
            text = minimum_item.text().strip() if minimum_item else ""
            if text and not text.lstrip("-").isdigit():
                raise ValidationError(
                    self.tr("第 {0} 行的最低分“{1}”不是整数，请改正。").format(row + 1, text),
                    field="grades",
                )
            result.append(Grade(name, int(text) if text else None))
        return result

    def save(self) -> None:
        try:
            self.ctx.apply(self.store(self.grades()))
        except DomainError as error:
            self.say(error.message, messages.ERROR_STYLE)
            return
        self.say(self.tr("已保存。"), DONE_STYLE)

    def say(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)
