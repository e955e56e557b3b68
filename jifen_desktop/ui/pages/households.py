"""农户: the village's households and units in a table with type-ahead search (number, name,
pinyin) and grid / status filters; the selected household's ``HouseholdDetail`` beside it;
the admin's actions (add, edit, move out, members) through the household dialogs; and the
household table as a spreadsheet (导出农户表)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model import authz
from jifen_desktop.model.tx import Change
from jifen_desktop.ui import printouts
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.flow_layout import tool_bar
from jifen_desktop.ui.forms import fit_placeholder
from jifen_desktop.ui.household_change_dialogs import ChangeDialog, change_dialog, change_menu
from jifen_desktop.ui.household_detail import HouseholdDetail
from jifen_desktop.ui.household_dialogs import HouseholdDialog, MemberDialog, StatusDialog
from jifen_desktop.ui.household_model import HouseholdRow, HouseholdTableModel
from jifen_desktop.ui.roster_dialog import RosterImportDialog
from jifen_desktop.ui.tables import read_only_rows, size_from_samples

from .base import Page

SEARCH_DELAY_MS = 150
# (title, widest value) per column; the phone, the least needed, takes the spare width and
# gives way first, so 户号, 户主 (as long as the longest name), 类型 and 状态 are never cut
COLUMN_SAMPLES = tuple(
    zip(
        HouseholdTableModel.HEADERS,
        ("000000", None, "单位", "网格名", "已迁出", "", "年度积分", "累计积分"),
        strict=True,
    )
)
PHONE = 5


class HouseholdsPage(Page):
    key = "households"
    title_text = "农户"
    shows = (
        Change.HOUSEHOLDS
        | Change.MEMBERS
        | Change.ENTRIES
        | Change.GRIDS
        | Change.STORE
        | Change.CALENDAR
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._current_id: str | None = None
        self._detail_stale = True  # the detail panel reloads only for another household or data
        self._selecting = False
        self._sized = False  # the splitter is sized on the first show
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("户号、姓名或拼音首字母"))
        self.search.setToolTip(
            self.tr("输入户号、户主或成员姓名、拼音首字母（如 wjg）或全拼（如 wangjianguo）")
        )
        self.search.setClearButtonEnabled(True)
        fit_placeholder(self.search)
        self.grid = QComboBox()
        self.status = QComboBox()
        for label, key in (("在册", "active"), ("迁出", "moved_out"), ("注销", "dissolved")):
            self.status.addItem(self.tr(label), key)
        self.status.addItem(self.tr("全部"), None)
        self.count = QLabel()
        self.add_button = QPushButton(self.tr("新增农户"))
        self.add_unit_button = QPushButton(self.tr("新增单位"))
        self.roster_button = QPushButton(self.tr("导入花名册…"))
        self.export_button = QPushButton(self.tr("导出农户表(Excel)…"))
        self.export_button.setToolTip(
            self.tr("本村每一户的户号、户主、网格、状态和积分（电话只显示前3位和后4位）")
        )
        self.model = HouseholdTableModel(self)
        self.table = QTableView()
        self.detail = HouseholdDetail(ctx)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._build_table()
        self._build_layout()
        self._connect()
        self._fill_grids()
        self._update_actions()

    # -- building ---------------------------------------------------------------------------

    def _build_table(self) -> None:
        table = read_only_rows(self.table, single=True, wrap=False)
        table.setModel(self.model)
        header = table.horizontalHeader()
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        size_from_samples(table, COLUMN_SAMPLES)

    def _table_width(self) -> int:
        """What the table needs to show every column (the phone column eleven digits wide)."""
        header = self.table.horizontalHeader()
        columns = sum(header.sectionSize(c) for c in range(self.model.COLUMN_COUNT) if c != PHONE)
        phone = self.fontMetrics().horizontalAdvance("139****1234") + self.fontMetrics().height()
        scroll = self.table.verticalScrollBar().sizeHint().width()
        return columns + phone + scroll + 2 * self.table.frameWidth()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            self._share_width()

    def _share_width(self) -> None:
        """The table gets what its columns need, the detail panel the rest (at least its
        minimum); the user may drag the handle."""
        total = self.splitter.width()
        wanted = max(self._table_width(), int(total * 0.55))
        table = min(wanted, total - self.detail.minimumSizeHint().width())
        self.splitter.setSizes([table, total - table])

    def _build_layout(self) -> None:
        bar = tool_bar(
            self.search,
            8,
            (QLabel(self.tr("网格")), self.grid),
            8,
            (QLabel(self.tr("状态")), self.status),
            8,
            self.count,
            16,
            self.export_button,
            self.add_button,
            self.add_unit_button,
            self.roster_button,
        )
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

    def _connect(self) -> None:
        self._connect_filters()
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _index: self._edit())
        self.add_button.clicked.connect(lambda: self._add("household"))
        self.add_unit_button.clicked.connect(lambda: self._add("unit"))
        self.roster_button.clicked.connect(self.import_roster)
        self.export_button.clicked.connect(lambda: self.export_households())
        self._connect_detail()

    def _connect_filters(self) -> None:
        """The search (after a pause in typing, or at once on Enter), the grid and the status."""
        self.search.textChanged.connect(self._search_timer.start)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.returnPressed.connect(self._search_entered)
        self.grid.currentIndexChanged.connect(self.apply_filters)
        self.status.currentIndexChanged.connect(self.apply_filters)

    def _connect_detail(self) -> None:
        """The detail panel's buttons, 分户/合户 with its menu."""
        self.detail.edit_button.clicked.connect(self._edit)
        self.detail.status_button.clicked.connect(self._change_status)
        self.detail.member_button.clicked.connect(self._add_member)
        change_menu(self.detail.change_button, self._open_change, self)

    def _fill_grids(self) -> None:
        actor = self.ctx.actor
        current = self.grid.currentData()
        self.grid.blockSignals(True)
        self.grid.clear()
        self.grid.addItem(self.tr("全部网格"), None)
        for g in self.ctx.ledger.villages.grids(self.ctx.village_id):
            if authz.can_see_grid(actor, g.id):
                self.grid.addItem(g.name, g.id)
        self.grid.setCurrentIndex(max(0, self.grid.findData(current)))
        self.grid.blockSignals(False)

    # -- showing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload every household and the village's balances (one call each), then filter."""
        ledger, village_id = self.ctx.ledger, self.ctx.village_id
        self._fill_grids()
        households = ledger.households.list(village_id)
        balances = ledger.balances.many(village_id)
        self.model.set_rows([HouseholdRow.of(h, balances.get(h.id)) for h in households])
        self._detail_stale = True
        self.apply_filters()

    def apply_filters(self) -> None:
        self._search_timer.stop()
        ids = self._matching_ids(self.search.text().strip())
        self.model.set_filter(
            grid_id=self.grid.currentData(), status=self.status.currentData(), ids=ids
        )
        self._show_count()
        self._reselect()

    def _matching_ids(self, query: str) -> set[str] | None:
        """The households the search finds; None without a search (no filter)."""
        if not query:
            return None
        return self.ctx.ledger.households.matching_ids(self.ctx.village_id, query)

    def _show_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        self.count.setText(self.tr("显示 {0} 户，共 {1} 户").format(shown, total))

    def _reselect(self) -> None:
        """Select the remembered household again (else the first row) and show it once."""
        row = self.model.row_of(self._current_id)
        if row < 0 and self.model.rowCount():
            row = 0
        index = self.model.index(row, 0) if row >= 0 else QModelIndex()
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self._selecting = True
        try:
            self.table.selectionModel().setCurrentIndex(index, flags)
        finally:
            self._selecting = False
        if index.isValid():
            self.table.scrollTo(index)
        self._show_current(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._selecting:
            self._show_current(current)

    def _show_current(self, current: QModelIndex) -> None:
        household_id = self.model.row_at(current.row()).id if current.isValid() else None
        if household_id is not None:
            self._current_id = household_id
        shown = self.detail.household
        if not self._detail_stale and household_id == (shown.id if shown else None):
            return  # a search that keeps the same household selected: nothing to reload
        self._detail_stale = False
        self.detail.show_household(household_id)
        self._update_actions()

    def _search_entered(self) -> None:
        self.apply_filters()
        self.table.setFocus()

    def _update_actions(self) -> None:
        admin = self.ctx.can(*authz.ADMIN_ROLES)
        hint = "" if admin else self.tr("需要管理员权限")
        for button in (self.add_button, self.add_unit_button, self.roster_button):
            button.setEnabled(admin)
            button.setToolTip(hint)
        self.detail.update_actions(admin, hint)

    # -- actions ----------------------------------------------------------------------------

    def make_add_dialog(self, kind: str = "household") -> HouseholdDialog:
        return HouseholdDialog(self.ctx, kind, parent=self)

    def make_edit_dialog(self) -> HouseholdDialog | None:
        h = self.detail.household
        return HouseholdDialog(self.ctx, household=h, parent=self) if h else None

    def make_status_dialog(self) -> StatusDialog | None:
        h = self.detail.household
        return StatusDialog(self.ctx, h, parent=self) if h else None

    def make_member_dialog(self) -> MemberDialog | None:
        h = self.detail.household
        return MemberDialog(self.ctx, h, parent=self) if h and h.kind == "household" else None

    def make_change_dialog(self, kind: str) -> ChangeDialog | None:
        """分户… / 合户… / 注销户… (``kind``: split, merge, close) for the household shown."""
        return change_dialog(self.ctx, kind, self.detail.household, self)

    def _open_change(self, kind: str) -> None:
        if self.ctx.can(*authz.ADMIN_ROLES) and (dialog := self.make_change_dialog(kind)):
            dialog.exec()

    def _add(self, kind: str) -> None:
        dialog = self.make_add_dialog(kind)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.value is not None:
            self.show_household(dialog.value.id)

    def show_household(self, household_id: str) -> None:
        """Select a household, clearing the search and filters if they hide it."""
        self._current_id = household_id
        if self.model.row_of(household_id) < 0:
            self._clear_filters()
            self.apply_filters()  # selects it
        else:
            self._reselect()

    def _clear_filters(self) -> None:
        """No search, every grid, every status (quietly: the caller filters once after)."""
        for widget in (self.search, self.grid, self.status):
            widget.blockSignals(True)
        self.search.clear()
        self.grid.setCurrentIndex(0)
        self.status.setCurrentIndex(self.status.count() - 1)
        for widget in (self.search, self.grid, self.status):
            widget.blockSignals(False)

    def import_roster(self) -> RosterImportDialog | None:
        """导入花名册…: the village's Excel roster, checked before anything is written."""
        if not self.ctx.can(*authz.ADMIN_ROLES):
            return None
        dialog = RosterImportDialog(self.ctx, self)
        dialog.open()
        return dialog

    def export_households(self, target: Path | None = None, **kw: object) -> None:
        """导出农户表(Excel)…: every household of the village with this year's points."""
        printouts.households_sheet(self, self.ctx, target=target, **kw)

    def _edit(self) -> None:
        if self.ctx.can(*authz.ADMIN_ROLES) and (dialog := self.make_edit_dialog()):
            dialog.exec()

    def _change_status(self) -> None:
        if dialog := self.make_status_dialog():
            dialog.exec()

    def _add_member(self) -> None:
        if dialog := self.make_member_dialog():
            dialog.exec()
