"""The first pages of the 年度结转 wizard (``year_close_wizard``): what the year leaves open, with a
button to the page where each is dealt with; the year's honours to confirm (vetoed households
apart); 年底清零; the new year's base points with the withhold list and the deductions that
withhold them. Each page shows the ledger's state (``YearCloseStatus``) and holds the admin's
choices; nothing is written until the wizard runs (except the disqualifying rules, saved by
their own button)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.year_close import HOW_NAMES, HonourChoice, YearCloseStatus

from .forms import DONE_STYLE, date_edit, date_of, hint

Open = Callable[[str], None]


def title_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold;")
    label.setWordWrap(True)
    return label


def done_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(DONE_STYLE)
    label.setWordWrap(True)
    return label


def checked_table(headers: tuple[str, ...], name: str) -> QTableWidget:
    """A table whose first column is a tick, the last one stretched."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    for column in range(len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return table


def tick_item(checked: bool, key: str, enabled: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem()
    flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
    item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled if enabled else flags)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    item.setData(Qt.ItemDataRole.UserRole, key)
    return item


def ticked(table: QTableWidget) -> list[str]:
    """The keys of the ticked rows."""
    rows = (table.item(r, 0) for r in range(table.rowCount()))
    return [
        str(item.data(Qt.ItemDataRole.UserRole))
        for item in rows
        if item is not None and item.checkState() == Qt.CheckState.Checked
    ]


def fill_row(table: QTableWidget, first: QTableWidgetItem, *texts: str) -> None:
    row = table.rowCount()
    table.insertRow(row)
    table.setItem(row, 0, first)
    for column, text in enumerate(texts, 1):
        table.setItem(row, column, QTableWidgetItem(text))


class OpenItemsPage(QWidget):
    """1. 未了结事项: each open item with where to go; going on anyway needs a tick."""

    def __init__(self, go: Open) -> None:
        super().__init__()
        self.setObjectName("year_close_page_open")
        self.go = go
        self.heading = title_label("")
        self.items = QVBoxLayout()
        self.go_on = QCheckBox(self.tr("我知道还有事项没了结，仍然继续（这些事项以后仍可处理）"))
        self.go_on.setObjectName("open_continue")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(
            hint(
                self.tr(
                    "结转前最好先把本年度的审核、公示和异议都处理完：评先评优和存档都以审核通过的"
                    "记录为准。点“去处理”会关上向导，处理完再从“设置 › 村信息与积分政策”打开，"
                    "已做的步骤不会重做。"
                )
            )
        )
        layout.addLayout(self.items)
        layout.addWidget(self.go_on)
        layout.addStretch(1)

    def show_status(self, status: YearCloseStatus) -> None:
        while self.items.count():
            child = self.items.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:  # out of the page now (its buttons no longer found)
                widget.setParent(None)
                widget.deleteLater()
        found = status.open_items
        self.heading.setText(
            self.tr(f"{status.year}年度还有 {len(found)} 项没了结：")
            if found
            else self.tr(f"{status.year}年度的审核、公示和异议都已了结。")
        )
        for i, item in enumerate(found):
            self.items.addWidget(self._item_row(i, item.text, item.advice, item.page, item.place))
        self.go_on.setVisible(bool(found))
        self.go_on.setChecked(False)

    def _item_row(self, i: int, text: str, advice: str, page: str, place: str) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        words = QLabel(f"• {text}。{advice}")
        words.setWordWrap(True)
        button = QPushButton(self.tr(f"去“{place}”处理"))
        button.setObjectName(f"open_go_{i}")
        button.clicked.connect(lambda: self.go(page))
        line.addWidget(words, 1)
        line.addWidget(button)
        return row

    def may_go_on(self, status: YearCloseStatus) -> str:
        if status.open_items and not self.go_on.isChecked():
            return self.tr("还有事项没了结：请先处理，或勾选“仍然继续”。")
        return ""


class HonoursPage(QWidget):
    """2. 评先评优: the title, how the households are chosen, the meeting day, the list to
    confirm (ticks), the vetoed households apart; or no honour this year."""

    def __init__(self, reload: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName("year_close_page_honours")
        self.status: YearCloseStatus | None = None
        self.skip = QCheckBox(self.tr("本年度不评（不记录荣誉称号）"))
        self.skip.setObjectName("honour_skip")
        self.title = QLineEdit(self.tr("十星级文明户"))
        self.title.setObjectName("honour_title")
        self.how = QComboBox()
        self.how.setObjectName("honour_how")
        for key, name in HOW_NAMES.items():
            self.how.addItem(self.tr(name), key)
        self.top = QSpinBox()
        self.top.setObjectName("honour_top")
        self.top.setRange(1, 500)
        self.top.setValue(10)
        self.grade = QComboBox()
        self.grade.setObjectName("honour_grade")
        self.meeting = date_edit(dt.date.today())
        self.meeting.setObjectName("honour_meeting")
        self.done = done_label("")
        self.table = checked_table(("评", "户号", "户主", "网格", "依据"), "honour_table")
        self.vetoed = hint("")
        for signal in (self.how.currentIndexChanged, self.grade.currentIndexChanged):
            signal.connect(self.refill)
        self.top.valueChanged.connect(reload)
        self._lay_out()

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("评先评优：确认后记录为荣誉称号")))
        layout.addWidget(self.done)
        for fields in (
            (("称号", self.title), ("评议会议日期", self.meeting)),
            (("评选方式", self.how), ("前几名", self.top), ("等级", self.grade)),
        ):
            line = QHBoxLayout()
            for label, widget in fields:
                line.addWidget(QLabel(self.tr(label)))
                line.addWidget(widget)
            line.addStretch(1)
            layout.addLayout(line)
        layout.addWidget(
            hint(self.tr("名单按本年度积分排出；去掉勾选的户不授予。一票否决的户不参加评选。"))
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.vetoed)
        layout.addWidget(self.skip)

    def choice(self) -> HonourChoice:
        return HonourChoice(
            self.title.text().strip(),
            str(self.how.currentData()),
            self.top.value(),
            self.grade.currentText(),
        )

    @property
    def meeting_on(self) -> dt.date:
        return date_of(self.meeting)

    def show_status(self, status: YearCloseStatus) -> None:
        self.status = status
        grades = [g.name for g, _rows in status.honours.grades]
        if grades != [self.grade.itemText(i) for i in range(self.grade.count())]:
            self.grade.blockSignals(True)
            self.grade.clear()
            self.grade.addItems(grades)
            self.grade.blockSignals(False)
        done = status.awarded
        self.done.setText(
            self.tr(f"已记录：{status.detail('honours')}（再次确认不会重复记录）") if done else ""
        )
        self.done.setVisible(bool(done))
        vetoed = "、".join(f"{r.number} {r.head_name}" for r in status.honours.vetoed)
        self.vetoed.setText(self.tr(f"一票否决，不参加评选：{vetoed}") if vetoed else "")
        self.refill()

    def refill(self) -> None:
        """The households the current choice names, all ticked."""
        self.top.setEnabled(self.how.currentData() == "top")
        self.grade.setEnabled(self.how.currentData() == "grade")
        self.table.setRowCount(0)
        if self.status is None:
            return
        try:
            named = self.choice().candidates(self.status.honours)
        except DomainError:
            named = []
        # Once the year's honour is recorded, its holders stay ticked and the rest are offered
        # unticked: a second run honours nobody the committee left out the first time.
        held = {a.household_id for a in self.status.awarded}
        for r, basis in named:
            mine = r.household_id in held
            tick = tick_item(not held or mine, r.household_id, enabled=not mine)
            fill_row(self.table, tick, r.number, r.head_name, r.grid_name, basis)

    def chosen(self) -> tuple[str, ...]:
        return tuple(ticked(self.table))

    def may_go_on(self, status: YearCloseStatus) -> str:
        if not self.skip.isChecked() and not self.choice().title:
            return self.tr("请写荣誉称号，或勾选“本年度不评”。")
        return ""


class ExpiryPage(QWidget):
    """3. 年底清零, for a village whose available points are cleared at year end."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("year_close_page_expiry")
        self.state = title_label("")
        self.do = QCheckBox(self.tr("结转时做年底清零"))
        self.do.setObjectName("expiry_do")
        self.do.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("年底清零")))
        layout.addWidget(self.state)
        layout.addWidget(
            hint(
                self.tr(
                    "实行年底清零的村，上一年没兑换完的可用积分作废，从新年度起重新累计；"
                    "累计积分和年度积分不受影响，排名照旧。清零只做一次，做过的不会再做。"
                )
            )
        )
        layout.addWidget(self.do)
        layout.addStretch(1)

    def show_status(self, status: YearCloseStatus) -> None:
        blocked = status.blocked("expiry")
        self.state.setText(blocked or status.detail("expiry"))
        self.do.setVisible(status.year_end_policy and status.expired is None and not blocked)
