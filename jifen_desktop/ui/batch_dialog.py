"""批量登记: one activity the village organised, registered for every household that took part and
approved at once. Households are ticked by grid, by search (type a name, Enter ticks it, type
the next one, as from a sign-in sheet) or one by one in a list that stays smooth for thousands
of households (a model under a QListView, not a widget per household)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.entry_queries import EntryInfo
from jifen_desktop.model.errors import DomainError, ValidationError
from jifen_desktop.model.households import HouseholdInfo
from jifen_desktop.model.rules import RuleInfo
from jifen_desktop.model.tx import Op
from jifen_desktop.ui import messages
from jifen_desktop.ui.background import run_in_background
from jifen_desktop.ui.completers import ENTER_KEYS, RulePicker, household_text
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.enter_chain import EnterChain
from jifen_desktop.ui.entry_fields import points_value
from jifen_desktop.ui.forms import DONE_STYLE, date_edit, fit_placeholder, hint, up_to_today
from jifen_desktop.ui.forms import date_of as day_of
from jifen_desktop.ui.messages import ERROR_STYLE, error_label

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
# An evidence-required rule in a batch: the activity's sign-in list is its evidence
# (rule_evidence.evidence_waived), said as the entry page says what a rule asks for.
EVIDENCE_NOTE = (
    "这一项需要证明材料：组织活动以签到表为证明，批量登记不用逐户附照片，"
    "登记的每户都直接通过；请把签到表留存备查。"
)


class HouseholdChecklist(QAbstractListModel):
    """Households with a tick each; ``ticked_changed`` carries how many are ticked. Ticks given
    one by one (a click, a search) are remembered apart, so a grid choice never takes them."""

    ticked_changed = Signal(int)

    def __init__(self, households: list[HouseholdInfo], parent: Any = None) -> None:
        super().__init__(parent)
        self.households = households
        self._ticked: set[str] = set()
        self.by_hand: set[str] = set()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self.households)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        household = self.households[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return household_text(household)
        if role == Qt.ItemDataRole.CheckStateRole:
            ticked = household.id in self._ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == ID_ROLE:
            return household.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        on = Qt.CheckState(value) == Qt.CheckState.Checked
        self.tick([self.households[index.row()].id], on, by_hand=True)
        return True

    def tick(self, ids: Iterable[str], on: bool = True, *, by_hand: bool = False) -> None:
        if on:
            self._ticked.update(ids)
            if by_hand:
                self.by_hand.update(ids)
        else:
            self._ticked.difference_update(ids)
            self.by_hand.difference_update(ids)
        if self.households:
            last = self.index(len(self.households) - 1)
            self.dataChanged.emit(self.index(0), last, [Qt.ItemDataRole.CheckStateRole])
        self.ticked_changed.emit(len(self._ticked))

    def ticked_ids(self) -> list[str]:
        """The ticked households in list order (household number)."""
        return [h.id for h in self.households if h.id in self._ticked]

    def clear_ticks(self) -> None:
        self.tick(list(self._ticked), False)

    def ids_in_grid(self, grid_id: str) -> list[str]:
        return [h.id for h in self.households if h.grid_id == grid_id]


class SearchFilter(QSortFilterProxyModel):
    """Shows only the households a search found (all of them when there is no search)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.found: set[str] | None = None

    def set_found(self, found: set[str] | None) -> None:
        if not hasattr(self, "endFilterChange"):  # Qt before 6.10 (6.9 has only the begin half)
            self.found = found
            self.invalidateRowsFilter()
            return
        self.beginFilterChange()
        self.found = found
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802 - Qt override
        if self.found is None:
            return True
        index = self.sourceModel().index(row, 0, parent)
        return self.sourceModel().data(index, ID_ROLE) in self.found


class SearchEdit(QLineEdit):
    """The search box: Down/Up move the highlight in the list, Enter ticks the highlighted one."""

    step = Signal(int)
    enter = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.step.emit(1 if event.key() == Qt.Key.Key_Down else -1)
        elif event.key() in ENTER_KEYS:
            self.enter.emit()
        else:
            super().keyPressEvent(event)


class BatchDialog(QDialog):
    """Pick the rule, date, place and note, tick the households, 登记."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self.kind = "household"
        self.setWindowTitle(self.tr("批量登记组织活动"))
        self.checklist = HouseholdChecklist([], self)
        self.proxy = SearchFilter(self)
        self.proxy.setSourceModel(self.checklist)
        self.errors: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_activity())
        layout.addWidget(self._build_households(), 1)
        layout.addWidget(self._build_footer())
        self.checklist.ticked_changed.connect(self._show_count)
        # Enter on to the next field as on 积分录入; on the grid box (or Ctrl+Enter) 登记.
        fields = [self.rule, self.points, self.date, self.place, self.note, self.grid]
        self.enter_chain = EnterChain(self, fields, self.register)
        self._load_households("household")
        self._fit_to_screen()
        self.rule.setFocus()

    # -- building ------------------------------------------------------------------------------

    def _fit_to_screen(self) -> None:
        """Roomy in the larger type setting, yet never taller than a 768-line screen allows."""
        line = self.fontMetrics().height()
        screen = self.screen().availableGeometry()
        self.resize(min(50 * line, screen.width() - 40), min(40 * line, screen.height() - 60))

    def _error_label(self, name: str) -> QLabel:
        self.errors[name] = error_label(name)
        return self.errors[name]

    def _build_activity(self) -> QGroupBox:
        box = QGroupBox(self.tr("活动"))
        self.date = date_edit()
        self.rule = RulePicker(self.ctx)
        self.rule.setObjectName("rule")
        self.rule.picked.connect(self._on_rule)
        self.rule.cleared.connect(lambda: self._on_rule(None))
        self.rule.confirmed.connect(lambda: self.enter_chain.advance(self.rule))
        self.points: QLineEdit = QLineEdit()
        self.points.setObjectName("points")
        self.points.setMaximumWidth(110)
        self.points_hint = QLabel()
        self.evidence_hint = hint("")
        self.evidence_hint.setObjectName("evidence_hint")
        self.evidence_hint.hide()
        up_to_today(self.date)
        self.place: QLineEdit = QLineEdit()
        self.place.setObjectName("place")
        self.place.setPlaceholderText(self.tr("如 村委会、文化广场"))
        self.note: QLineEdit = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("活动名称或内容，如 春季植树"))
        points_row = QHBoxLayout()
        for widget in (self.points, self.points_hint):
            points_row.addWidget(widget)
        points_row.addStretch()
        date_row = QHBoxLayout()
        date_row.addWidget(self.date)
        date_row.addStretch()
        form = QFormLayout(box)
        form.addRow(self.tr("细则"), self.rule)
        form.addRow("", self._error_label("rule"))
        form.addRow(self.tr("分值"), points_row)
        form.addRow("", self._error_label("points"))
        form.addRow("", self.evidence_hint)
        form.addRow(self.tr("日期"), date_row)
        form.addRow("", self._error_label("occurred_on"))
        form.addRow(self.tr("地点"), self.place)
        form.addRow(self.tr("说明"), self.note)
        self._on_rule(None)
        return box

    def _build_households(self) -> QGroupBox:
        box = QGroupBox(self.tr("参加的户"))
        top = self._households_filter()
        self.list = QListView()
        self.list.setObjectName("households")
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)
        self.list.setStyleSheet("QListView::item { padding: 2px 4px; }")
        self.list.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.count = QLabel()
        self.count.setObjectName("count")
        self.count.setStyleSheet("font-weight: bold;")
        untick = QPushButton(self.tr("全部取消勾选"))
        untick.setAutoDefault(False)
        untick.clicked.connect(self.clear_ticks)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(untick)
        layout = QVBoxLayout(box)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addLayout(bottom)
        return box

    def _households_filter(self) -> QHBoxLayout:
        """按网格勾选 and 查找 (with 勾选找到的户), above the list of households."""
        self.grid = QComboBox()
        self.grid.setObjectName("grid")
        self.grid.setMinimumWidth(160)
        self.grid.setToolTip(
            self.tr("勾选所选网格的户；换一个网格，勾选随之更换（逐户勾选的保留）")
        )
        self.grid.currentIndexChanged.connect(self._tick_grid)
        self._grid_ticks: set[str] = set()
        self._build_search()
        self.tick_found_button = QPushButton(self.tr("勾选找到的户"))
        self.tick_found_button.clicked.connect(self.tick_found)
        self.tick_found_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("按网格勾选")))
        top.addWidget(self.grid)
        top.addSpacing(16)
        top.addWidget(QLabel(self.tr("查找")))
        top.addWidget(self.search, 1)
        top.addWidget(self.tick_found_button)
        return top

    def _build_search(self) -> None:
        """查找: a household number, name or pinyin initials, searched as typed (after a short
        pause); the arrows move the highlight and Enter ticks it."""
        self.search = SearchEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("户号、姓名或拼音首字母，回车勾选"))
        self.search.setClearButtonEnabled(True)
        fit_placeholder(self.search)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.run_search)
        self.search.textEdited.connect(lambda _t: self._search_timer.start())
        self.search.step.connect(self._move_highlight)
        self.search.enter.connect(self.tick_highlighted)

    def _build_footer(self) -> QWidget:
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.register_button = QPushButton(self.tr("登记"))
        self.register_button.setObjectName("register")
        self.register_button.setAutoDefault(False)
        self.register_button.clicked.connect(self.register)
        close = QPushButton(self.tr("关闭"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        footer = QWidget()
        row = QHBoxLayout(footer)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.message, 1)
        row.addWidget(self.register_button)
        row.addWidget(close)
        return footer

    # -- households ------------------------------------------------------------------------------

    def _load_households(self, kind: str) -> None:
        """The active accounts of the kind the rule is for (a recorder's grids only)."""
        households = self.ctx.ledger.households.list(
            self.ctx.village_id, status="active", kind=kind
        )
        self.checklist.beginResetModel()
        self.checklist.households = households
        self.checklist.endResetModel()
        self.checklist.clear_ticks()
        self.kind = kind
        per_grid: dict[str, int] = {}
        for h in households:
            if h.grid_id:
                per_grid[h.grid_id] = per_grid.get(h.grid_id, 0) + 1
        self.grid.clear()
        self.grid.addItem(self.tr("选择网格…"), None)
        for g in self.ctx.ledger.villages.grids(self.ctx.village_id):
            if g.id in per_grid:
                self.grid.addItem(self.tr("{0}（{1}户）").format(g.name, per_grid[g.id]), g.id)

    def _tick_grid(self, row: int) -> None:
        """The grid shown is the grid ticked: arrowing through the box swaps one grid's ticks
        for the next one's instead of piling them up (households ticked by hand stay)."""
        grid_id = self.grid.itemData(row) if row >= 0 else None
        self.checklist.tick(self._grid_ticks - self.checklist.by_hand, False)
        self._grid_ticks = set(self.checklist.ids_in_grid(grid_id)) if grid_id else set()
        self.checklist.tick(self._grid_ticks)

    def clear_ticks(self) -> None:
        """全部取消勾选 (and after registering): no household ticked, no grid chosen."""
        self.grid.setCurrentIndex(0)
        self.checklist.clear_ticks()

    def run_search(self) -> None:
        self._search_timer.stop()
        text = self.search.text().strip()
        if not text:
            self.proxy.set_found(None)
        else:
            try:
                matches = self.ctx.ledger.households.search(
                    self.ctx.village_id, text, limit=100_000
                )
            except DomainError as exc:
                self._set_error("", exc.message)
                matches = []
            self.proxy.set_found({h.id for h in matches})
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        found = self.proxy.rowCount() if text else 0
        self.tick_found_button.setEnabled(found > 0)
        self.tick_found_button.setText(
            self.tr("勾选找到的 {0} 户").format(found) if found else self.tr("勾选找到的户")
        )

    def _search_now(self) -> None:
        """Run a search still waiting for the typing to pause."""
        if self._search_timer.isActive():
            self.run_search()

    def _move_highlight(self, step: int) -> None:
        self._search_now()
        rows = self.proxy.rowCount()
        if rows:
            row = min(max(self.list.currentIndex().row() + step, 0), rows - 1)
            self.list.setCurrentIndex(self.proxy.index(row, 0))

    def tick_highlighted(self) -> None:
        """Enter in the search box: tick the highlighted household, ready for the next name."""
        self._search_now()
        if not self.search.text().strip():
            return
        index = self._highlighted()
        if index.isValid():
            self._tick_and_clear(index)

    def _highlighted(self) -> QModelIndex:
        """The highlighted household, or else the first one found."""
        index = self.list.currentIndex()
        if not index.isValid() and self.proxy.rowCount():
            return self.proxy.index(0, 0)
        return index

    def _tick_and_clear(self, index: QModelIndex) -> None:
        self.checklist.tick([self.proxy.data(index, ID_ROLE)], by_hand=True)
        self.search.clear()
        self.run_search()

    def tick_found(self) -> None:
        ids = [
            self.proxy.data(self.proxy.index(r, 0), ID_ROLE) for r in range(self.proxy.rowCount())
        ]
        self.checklist.tick(ids, by_hand=True)

    def _show_count(self, count: int) -> None:
        self.count.setText(self.tr("已勾选 {0} 户").format(count))
        self.register_button.setEnabled(count > 0 and not self.busy)

    # -- the rule --------------------------------------------------------------------------------

    def _on_rule(self, rule: RuleInfo | None) -> None:
        self._set_error("rule", "")
        self.points.clear()
        self.points.setEnabled(rule is not None and not rule.fixed)
        self.evidence_hint.setText(self.evidence_note(rule))
        self.evidence_hint.setVisible(bool(self.evidence_hint.text()))
        if rule is None:
            self.points_hint.setText(self.tr("先选细则"))
            return
        self._show_points(rule)
        if rule.applies_to != self.kind:
            self._load_households(rule.applies_to)

    def _show_points(self, rule: RuleInfo) -> None:
        """The rule's fixed points filled in, or its range shown to choose within."""
        if rule.fixed:
            self.points.setText(str(rule.sign * rule.points_min))
        else:
            self.points.setPlaceholderText(f"{rule.points_min}-{rule.points_max}")
        self.points_hint.setText(rule.points_text() + self.tr("，登记后直接通过"))

    def evidence_note(self, rule: RuleInfo | None) -> str:
        """What an evidence-required rule asks of a batch: nothing per household, the
        sign-in list being the activity's evidence; "" for a rule that asks for none."""
        return self.tr(EVIDENCE_NOTE) if rule is not None and rule.evidence_required else ""

    # -- registering -----------------------------------------------------------------------------

    def register(self) -> None:
        self._clear_errors()
        rule, ids = self.rule.current, self.checklist.ticked_ids()
        try:
            if rule is None:
                raise ValidationError(
                    self.tr("请先选细则（输入编号如 C06，再按回车）。"), field="rule"
                )
            if not ids:
                raise ValidationError(self.tr("请至少勾选一户。"))
            points = points_value(self.points.text(), rule)
        except DomainError as exc:
            self._show_error(exc)
            return
        day = day_of(self.date)
        if not messages.confirm(self, self.tr("批量登记"), self._question(rule, len(ids), day)):
            return
        place, note, village_id = self.place.text(), self.note.text(), self.ctx.village_id
        code, entries = rule.code, self.ctx.ledger.entries

        def work(_progress: Any, _cancel: Any) -> Op[list[EntryInfo]]:
            return entries.register_activity(
                village_id,
                code,
                day,
                ids,
                place=place,
                note=note,
                points=points,
            )

        self._set_busy(True)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("正在登记 {0} 户…").format(len(ids)))
        run_in_background(
            self, self.tr("批量登记"), work, self._done, self._failed, show_dialog=False
        )

    def _question(self, rule: RuleInfo, households: int, day: dt.date) -> str:
        """The confirmation asked before registering, after the rule's evidence note."""
        question = self.tr(
            "为 {0} 户登记“{1} {2}”（{3}），登记后直接通过，计入积分。\n确定登记吗？"
        ).format(households, rule.code, rule.name, day)
        note = self.evidence_note(rule)
        return note + "\n\n" + question if note else question

    def _done(self, op: Op[list[EntryInfo]]) -> None:
        self._set_busy(False)
        entries = self.ctx.apply(op)
        self.clear_ticks()
        self.message.setStyleSheet(DONE_STYLE)
        self.message.setText(self._registered_text(entries))

    def _registered_text(self, entries: list[EntryInfo]) -> str:
        first = entries[0] if entries else None
        return self.tr("已登记 {0} 户：{1} {2} 每户{3:+d}分（{4}），已直接通过。").format(
            len(entries),
            first.rule_code if first else "",
            first.rule_name if first else "",
            first.points if first else 0,
            first.occurred_on.isoformat() if first else "",
        )

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, DomainError):
            self._show_error(exc)
        else:
            messages.show_error(self, exc)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.register_button.setEnabled(not busy and bool(self.checklist.ticked_ids()))
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def _show_error(self, exc: DomainError) -> None:
        self._set_error(exc.field or "", exc.message)

    def _set_error(self, field: str, text: str) -> None:
        label = self.errors.get(field)
        if label is None:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(text)
            return
        label.setText(text)
        label.setVisible(bool(text))

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()
        self.message.setText("")

    def reject(self) -> None:
        if not self.busy:  # the registration finishes first; it cannot be half-written anyway
            super().reject()
