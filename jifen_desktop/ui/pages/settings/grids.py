"""设置 › 网格与网格员: the village's grids (网格) with their active households and recorders;
add, rename, remove an empty grid (asks first), and choose the recorders who work in a grid."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.operators import OperatorInfo
from jifen_desktop.model.tx import Change, Op
from jifen_desktop.model.villages import GridInfo
from jifen_desktop.ui import messages
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.form_dialog import FormDialog
from jifen_desktop.ui.type_size import px

from .list_section import ListSection


class GridDialog(FormDialog):
    """Add a grid, or rename one / change its note."""

    def __init__(self, ctx: AppContext, grid: GridInfo | None, parent: QWidget | None = None):
        title = "修改网格" if grid else "新建网格"
        super().__init__(ctx, QCoreApplication.translate("GridDialog", title), parent)
        self.grid = grid
        self.name = self.add_field(
            "name", self.tr("网格名称"), QLineEdit(grid.name if grid else "")
        )
        self.name.setPlaceholderText(self.tr("如 一组、东湾组"))
        self.note = self.add_field("note", self.tr("备注"), QLineEdit(grid.note if grid else ""))
        self.note.setPlaceholderText(self.tr("范围，如 河东12户至河边"))

    def submit(self) -> Op[Any]:
        villages = self.ctx.ledger.villages
        if self.grid is None:
            return villages.add_grid(self.ctx.village_id, self.name.text(), self.note.text())
        return villages.update_grid(self.grid.id, name=self.name.text(), note=self.note.text())


class RecordersDialog(QDialog):
    """Tick the recorders (记录员) who work in one grid."""

    def __init__(
        self,
        ctx: AppContext,
        grid: GridInfo,
        recorders: list[OperatorInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.grid = grid
        self.setWindowTitle(self.tr("网格“{0}”的网格员").format(grid.name))
        self.list = QListWidget()
        for op in recorders:
            item = QListWidgetItem(f"{op.display_name}（{op.username}）")
            item.setData(Qt.ItemDataRole.UserRole, op.username)
            item.setCheckState(
                Qt.CheckState.Checked if grid.id in op.grid_ids else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        text = (
            self.tr("勾选在这个网格记录积分的网格员（一人可管几个网格）：")
            if recorders
            else self.tr("还没有记录员。请先在“操作员”里添加角色为“记录员”的操作员。")
        )
        explanation = QLabel(text)
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.setMinimumWidth(px(400))

    def chosen(self) -> list[str]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def accept(self) -> None:
        try:
            self.ctx.apply(
                self.ctx.ledger.operators.set_grid_recorders(self.grid.id, self.chosen())
            )
        except DomainError as error:
            messages.show_error(self, error)
            return
        super().accept()


class GridsSection(ListSection[GridInfo]):
    key = "grids"
    title_text = "网格与网格员"
    roles = ("admin",)
    shows = Change.GRIDS | Change.OPERATORS | Change.HOUSEHOLDS
    what = "网格"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.operators: list[OperatorInfo] = []
        self.set_up(
            [self.tr("网格"), self.tr("在册户数"), self.tr("网格员"), self.tr("备注")],
            3,
            [
                (QPushButton(self.tr("新建网格")), self.add),
                (QPushButton(self.tr("修改")), self.edit),
                (QPushButton(self.tr("安排网格员")), self.recorders),
                (QPushButton(self.tr("撤销网格")), self.remove),
            ],
            self.tr(
                "网格员只能看到和录入自己网格的农户。撤销网格前，先在“农户”页把在册户调到别的网格。"
            ),
        )

    def refresh(self) -> None:
        ledger = self.ctx.ledger
        grids = ledger.villages.grids(self.ctx.village_id)
        self.operators = [o for o in ledger.operators.list() if o.village_id == self.ctx.village_id]
        self.show_rows(grids, [self._row(grid) for grid in grids])

    def _row(self, grid: GridInfo) -> tuple[object, ...]:
        """A grid, its households on the roll, its recorders (their names) and its note."""
        names = "、".join(
            o.display_name for o in self.operators if grid.id in o.grid_ids and o.active
        )
        return (grid.name, grid.household_count, names or self.tr("（未安排）"), grid.note)

    def add(self) -> None:
        GridDialog(self.ctx, None, self).exec()

    def edit(self) -> None:
        grid = self.current()
        if grid is not None:
            GridDialog(self.ctx, grid, self).exec()

    def recorders(self) -> None:
        grid = self.current()
        if grid is None:
            return
        recorders = [o for o in self.operators if o.role == "recorder" and o.active]
        RecordersDialog(self.ctx, grid, recorders, self).exec()

    def remove(self) -> None:
        grid = self.current()
        if grid is not None and self._may_remove(grid):
            self.run(lambda: self.ctx.ledger.villages.remove_grid(grid.id))

    def _may_remove(self, grid: GridInfo) -> bool:
        question = self.tr("撤销网格“{0}”？已有的积分记录不受影响，网格员不再分到这个网格。")
        return messages.confirm(self, self.tr("撤销网格"), question.format(grid.name))
