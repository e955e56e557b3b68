"""纸质检查表: choose a grid, the items (a column each) and the check date; 打印检查表 prints the
sheet (off the GUI thread, then the preview); when it comes back ticked, the same sheet on the
screen takes the ticks with the keyboard (``check_sheet_table``) and 登记 records them as one
batch with their source: 网格员检查, or 抽检 with the inspectors' names.

登记 first checks every tick as the model would record it. When some are refused (a monthly
item already recorded this month…) nothing is written: each refusal is shown on its row, and
the clerk corrects the sheet or presses 只登记可以登记的 to record the rest — one transaction
either way, never half a sheet."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model import check_sheet
from jifen_desktop.model.check_sheet import MOST_ITEMS, CheckSheet, SheetSource
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.entry_queries import EntryInfo
from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.evidence import ALLOWED_SUFFIXES
from jifen_desktop.model.tx import Op
from jifen_desktop.reports.check_sheet import write_check_sheet

from . import messages
from .background import Progress, run_in_background
from .check_sheet_model import FIRST_TICK, Cell, TickModel
from .check_sheet_presets import item_presets
from .check_sheet_table import TickTable
from .completers import ENTER_KEYS
from .context import AppContext
from .form_dialog import screen_room
from .forms import DONE_STYLE, date_edit, date_of, fit_placeholder
from .messages import ERROR_STYLE, error_label
from .pdf_preview import show_report
from .printouts import Shown, chosen_font


class CheckSheetDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self.setWindowTitle(self.tr("纸质检查表"))
        self.table = TickTable()
        self.table.finished.connect(lambda: self.register_button.setFocus())
        self.table.current_changed.connect(self._show_row)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_choice())
        layout.addLayout(self._build_items())
        layout.addWidget(self.items_error)
        layout.addLayout(self._build_source())
        layout.addWidget(self.table, 1)
        self.row_detail = QLabel()
        self.row_detail.setObjectName("row_detail")
        self.row_detail.setWordWrap(True)
        layout.addWidget(self.row_detail)
        layout.addLayout(self._build_footer())
        room = screen_room(self)
        line = self.fontMetrics().height()
        self.resize(min(70 * line, room.width() - 40), min(44 * line, room.height() - 20))
        self._fill_grids()

    # -- building ------------------------------------------------------------------------------

    def _build_choice(self) -> QHBoxLayout:
        self.grid = QComboBox()
        self.grid.setObjectName("grid")
        self.grid.currentIndexChanged.connect(lambda _i: self.load())
        self.date = date_edit()
        self.date.setObjectName("occurred_on")
        self.print_button = QPushButton(self.tr("打印检查表…"))
        self.print_button.setObjectName("print")
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(lambda: self.print_sheet())
        row = QHBoxLayout()
        for text, widget in ((self.tr("网格"), self.grid), (self.tr("检查日期"), self.date)):
            row.addWidget(QLabel(text))
            row.addWidget(widget)
            row.addSpacing(12)
        row.addStretch()
        row.addWidget(self.print_button)
        return row

    def _build_items(self) -> QHBoxLayout:
        self.items = QLineEdit()
        self.items.setObjectName("items")
        self.items.setPlaceholderText(
            self.tr("各栏的细则编号，逗号隔开，如 E08,E05（最多 {0} 栏）").format(MOST_ITEMS)
        )
        fit_placeholder(self.items)
        self.items.editingFinished.connect(self.load)
        self.items.returnPressed.connect(self.table.setFocus)
        self.presets = QComboBox()
        self.presets.setObjectName("presets")
        self.presets.addItem(self.tr("按类别选…"), "")
        for label, codes in item_presets(self.ctx):
            self.presets.addItem(label, ",".join(codes))
        self.presets.activated.connect(self._use_preset)
        self.items_error = error_label("items")
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("细则")))
        row.addWidget(self.items, 1)
        row.addWidget(self.presets)
        return row

    def _build_source(self) -> QHBoxLayout:
        self.by_recorder = QRadioButton(self.tr("网格员检查"))
        self.by_recorder.setChecked(True)
        self.by_inspection = QRadioButton(self.tr("抽检"))
        group = QButtonGroup(self)
        group.addButton(self.by_recorder)
        group.addButton(self.by_inspection)
        self.inspectors = QLineEdit()
        self.inspectors.setObjectName("inspectors")
        self.inspectors.setPlaceholderText(self.tr("抽检人姓名，顿号隔开"))
        fit_placeholder(self.inspectors)
        self.inspectors.setEnabled(False)
        self.by_inspection.toggled.connect(self.inspectors.setEnabled)
        self.scan_button = QPushButton(self.tr("附签字的检查表…"))
        self.scan_button.setObjectName("scan")
        self.scan_button.setAutoDefault(False)
        self.scan_tip = self.tr(
            "签字的检查表拍照或扫描后附上，作为每条记录的证明材料（需要证明的细则必须附）"
        )
        self.scan_button.setToolTip(self.scan_tip)
        self.scan_button.clicked.connect(self.choose_scan)
        self.scan: tuple[Path, ...] = ()
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("来源")))
        row.addWidget(self.by_recorder)
        row.addWidget(self.by_inspection)
        row.addWidget(self.inspectors, 1)
        row.addWidget(self.scan_button)
        return row

    def choose_scan(self) -> None:
        """附签字的检查表…: the photos or scans of the signed sheet (none: 取消 clears them)."""
        patterns = " ".join(f"*{s}" for s in sorted(ALLOWED_SUFFIXES))
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("签字的检查表"), "", self.tr("照片或PDF ({0})").format(patterns)
        )
        self.set_scan(tuple(Path(n) for n in names))

    def set_scan(self, paths: tuple[Path, ...]) -> None:
        self.scan = paths
        text = self.tr("已附 {0} 个文件").format(len(paths)) if paths else ""
        self.scan_button.setText(text or self.tr("附签字的检查表…"))
        self.scan_button.setToolTip("\n".join(str(p) for p in paths) or self.scan_tip)

    def _build_footer(self) -> QHBoxLayout:
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.record_rest_button = QPushButton()
        self.record_rest_button.setObjectName("record_rest")
        self.record_rest_button.clicked.connect(self.record_acceptable)
        self.record_rest_button.hide()
        self.register_button = QPushButton(self.tr("登记"))
        self.register_button.setObjectName("register")
        self.register_button.clicked.connect(self.register)
        close = QPushButton(self.tr("关闭"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.record_rest_button)
        row.addWidget(self.register_button)
        row.addWidget(close)
        return row

    # -- the sheet -------------------------------------------------------------------------------

    def _fill_grids(self) -> None:
        actor = self.ctx.ledger.actor
        for grid in self.ctx.ledger.villages.grids(self.ctx.village_id):
            if actor.role != "recorder" or grid.id in actor.grid_ids:
                self.grid.addItem(
                    self.tr("{0}（{1}户）").format(grid.name, grid.household_count), grid.id
                )

    def _use_preset(self, index: int) -> None:
        codes = self.presets.itemData(index)
        if codes:
            self.items.setText(codes)
            self.load()

    def codes(self) -> list[str]:
        return self.items.text().replace("，", ",").replace(" ", ",").split(",")

    def load(self) -> None:
        """The sheet of the chosen grid and items on the screen (ticks not yet recorded are
        kept only when nothing changed)."""
        current = self.table.tick_model()
        grid_id = self.grid.currentData()
        if not self.items.text().strip() or grid_id is None:
            return
        try:
            sheet = check_sheet.build_sheet(
                self.ctx.ledger, self.ctx.village_id, grid_id, self.codes()
            )
        except DomainError as exc:
            self._items_error(exc.message)
            return
        if current is not None and _same(current.sheet, sheet):
            return
        if current is not None and current.ticks and not self._drop_ticks(len(current.ticks)):
            return
        self._items_error("")
        self.table.show_sheet(TickModel(sheet, self.table))
        self.record_rest_button.hide()
        self.message.setText("")

    def _drop_ticks(self, count: int) -> bool:
        question = self.tr("表上还有 {0} 个勾没有登记，换一张表会清掉这些勾。确定换表吗？")
        return messages.confirm(self, self.tr("换一张检查表"), question.format(count))

    def _items_error(self, text: str) -> None:
        self.items_error.setText(text)
        self.items_error.setVisible(bool(text))

    def _show_row(self, row: int) -> None:
        """Under the table, the whole 登记结果 of the row the cursor is on (red if refused)."""
        model = self.table.tick_model()
        if model is None or row < 0 or not model.result_text(row):
            self.row_detail.setText("")
            return
        refused = any(r == row for r, _item in model.refused)
        self.row_detail.setText(f"{model.sheet.households[row].label}：{model.result_text(row)}")
        self.row_detail.setStyleSheet(ERROR_STYLE if refused else DONE_STYLE)

    # -- printing --------------------------------------------------------------------------------

    def print_sheet(self, on_shown: Shown = None) -> None:
        """打印检查表: the sheet chosen above, made off the GUI thread, then the preview."""
        grid_id, codes, day = self.grid.currentData(), self.codes(), date_of(self.date)
        try:
            sheet = check_sheet.build_sheet(self.ctx.ledger, self.ctx.village_id, grid_id, codes)
        except DomainError as exc:
            self._items_error(exc.message)
            return
        ledger, village_id = self.ctx.ledger, self.ctx.village_id

        def make(path: Path, progress: Progress, cancel: threading.Event) -> object:
            return write_check_sheet(
                ledger, village_id, grid_id, codes, path, day=day, font=chosen_font(),
                progress=progress, cancel=cancel,
            )  # fmt: skip

        name = f"{sheet.title}{day:%Y%m%d}.pdf"
        show_report(self, self.tr("纸质检查表"), name, make, on_shown)

    # -- registering -----------------------------------------------------------------------------

    def _drafts(self) -> tuple[list[Cell], list[EntryDraft]] | None:
        model = self.table.tick_model()
        if model is None:
            self._say(self.tr("请先选网格和细则，显示出检查表。"), ERROR_STYLE)
            return None
        cells = model.ticked()
        sheet = model.sheet
        ticks = [(sheet.households[r].id, sheet.items[i].rule.code) for r, i in cells]
        kind = "inspection" if self.by_inspection.isChecked() else "recorder"
        source = SheetSource(kind, self.inspectors.text(), self.scan)
        try:
            return cells, check_sheet.drafts(sheet, ticks, date_of(self.date), source)
        except DomainError as exc:
            self._say(exc.message, ERROR_STYLE)
            if exc.field == "inspectors":
                self.inspectors.setFocus()
            return None

    def _checked(self) -> tuple[list[Cell], list[EntryDraft], int] | None:
        """The ticks as drafts, each checked (refusals shown on their rows): the ones that can
        be recorded, and how many were refused."""
        made = self._drafts()
        model = self.table.tick_model()
        if made is None or model is None:
            return None
        cells, drafts = made
        try:
            reasons = check_sheet.refusals(self.ctx.ledger, self.ctx.village_id, drafts)
        except DomainError as exc:
            self._say(exc.message, ERROR_STYLE)
            return None
        model.show_refusals(cells, reasons)
        self._show_row(self.table.currentIndex().row())
        keep = [n for n, reason in enumerate(reasons) if not reason]
        return [cells[n] for n in keep], [drafts[n] for n in keep], len(reasons) - len(keep)

    def register(self) -> None:
        """登记: all the ticks, or, when some are refused, nothing yet (the refusals shown)."""
        checked = self._checked()
        if checked is None:
            return
        cells, drafts, refused = checked
        if not refused:
            self._record(cells, drafts)
            return
        self._say(
            self.tr(
                "有 {0} 个勾不能登记（原因见所在行，红色格子），还没有登记任何记录。"
                "请核对纸质表后改正，或按“只登记可以登记的”登记其余 {1} 个。"
            ).format(refused, len(drafts)),
            ERROR_STYLE,
        )
        self.record_rest_button.setText(self.tr("只登记可以登记的（{0} 个）").format(len(drafts)))
        self.record_rest_button.setVisible(bool(drafts))
        model = self.table.tick_model()
        if model is not None and model.refused:
            row, item = min(model.refused)
            self.table.go_to(row, FIRST_TICK + item)
        self.table.setFocus()

    def record_acceptable(self) -> None:
        """只登记可以登记的: the ticks that pass, checked again just before."""
        checked = self._checked()
        if checked is not None and checked[0]:
            self._record(checked[0], checked[1])

    def _record(self, cells: list[Cell], drafts: list[EntryDraft]) -> None:
        ledger, village_id = self.ctx.ledger, self.ctx.village_id

        def work(_progress: Any, _cancel: Any) -> Op[list[EntryInfo]]:
            return check_sheet.record(ledger, village_id, drafts)

        self._set_busy(True)
        self._say(self.tr("正在登记 {0} 条…").format(len(drafts)), "")
        run_in_background(
            self,
            self.tr("登记检查表"),
            work,
            lambda op: self._recorded(cells, op),
            self._failed,
            show_dialog=False,
        )

    def _recorded(self, cells: list[Cell], op: Op[list[EntryInfo]]) -> None:
        self._set_busy(False)
        entries = self.ctx.apply(op)
        model = self.table.tick_model()
        if model is not None:
            model.mark_recorded(cells)
        self.record_rest_button.hide()
        refused = len(model.refused) if model is not None else 0
        left = self.tr("；{0} 个勾没有登记，原因见所在行").format(refused) if refused else ""
        self._say(
            self.tr("已登记 {0} 条（同一批，等待审核）{1}。").format(len(entries), left),
            DONE_STYLE,
        )

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, DomainError):
            self._say(exc.message, ERROR_STYLE)
        else:
            messages.show_error(self, exc)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.register_button.setEnabled(not busy)
        self.record_rest_button.setEnabled(not busy)

    def _say(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter in a field does not press a button (the items field shows its sheet; on 登记
        itself, the button takes it)."""
        if event.key() in ENTER_KEYS and not isinstance(self.focusWidget(), QPushButton):
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if not self.busy:  # a batch being recorded finishes first
            super().reject()


def _same(a: CheckSheet, b: CheckSheet) -> bool:
    return a.grid_id == b.grid_id and [i.rule for i in a.items] == [i.rule for i in b.items]
