"""审计日志: who changed what and when, in words a village auditor reads: the action in Chinese,
the household each row is about, and the record's fields before and after by their Chinese
names (``model.audit_readable``; sync bookkeeping left out). Filterable by what was done, by
operator, by dates and by text, and at the township by village. An admin may still see the
stored values behind 显示原始数据. 检查台账 runs ``jifen verify``'s check. Reviewers and admins
only (the model enforces it)."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
from jifen_desktop.model.audit_readable import ReadableAudit, read_rows
from jifen_desktop.model.tx import Change
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.flow_layout import FlowLayout, tool_bar
from jifen_desktop.ui.forms import date_edit, fit_placeholder
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows
from jifen_desktop.ui.verify_dialog import check_ledger, check_township

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
    ("荣誉称号", "honour."),
    ("年度结转", "year_close."),
    ("积分超市", "store."),
    ("农户", "household."),
    ("成员", "member."),
    ("积分细则", "rule"),
    ("操作员", "operator."),
    ("村设置", "village."),
    ("网格", "grid."),
    ("同步", "sync."),
    ("备份", "backup."),
)


def raw_text(row: AuditInfo) -> str:
    """The values as stored, for an admin who wants them (ids and stamps included)."""

    def dump(values: dict[str, object] | None) -> str:
        if not values:
            return "（无）"
        return json.dumps(values, ensure_ascii=False, indent=1, sort_keys=True)

    return (
        f"动作：{row.action}\n对象：{row.object_type} {row.object_id}\n\n"
        f"修改前：\n{dump(row.before)}\n\n修改后：\n{dump(row.after)}"
    )


class AuditPage(Page):
    key = "audit"
    title_text = "审计日志"
    roles = ("admin", "reviewer")
    # Every change writes an audit row: the page shows them all.
    shows = (
        Change.ENTRIES
        | Change.HOUSEHOLDS
        | Change.MEMBERS
        | Change.RULES
        | Change.OPERATORS
        | Change.VILLAGE
        | Change.GRIDS
        | Change.STORE
        | Change.CALENDAR
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[ReadableAudit] = []
        self._build_filters()
        self.count = QLabel()
        self.table = QTableWidget(0, len(self.columns()))
        self.table.setHorizontalHeaderLabels([self.tr(t) for t in self.columns()])
        read_only_rows(self.table, wrap=False)
        fit_to_contents(self.table, len(self.columns()) - 1)
        self.table.itemSelectionChanged.connect(self._show_detail)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self._build_detail())
        splitter.setSizes([420, 220])
        layout = QVBoxLayout(self)
        layout.addLayout(self._bar())
        layout.addWidget(self.count)
        layout.addWidget(splitter, 1)

    def columns(self) -> tuple[str, ...]:
        village = ("村",) if self.ctx.township else ()
        return ("时间", *village, "操作员", "操作", "农户", "内容")

    def _build_filters(self) -> None:
        self.action = QComboBox()
        for label, prefix in ACTIONS:
            self.action.addItem(self.tr(label), prefix)
        self.village = QComboBox()
        self.village.setVisible(self.ctx.township)
        self.operator = QLineEdit()
        self.operator.setPlaceholderText(self.tr("操作员姓名"))
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("内容包含…（户号、姓名、细则）"))
        for line in (self.operator, self.text):
            fit_placeholder(line)
            line.returnPressed.connect(self.refresh)
        self.since, self.until = date_edit(), date_edit()
        self.since.setDate(self.until.date().addMonths(-1))
        self.action.currentIndexChanged.connect(self.refresh)
        self.village.currentIndexChanged.connect(self.refresh)

    def _fill_villages(self) -> None:
        """The township's villages (imported since the page was made included), the choice kept."""
        villages = [(v.name, v.id) for v in self.ctx.ledger.villages.list()]
        count = self.village.count()
        listed = [(self.village.itemText(i), self.village.itemData(i)) for i in range(1, count)]
        if count and listed == villages:
            return
        chosen = self.village.currentData()
        self.village.blockSignals(True)
        self.village.clear()
        self.village.addItem(self.tr("全部村"), "")
        for name, village_id in villages:
            self.village.addItem(name, village_id)
        self.village.setCurrentIndex(max(0, self.village.findData(chosen)))
        self.village.blockSignals(False)

    def _bar(self) -> FlowLayout:
        search = QPushButton(self.tr("查询"))
        search.clicked.connect(self.refresh)
        self.check = QPushButton(self.tr("检查台账…"))
        self.check.setToolTip(
            self.tr("核对数据库文件和哈希链，找出绕过程序被改动、删除或私自添加的记录")
        )
        self.check.clicked.connect(self._check)
        village = (self.village,) if self.ctx.township else ()
        return tool_bar(
            *village,
            self.action,
            self.operator,
            self.text,
            (QLabel(self.tr("从")), self.since),
            (QLabel(self.tr("到")), self.until),
            search,
            16,
            self.check,
        )

    def _check(self) -> None:
        """检查台账: at a township, the whole ledger or one village (the one shown first)."""
        if self.ctx.township:
            check_township(self, self.ctx.ledger, self.village.currentData() or None)
        else:
            check_ledger(self, self.ctx.ledger)

    def _build_detail(self) -> QWidget:
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.raw = QCheckBox(self.tr("显示原始数据"))
        self.raw.setToolTip(self.tr("显示数据库里保存的原样内容（含编号和同步用的时间戳）"))
        self.raw.setVisible(self.ctx.can("admin"))
        self.raw.toggled.connect(self._show_detail)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = tool_bar(QLabel(self.tr("所选记录的详情（修改前 → 修改后）")), 16, self.raw)
        layout.addLayout(heading)
        layout.addWidget(self.detail)
        return box

    def village_filter(self) -> str | None:
        if self.ctx.township:
            return self.village.currentData() or None
        return self.ctx.village_id

    def refresh(self) -> None:
        if self.ctx.township:
            self._fill_villages()
        since = self.since.date().toPython()
        until = self.until.date().toPython()
        assert isinstance(since, dt.date) and isinstance(until, dt.date)
        found = self.ctx.ledger.audit.list(
            self.village_filter(),
            action=self.action.currentData() or None,
            operator=self.operator.text().strip() or None,
            text=self.text.text().strip() or None,
            since=since,
            until=until,
            limit=LIMIT,
        )
        self.rows = read_rows(self.ctx.ledger, found)
        fill_table(self.table, [self._cells(r) for r in self.rows])
        last = self.table.columnCount() - 1
        for i, row in enumerate(self.rows):  # the content cell may be cut: whole in its tip
            item = self.table.item(i, last)
            if item is not None:
                item.setToolTip(row.content)
        more = (
            self.tr("（只列出最新的 {0} 条，请缩小范围）").format(LIMIT)
            if len(self.rows) >= LIMIT
            else ""
        )
        self.count.setText(self.tr("共 {0} 条").format(len(self.rows)) + more)
        self._show_detail()

    def _cells(self, row: ReadableAudit) -> tuple[str, ...]:
        village = (row.village,) if self.ctx.township else ()
        at = row.info.at.strftime("%Y-%m-%d %H:%M")
        return (at, *village, row.info.operator_name, row.action_name, row.household, row.content)

    def _show_detail(self) -> None:
        picked = {i.row() for i in self.table.selectedIndexes()}
        row = self.rows[picked.pop()] if len(picked) == 1 else None
        if row is None:
            self.detail.setPlainText("")
        elif self.raw.isChecked() and self.ctx.can("admin"):
            self.detail.setPlainText(raw_text(row.info))
        else:
            self.detail.setPlainText(row.detail())
