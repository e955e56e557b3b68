"""设置 › 积分细则: the village's rule catalog. Categories on the left (add, rename), the items of
the chosen category on the right with search (code, name, pinyin), add / edit / 停用 and 启用,
and 从模板补齐 to copy the township template's items the village lacks; each item shows its 出处
(篇, item and line of seed 001). Under them the ``SeedBar``: the village's switch for recorders'
observations without a photo, 加入常用扣分项 and 与方案原文对照. Editing an item never changes
entries already recorded: they keep the name and points of the day they were recorded."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.rules import (
    APPLIES_NAMES,
    CAP_NAMES,
    CategoryInfo,
    RuleInfo,
    short_source,
)
from jifen_desktop.model.tx import Change, Op
from jifen_desktop.ui.completers import ENTER_KEYS
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.form_dialog import FormDialog
from jifen_desktop.ui.forms import DONE_STYLE, GREY, column, row
from jifen_desktop.ui.messages import applied, confirm
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows

from ..base import Page
from ..rankings import fill_table
from .rule_dialog import CategoryDialog, RuleDialog
from .rule_seed_bar import SeedBar

T = TypeVar("T")
NAME_COLUMN = 1
COLUMNS = ("编号", "名称", "分值", "限次", "适用", "需证据", "按人计", "状态", "出处")
NOTE = (
    "修改细则只影响以后的录入：已经录入的积分记录保留录入当天的名称和分值，不会跟着改。"
    "某条细则不再使用时，请“停用”它（不要改成另一件事），停用后不能再选，已录入的记录不受影响。"
)


class RulesSection(Page):
    key = "rules"
    title_text = "积分细则"
    roles = ("admin",)
    shows = Change.RULES | Change.VILLAGE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.categories: list[CategoryInfo] = []
        self._all_rules: list[RuleInfo] = []  # the items the search and checkbox let through
        self.rules: list[RuleInfo] = []  # the rows of the item table, top to bottom
        self.dialog: FormDialog | None = None  # the open add/edit dialog (window-modal)
        self.note = QLabel(self.tr(NOTE))
        self.note.setWordWrap(True)
        self.note.setStyleSheet("background: #fff8e1; border: 1px solid #ffe082; padding: 6px;")
        self.category_table = read_only_rows(QTableWidget(0, 3), single=True, wrap=False)
        self.category_table.setHorizontalHeaderLabels(
            [self.tr(t) for t in ("代码", "类别", "条数")]
        )
        fit_to_contents(self.category_table, 1)
        self.add_category_button = QPushButton(self.tr("新增类别"))
        self.rename_category_button = QPushButton(self.tr("改名"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("编号、名称或拼音首字母"))
        self.search.setClearButtonEnabled(True)
        self.show_inactive = QCheckBox(self.tr("显示已停用"))
        self.count = QLabel()
        self.table = read_only_rows(QTableWidget(0, len(COLUMNS)), single=True, wrap=False)
        self.table.setHorizontalHeaderLabels([self.tr(t) for t in COLUMNS])
        fit_to_contents(self.table, NAME_COLUMN)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_button = QPushButton(self.tr("新增细则"))
        self.edit_button = QPushButton(self.tr("修改"))
        self.toggle_button = QPushButton(self.tr("停用"))
        self.template_button = QPushButton(self.tr("从模板补齐"))
        self.template_button.setToolTip(
            self.tr("把乡镇模板里本村没有的细则补上；本村已有的细则（改过的也一样）不会改动")
        )
        self.message = QLabel()
        self.message.setStyleSheet(DONE_STYLE)
        self.message.setWordWrap(True)  # never pushes the buttons off a narrow window
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.seed_bar = SeedBar(ctx, self._run, self.message.setText)
        self._build_layout()
        self._connect()
        self._update_actions()

    # -- building ---------------------------------------------------------------------------

    def _build_layout(self) -> None:
        left = column(
            self.category_table, row(self.add_category_button, self.rename_category_button, None)
        )
        right = column(
            row(self.search, self.show_inactive, self.count),
            self.table,
            self.detail,
            row(
                *(self.add_button, self.edit_button, self.toggle_button),
                *(self.message, self.template_button),
            ),
            self.seed_bar,
        )
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(1, 1)
        width = self.fontMetrics().horizontalAdvance("代码社会治安类（全部）条数") + 60
        splitter.setSizes([width, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(splitter, 1)

    def _connect(self) -> None:
        self._connect_lists()
        self._connect_buttons()

    def _connect_lists(self) -> None:
        """The category list, the search and the items' table."""
        self.category_table.itemSelectionChanged.connect(self._fill_rules)
        self.search.textChanged.connect(self._reload_rules)
        self.show_inactive.toggled.connect(self._reload_rules)
        self.table.itemSelectionChanged.connect(self._update_actions)
        self.table.doubleClicked.connect(lambda _index: self.edit_rule())
        self.table.installEventFilter(self)  # Enter on a row edits it

    def _connect_buttons(self) -> None:
        self.add_category_button.clicked.connect(self.add_category)
        self.rename_category_button.clicked.connect(self.rename_category)
        self.add_button.clicked.connect(self.add_rule)
        self.edit_button.clicked.connect(self.edit_rule)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.template_button.clicked.connect(self.copy_template)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            watched is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in ENTER_KEYS
        ):
            self.edit_rule()
            return True
        return super().eventFilter(watched, event)

    # -- showing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the categories (keeping the chosen one) and the items."""
        chosen = self.category_code()
        self.categories = self.ctx.ledger.rules.categories(self.ctx.village_id)
        total = sum(c.item_count for c in self.categories)
        self.category_table.blockSignals(True)
        rows: list[tuple[object, ...]] = [("", self.tr("（全部）"), total)]
        fill_table(
            self.category_table, rows + [(c.code, c.name, c.item_count) for c in self.categories]
        )
        codes = [None] + [c.code for c in self.categories]
        self.category_table.selectRow(codes.index(chosen) if chosen in codes else 0)
        self.category_table.blockSignals(False)
        self.seed_bar.refresh()
        self._reload_rules()

    def category_code(self) -> str | None:
        """The chosen category's code; None for （全部）."""
        rows = self.category_table.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        return self.categories[row - 1].code if 0 < row <= len(self.categories) else None

    def _reload_rules(self) -> None:
        self._all_rules = self.ctx.ledger.rules.list(
            self.ctx.village_id,
            include_inactive=self.show_inactive.isChecked(),
            query=self.search.text().strip(),
        )
        self._fill_rules()

    def _fill_rules(self) -> None:
        current = self.current_rule()
        code = self.category_code()
        self.rules = [r for r in self._all_rules if code is None or r.category_code == code]
        self.table.blockSignals(True)
        fill_table(self.table, [self._row(r) for r in self.rules])
        self._mark_rows()
        self.table.blockSignals(False)
        self.select_rule(current.code if current else None)
        self.count.setText(self.tr("{0} 条").format(len(self.rules)))

    def _mark_rows(self) -> None:
        """Each row's whole name as its tooltip (the table may elide it); a stopped item grey."""
        for i, rule in enumerate(self.rules):
            for j in range(len(COLUMNS)):
                if item := self.table.item(i, j):
                    item.setToolTip(rule.name)
                    if not rule.active:
                        item.setForeground(QColor(GREY))

    def _row(self, r: RuleInfo) -> tuple[object, ...]:
        yes = self.tr("是")
        # Special items: what the program does rather than the catalog's (unused) points.
        special = {
            "base": self.tr("每年加{0}分").format(self.ctx.village.base_points),
            "false_declaration": self.tr("双倍扣分"),
            "veto": self.tr("一票否决"),
        }
        return (
            r.code,
            r.name,
            special.get(r.kind, r.points_text()),
            self.tr(CAP_NAMES.get(r.period_cap, r.period_cap)),
            self.tr(APPLIES_NAMES.get(r.applies_to, r.applies_to)),
            yes if r.evidence_required else "",
            yes if r.counts_people else "",
            self.tr("在用") if r.active else self.tr("已停用"),
            self.tr(short_source(r.source)),
        )

    def select_rule(self, code: str | None) -> None:
        """Select the item with ``code`` if shown, else the first row."""
        codes = [r.code for r in self.rules]
        row = codes.index(code) if code in codes else 0
        if self.rules:
            self.table.selectRow(row)
            self.table.scrollTo(self.table.model().index(row, 0))
        self._update_actions()

    def current_rule(self) -> RuleInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rules[rows[0].row()] if rows and rows[0].row() < len(self.rules) else None

    def _update_actions(self) -> None:
        rule = self.current_rule()
        self.edit_button.setEnabled(rule is not None)
        self.toggle_button.setEnabled(rule is not None)
        self.toggle_button.setText(self.tr("启用") if rule and not rule.active else self.tr("停用"))
        self.rename_category_button.setEnabled(self.category_code() is not None)
        self.detail.setText(self._detail_text(rule))

    def _detail_text(self, rule: RuleInfo | None) -> str:
        """The picked item's code and whole name, with the policy it rests on."""
        if rule is None:
            return ""
        source = self.tr("　依据：{0}").format(rule.source) if rule.source else ""
        return f"{rule.code}　{rule.name}{source}"

    # -- acting -----------------------------------------------------------------------------

    def _open(self, dialog: FormDialog) -> None:
        """Show a form window-modal (the tab stays responsive); bring what it saved into view."""
        self.dialog = dialog
        self.message.clear()
        dialog.accepted.connect(lambda: self._show_saved(dialog.value))
        dialog.finished.connect(self._closed)
        dialog.open()

    def _closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def _show_saved(self, saved: object) -> None:
        """Select a saved category, or a saved item (showing （全部） if it moved category)."""
        if isinstance(saved, CategoryInfo):
            codes = [c.code for c in self.categories]
            self.category_table.selectRow(codes.index(saved.code) + 1)
        elif isinstance(saved, RuleInfo):
            if self.category_code() not in (None, saved.category_code):
                self.category_table.selectRow(0)
            self.select_rule(saved.code)

    def add_rule(self) -> None:
        self._open(RuleDialog(self.ctx, category_code=self.category_code(), parent=self))

    def edit_rule(self) -> None:
        if rule := self.current_rule():
            self._open(RuleDialog(self.ctx, rule, parent=self))

    def add_category(self) -> None:
        self._open(CategoryDialog(self.ctx, parent=self))

    def rename_category(self) -> None:
        code = self.category_code()
        category = next((c for c in self.categories if c.code == code), None)
        if category is not None:
            self._open(CategoryDialog(self.ctx, category, parent=self))

    def toggle_active(self) -> None:
        rule = self.current_rule()
        if rule is None:
            return
        if rule.active and not self._may_stop(rule):
            return
        rules, village_id = self.ctx.ledger.rules, self.ctx.village_id
        if self._run(lambda: rules.update(village_id, rule.code, active=not rule.active)):
            verb = self.tr("已启用") if not rule.active else self.tr("已停用")
            self.message.setText(f"{verb} {rule.code}")

    def _may_stop(self, rule: RuleInfo) -> bool:
        """The admin's yes to 停用, told that recorded entries keep the item."""
        question = self.tr(
            "确定停用细则 {0}“{1}”吗？\n\n停用后录入时不能再选它；"
            "已经录入的记录不受影响。需要时可以再启用。"
        ).format(rule.code, rule.name)
        return confirm(self, self.tr("停用细则"), question)

    def copy_template(self) -> None:
        rules, village_id = self.ctx.ledger.rules, self.ctx.village_id
        added = self._run(lambda: rules.copy_template(village_id))
        if added is not None:
            self.message.setText(self._template_text(added))

    def _template_text(self, added: int) -> str:
        if added:
            return self.tr("已从模板补上 {0} 条细则").format(added)
        return self.tr("本村细则已包含模板中的全部细则，没有需要补的")

    def _run(self, call: Callable[[], Op[T]]) -> T | None:
        """Call a mutating service and broadcast its changes; a refusal is shown, not raised."""
        self.message.clear()
        return applied(self, self.ctx.apply, call)
