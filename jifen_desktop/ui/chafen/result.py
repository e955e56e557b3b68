"""The 查分 result: one household's own figures, read-only, in large type — the household and
its head (masked as the village chooses), 年度积分, 可用积分 and 累计积分 in big numbers, its
place in the latest 公示, a veto in force, the points still waiting for review, and this
year's entries (date, item, points, 已通过 or 待审核). Nothing of any other household."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.points_lookup import LookupRank, PointsView

from ..messages import ERROR_STYLE
from .big_type import big, big_px

HEADER = ("日期", "事项", "分值", "状态")
RANK_STATES = {"posted": "公示中", "final": "已定稿"}
PENDING_STYLE = "color: #9a5b00;"


def _figure(title: str, name: str) -> tuple[QFrame, QLabel]:
    """A box with ``title`` over a big number; the number's label."""
    box = QFrame()
    box.setFrameShape(QFrame.Shape.StyledPanel)
    number = big(QLabel(), 2.2, bold=True)
    number.setObjectName(name)
    number.setAlignment(Qt.AlignmentFlag.AlignCenter)
    caption = QLabel(title)
    caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout = QVBoxLayout(box)
    layout.addWidget(caption)
    layout.addWidget(number)
    return box, number


def _entries_table() -> QTableWidget:
    """Rows to read only: no editing, no selecting, no right-click export (the mode reaches
    nothing but this household's figures)."""
    table = QTableWidget(0, len(HEADER))
    table.setObjectName("entries")
    table.setHorizontalHeaderLabels(HEADER)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(True)
    return table


def rank_text(rank: LookupRank | None) -> str:
    if rank is None:
        return "最近公示：本户还没有张贴过的公示。"
    return (
        f"最近公示：{rank.label}（{RANK_STATES.get(rank.status, '')}），"
        f"第 {rank.rank} 名，共 {rank.households} 户（按公示时的年度积分 {rank.year_total} 分排）。"
    )


class ResultScreen(QWidget):
    """``back`` asks for the empty entry screen again."""

    back = Signal()

    def __init__(self, name: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.household = big(QLabel(), 1.5, bold=True)
        self.household.setObjectName("household")
        self.back_button = QPushButton(self.tr("返回（查另一户）"))
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(self.back.emit)
        top = QHBoxLayout()
        top.addWidget(self.household, 1)
        top.addWidget(self.back_button)
        figures = QHBoxLayout()
        self.numbers: dict[str, QLabel] = {}
        for key, title in (
            ("annual", "年度积分"),
            ("available", "可用积分"),
            ("lifetime", "累计积分"),
        ):
            box, self.numbers[key] = _figure(title, key)
            figures.addWidget(box)
        self.rank = self._line("rank")
        self.veto = self._line("veto", ERROR_STYLE)
        self.pending = self._line("pending", PENDING_STYLE)
        self.entries_title = big(QLabel(), 1.0, bold=True)
        self.table = _entries_table()
        header = self.table.horizontalHeader()
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        idle = QLabel(self.tr("1 分钟内没有操作，自动回到查分首页。"))
        idle.setObjectName("idle_note")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(big_px(24), big_px(16), big_px(24), big_px(16))
        layout.addLayout(top)
        layout.addLayout(figures)
        for line in (self.rank, self.veto, self.pending):
            layout.addWidget(line)
        layout.addWidget(self.entries_title)
        layout.addWidget(self.table, 1)
        layout.addWidget(idle)

    @staticmethod
    def _line(name: str, style: str = "") -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        if style:
            label.setStyleSheet(style)
            big(label, 1.0, bold=True)  # bold, to stand out
        return label

    def _size_columns(self) -> None:
        metrics, header = self.table.fontMetrics(), self.table.horizontalHeader()
        pad = big_px(24)
        for column, sample in ((0, "2026-12-31"), (2, "+1000"), (3, "待审核")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + pad)
            header.setSectionResizeMode(column, header.ResizeMode.Fixed)
        header.setSectionResizeMode(1, header.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + big_px(10))

    def show_view(self, view: PointsView) -> None:
        self.household.setText(
            self.tr("户号 {0}　户主 {1}").format(view.number, self.name(view.head_name))
        )
        balance = view.balance
        for key, value in (
            ("annual", balance.annual),
            ("available", balance.available),
            ("lifetime", balance.lifetime),
        ):
            self.numbers[key].setText(str(value))
        self.rank.setText(rank_text(view.rank))
        veto = view.veto
        self.veto.setText(
            self.tr("本户被一票否决：{0} 至 {1}，原因：{2}。期间不能兑换、不参加评选。").format(
                veto.starts_on, veto.last_day, veto.reason
            )
            if veto
            else ""
        )
        self.veto.setVisible(veto is not None)
        self.pending.setText(
            self.tr("另有 {0} 分待审核，审核通过后才计入积分。").format(view.pending_points)
            if any(e.status == "pending" for e in view.entries)
            else ""
        )
        self.pending.setVisible(bool(self.pending.text()))
        self._fill(view)

    def _fill(self, view: PointsView) -> None:
        self._size_columns()
        self.table.setRowCount(len(view.entries))
        for row, entry in enumerate(view.entries):
            cells = (str(entry.occurred_on), entry.item, f"{entry.points:+d}", entry.status_name)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.table.scrollToTop()
        self.entries_title.setText(
            self.tr("{0}年的记录（{1} 条，最新的在前）").format(view.year, len(view.entries))
        )
