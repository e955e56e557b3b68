"""审计日志: who changed what and when, with the values before and after, filterable by what
was done, by operator, by dates and by text; 检查台账 runs ``jifen verify``'s check. Reviewers
and admins only (the model enforces it)."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.audit import AuditInfo
from jifen_desktop.model.tx import Change
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.flow_layout import tool_bar
from jifen_desktop.ui.forms import fit_placeholder
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows
from jifen_desktop.ui.verify_dialog import check_ledger

from .base import Page
from .rankings import fill_table

LIMIT = 500
ACTIONS = (
    ("全部操作", ""),
    ("积分记录", "entry."),
    ("审核会", "review."),
    ("公示", "publication."),
    ("异议", "objection."),
    ("一票否决", "veto."),
    ("积分超市", "store."),
    ("农户", "household."),
    ("成员", "member."),
    ("积分细则", "rule"),
    ("操作员", "operator."),
    ("村设置", "village."),
    ("网格", "grid."),
)


def _pretty(values: dict[str, object] | None) -> str:
    if not values:
        return "（无）"
    return json.dumps(values, ensure_ascii=False, indent=1, sort_keys=True)


class AuditPage(Page):
    key = "audit"
    title_text = "审计日志"
    roles = ("admin", "reviewer")
    shows = (
        Change.ENTRIES
        | Change.HOUSEHOLDS
        | Change.MEMBERS
        | Change.RULES
        | Change.OPERATORS
        | Change.VILLAGE
        | Change.GRIDS
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[AuditInfo] = []
        self.action = QComboBox()
        for label, prefix in ACTIONS:
            self.action.addItem(self.tr(label), prefix)
        self.operator = QLineEdit()
        self.operator.setPlaceholderText(self.tr("操作员姓名"))
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("内容包含…（户号、姓名、细则）"))
        for line in (self.operator, self.text):
            fit_placeholder(line)
        today = QDate.currentDate()
        self.since = QDateEdit(today.addMonths(-1))
        self.until = QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        search = QPushButton(self.tr("查询"))
        search.clicked.connect(self.refresh)
        self.check = QPushButton(self.tr("检查台账…"))
        self.check.setToolTip(
            self.tr("核对数据库文件和哈希链，找出绕过程序被改动、删除或私自添加的记录")
        )
        self.check.clicked.connect(lambda: check_ledger(self, self.ctx.ledger))
        for line in (self.operator, self.text):
            line.returnPressed.connect(self.refresh)
        self.action.currentIndexChanged.connect(self.refresh)
        bar = tool_bar(
            self.action,
            self.operator,
            self.text,
            (QLabel(self.tr("从")), self.since),
            (QLabel(self.tr("到")), self.until),
            search,
            16,
            self.check,
        )
        self.count = QLabel()
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr(t) for t in ("时间", "操作员", "操作", "内容")]
        )
        read_only_rows(self.table, wrap=False)
        fit_to_contents(self.table, 3)
        self.table.itemSelectionChanged.connect(self._show_detail)
        self.before = QPlainTextEdit()
        self.after = QPlainTextEdit()
        details = QWidget()
        detail_layout = QHBoxLayout(details)
        for title, box in ((self.tr("修改前"), self.before), (self.tr("修改后"), self.after)):
            box.setReadOnly(True)
            side = QVBoxLayout()
            side.addWidget(QLabel(title))
            side.addWidget(box)
            detail_layout.addLayout(side)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(details)
        splitter.setSizes([420, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.count)
        layout.addWidget(splitter, 1)

    def refresh(self) -> None:
        since = self.since.date().toPython()
        until = self.until.date().toPython()
        assert isinstance(since, dt.date) and isinstance(until, dt.date)
        self.rows = self.ctx.ledger.audit.list(
            self.ctx.village_id,
            action=self.action.currentData() or None,
            operator=self.operator.text().strip() or None,
            text=self.text.text().strip() or None,
            since=since,
            until=until,
            limit=LIMIT,
        )
        fill_table(
            self.table,
            [
                (r.at.strftime("%Y-%m-%d %H:%M"), r.operator_name, r.action_name, r.summary)
                for r in self.rows
            ],
        )
        more = (
            self.tr("（只列出最新的 {0} 条，请缩小范围）").format(LIMIT)
            if len(self.rows) >= LIMIT
            else ""
        )
        self.count.setText(self.tr("共 {0} 条").format(len(self.rows)) + more)
        self._show_detail()

    def _show_detail(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        row = self.rows[rows.pop()] if len(rows) == 1 else None
        self.before.setPlainText(_pretty(row.before) if row else "")
        self.after.setPlainText(_pretty(row.after) if row else "")
