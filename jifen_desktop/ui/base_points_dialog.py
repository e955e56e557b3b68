"""发放年度基础分 (设置 › 村信息与积分政策, admins): the year, every household still without the
year's base points with a tick, the vetoed ones unticked with the veto as their reason, the
admin unticking others with a reason of their own; one confirmation, then the result in the
dialog. The model (``ledger.base_points``) decides the dates and writes each withheld household
with its reason in the audit log."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.base_points import DAY_NOTES, BaseCandidate, BasePlan
from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.periods import FIRST_YEAR

from . import messages
from .context import AppContext
from .form_dialog import keep_room
from .forms import DONE_STYLE, hint

GIVE, NUMBER, NAME, GRID, DAY, REASON = range(6)
HEADERS = ("发", "户号", "户主", "网格", "记入日期", "不发的理由（不发的户必须填写）")


class BasePointsDialog(QDialog):
    """One year's base points: who gets them, who does not and why; 发放 asks once."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan: BasePlan | None = None
        self.setWindowTitle(self.tr("发放年度基础分"))
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, dt.date.today().year)
        self.year.setValue(dt.date.today().year)
        self.year.setSuffix(self.tr(" 年"))
        self.year.valueChanged.connect(self.load)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = self._make_table()
        self.message = keep_room(messages.error_label("withhold"))  # the table gives way
        self.message.setWordWrap(True)
        self.done_line = QLabel()
        self.done_line.setStyleSheet(DONE_STYLE)
        self.done_line.setWordWrap(True)
        self.give_button = QPushButton(self.tr("发放基础分…"))
        self.give_button.setDefault(True)
        self.give_button.clicked.connect(self.give)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        self._lay_out(close)
        self.resize(900, 620)
        self.load()

    def _lay_out(self, close: QPushButton) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年度")))
        top.addWidget(self.year)
        top.addWidget(self.summary, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.done_line, 1)
        buttons.addWidget(self.give_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(
            hint(
                self.tr(
                    "基础分发给遵纪守法、遵守村规民约、无群众反映不良行为的农户。"
                    "本年被一票否决的户默认不发；村两委认定不该发的户，去掉勾选并写明理由。"
                    "不发的户和理由记入审计日志；已发过的户不会再发。"
                )
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def _make_table(self) -> QTableWidget:
        table = QTableWidget(0, len(HEADERS))
        table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        table.verticalHeader().setVisible(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = table.horizontalHeader()
        for column in range(len(HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        table.itemChanged.connect(self._item_changed)
        return table

    # -- showing the plan --------------------------------------------------------------------

    def load(self) -> None:
        """Read the plan of the chosen year and show it."""
        self.message.hide()
        try:
            self.plan = self.ctx.ledger.base_points.plan(self.ctx.village_id, self.year.value())
        except DomainError as error:
            self.plan = None
            self._show_message(error.message)
        self._fill()
        self._show_summary()

    def _fill(self) -> None:
        table = self.table
        table.blockSignals(True)
        # The households not to get them first: the committee looks at those.
        candidates = sorted(
            self.plan.candidates if self.plan else (), key=lambda c: not c.withhold_reason
        )
        table.setRowCount(len(candidates))
        for row, c in enumerate(candidates):
            for column, item in enumerate(self._row_items(c)):
                table.setItem(row, column, item)
        table.blockSignals(False)

    def _row_items(self, c: BaseCandidate) -> list[QTableWidgetItem]:
        """发 (ticked unless withheld; nothing to tick when it cannot be given), 户号, 户主, 网格,
        记入日期 (why it is not 1 January in its tooltip), 不发的理由 (editable)."""
        tick = QTableWidgetItem()
        tick.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        given = not c.withhold_reason and c.on is not None
        tick.setCheckState(Qt.CheckState.Checked if given else Qt.CheckState.Unchecked)
        tick.setData(Qt.ItemDataRole.UserRole, c.household_id)
        if c.on is None:
            tick.setFlags(Qt.ItemFlag.NoItemFlags)
        day = _read_only(self.tr(c.day_text))
        day.setToolTip(self.tr(DAY_NOTES.get(c.day_note, "")))
        reason = QTableWidgetItem(c.withhold_reason)
        reason.setToolTip(c.withhold_reason)
        reason.setData(Qt.ItemDataRole.UserRole, c.withhold_reason)  # as it came
        cells = (c.number, c.name, c.grid_name)
        return [tick, *(_read_only(text) for text in cells), day, reason]

    def _show_summary(self) -> None:
        plan = self.plan
        if plan is None:
            self.summary.setText("")
            self.give_button.setEnabled(False)
            return
        given, withheld = self.counts()
        if not plan.candidates:
            text = self.tr("{0}年度基础分已经发给全部在册农户（{1} 户），没有要发的了。").format(
                plan.year, plan.already
            )
        else:
            text = self.tr("每户 {0} 分。已发 {1} 户；这次发给 {2} 户，不发 {3} 户。").format(
                plan.points, plan.already, given, withheld
            )
        if plan.points <= 0:
            text = self.tr("本村基础分设为 0 分，不用发放（在“村信息与积分政策”里设置）。")
        self.summary.setText(text)
        self.give_button.setEnabled(plan.points > 0 and (given > 0 or self._new_withholding()))

    def counts(self) -> tuple[int, int]:
        """(households ticked, households unticked) in the table."""
        ticks = [self._ticked(row) for row in range(self.table.rowCount())]
        return sum(ticks), len(ticks) - sum(ticks)

    def _ticked(self, row: int) -> bool:
        return self._cell(row, GIVE).checkState() == Qt.CheckState.Checked

    def _new_withholding(self) -> bool:
        """An unticked household whose reason is not the one it came with (the log gets it)."""
        return any(
            not self._ticked(row)
            and not self._blocked(row)
            and self._reason(row) != self._cell(row, REASON).data(Qt.ItemDataRole.UserRole)
            for row in range(self.table.rowCount())
        )

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() in (GIVE, REASON):
            self._show_summary()
        row = item.row()
        if item.column() == GIVE and not self._ticked(row) and not self._reason(row):
            self.table.setCurrentCell(row, REASON)

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None  # every cell is filled by _fill
        return item

    def _blocked(self, row: int) -> bool:
        """A household whose every quarter of the year is posted: nothing can be given."""
        return self._cell(row, GIVE).flags() == Qt.ItemFlag.NoItemFlags

    def _reason(self, row: int) -> str:
        item = self.table.item(row, REASON)
        return " ".join(item.text().split()) if item else ""

    # -- giving ------------------------------------------------------------------------------

    def withhold_list(self) -> dict[str, str] | None:
        """{household id: reason} of the unticked rows; None (and the row shown) when one of
        them has no reason."""
        withhold = {}
        for row in range(self.table.rowCount()):
            if self._ticked(row) or self._blocked(row):
                continue
            reason = self._reason(row)
            if not reason:
                label = f"{self._cell(row, NUMBER).text()} {self._cell(row, NAME).text()}"
                self._show_message(
                    self.tr("“{0}”不发基础分，请在“不发的理由”一栏写明理由。").format(label)
                )
                self.table.setCurrentCell(row, REASON)
                self.table.editItem(self._cell(row, REASON))
                return None
            withhold[self._cell(row, GIVE).data(Qt.ItemDataRole.UserRole)] = reason
        return withhold

    def give(self) -> None:
        self.message.hide()
        self.done_line.clear()
        plan, withhold = self.plan, self.withhold_list()
        if plan is None or withhold is None:
            return
        given, withheld = self.counts()
        question = self.tr(
            "确定发放{0}年度基础分吗？\n\n发给 {1} 户，每户 {2} 分，审核直接通过。\n"
            "不发 {3} 户，理由记入审计日志。"
        ).format(plan.year, given, plan.points, withheld)
        if not messages.confirm(self, self.tr("请确认"), question):
            return
        try:
            result = self.ctx.apply(
                self.ctx.ledger.base_points.give(self.ctx.village_id, plan.year, withhold)
            )
        except DomainError as error:
            self._show_message(error.message)
            return
        self.load()
        self.done_line.setText(
            self.tr("已发放{0}年度基础分：新记 {1} 户，每户 {2} 分；不发 {3} 户。").format(
                result.year, result.given, result.points, len(result.withheld)
            )
        )

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


def _read_only(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item
