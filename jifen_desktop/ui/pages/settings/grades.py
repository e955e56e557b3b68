"""设置 › 评星定级: the village's honour grades, highest first: a name and the least annual
points that reach it; the last grade may have no minimum and takes every other household.
排名与统计 grades each household by them; a vetoed household gets none."""

from __future__ import annotations

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
from jifen_desktop.model.tx import Change
from jifen_desktop.ui import messages
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import DONE_STYLE, hint

from ..base import Page


class GradesSection(Page):
    key = "grades"
    title_text = "评星定级"
    roles = ("admin",)
    shows = Change.VILLAGE | Change.CALENDAR

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("等级名称"), self.tr("最低分（年度积分）")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumWidth(520)
        self.add_button = QPushButton(self.tr("添加等级"))
        self.remove_button = QPushButton(self.tr("删除选中的等级"))
        self.save_button = QPushButton(self.tr("保存"))
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.save_button):
            buttons.addWidget(button)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint(
                self.tr(
                    "从高到低排列，每户按年度积分归入第一个够得上的等级；最后一个等级可以不填"
                    "最低分，其余各户都归入它。例如：优秀 80、合格 60、诫勉（不填），"
                    "或 五星文明户 160、四星文明户 130……一票否决期内的户不参加评定。"
                )
            )
        )
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def refresh(self) -> None:
        grades = self.ctx.ledger.honours.grades(self.ctx.village_id)
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
            self.ctx.apply(self.ctx.ledger.honours.set_grades(self.ctx.village_id, self.grades()))
        except DomainError as error:
            self.message.setStyleSheet(messages.ERROR_STYLE)
            self.message.setText(error.message)
            return
        self.message.setStyleSheet(DONE_STYLE)
        self.message.setText(self.tr("已保存。"))
