"""A minimal read-only main window: the village's ranking for the current year.

It stands in until the desktop program (issue 3) lands; it already follows the house rules:
it reads through the model's services and holds no ORM objects.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model import periods
from jifen_desktop.model.ledger import Ledger

HEADERS = ("名次", "户号", "户主", "网格", "加分", "扣分", "年度积分", "累计积分")


class MinimalWindow(QMainWindow):
    def __init__(self, ledger: Ledger, village_code: str | None = None) -> None:
        super().__init__()
        village = ledger.villages.resolve(village_code)
        year = dt.date.today().year
        self.setWindowTitle(f"积分台账 — {village.name}")
        rows = ledger.rankings.rank(village.id, periods.year(year))
        lifetime = ledger.balances.many(village.id, [r.household_id for r in rows], year)
        table = QTableWidget(len(rows), len(HEADERS))
        table.setHorizontalHeaderLabels(HEADERS)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, r in enumerate(rows):
            values = (
                r.rank,
                r.number,
                r.head_name,
                r.grid_name,
                r.added,
                r.deducted,
                r.points,
                lifetime[r.household_id].lifetime,
            )
            for j, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if isinstance(value, int):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(i, j, item)
        table.setAlternatingRowColors(True)
        table.setStyleSheet("font-size: 15px;")
        table.verticalHeader().setDefaultSectionSize(30)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        title = QLabel(
            f"{village.township_name} {village.name}　{year}年度积分排名（共{len(rows)}户）"
        )
        title.setStyleSheet("font-size: 18px; font-weight: bold; padding: 6px;")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(title)
        layout.addWidget(table)
        self.setCentralWidget(body)
        self.statusBar().showMessage(
            f"村代码 {village.code}　只读预览：完整的桌面程序正在开发中，录入和审核请用 jifen 命令"
        )
        self.resize(1280, 720)
        self.setMinimumSize(800, 500)
