"""导入花名册: the village's own Excel roster brought in without retyping. The sheet is read and
checked off the GUI thread; the dialog shows what the import would do and every problem (row,
column, what is wrong) before anything is written; then the admin imports the whole sheet (only
when nothing blocks it) or only the households without problems. Grids the sheet names that the
village lacks can be made first, after a question."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.roster.report import RosterProblem, RosterReport
from jifen_desktop.model.roster.rows import RosterSheet, default_registered_on, grid_key
from jifen_desktop.model.roster.service import RosterResult
from jifen_desktop.model.tx import Op
from jifen_desktop.ui.type_size import px

from . import messages
from .background import Progress, run_in_background
from .context import AppContext
from .forms import DONE_STYLE, ask_save_path, date_edit, date_of, hint, up_to_today
from .pages.rankings import fill_table
from .tables import fit_to_contents, read_only_rows

PROBLEM_COLUMN = 3


def missing_grids(ctx: AppContext, sheet: RosterSheet) -> list[str]:
    """The grid names of the sheet that the village does not have (as the sheet spells them)."""
    known = {grid_key(g.name) for g in ctx.ledger.villages.grids(ctx.village_id)}
    wanted: dict[str, str] = {}
    for row in sheet.rows:
        if row.grid.strip() and grid_key(row.grid) not in known:
            wanted.setdefault(grid_key(row.grid), row.grid.strip())
    return list(wanted.values())


def summary_text(report: RosterReport) -> str:
    s = report.summary
    text = (
        f"农户：新增 {s.households_new} 户，更新 {s.households_updated} 户，"
        f"不变 {s.households_unchanged} 户；成员：新增 {s.members_new} 人，"
        f"更新 {s.members_updated} 人，不变 {s.members_unchanged} 人。"
    )
    if report.blocking:
        text += (
            f"\n有 {len(report.blocking)} 处问题，涉及 {s.households_skipped} 户："
            "改好表格后重新选择文件，或只导入没有问题的户。"
        )
    return text


def _problem_cells(p: RosterProblem) -> tuple[object, ...]:
    """A problem's row in the table: where, which household, what (a mere note marked 提示)."""
    return (p.row, p.column, p.household, p.message + ("" if p.blocking else "（提示）"))


def _has_changes(report: RosterReport | None) -> bool:
    """Whether importing the sheet would add or change a household or a member."""
    s = report.summary if report else None
    changes = bool(s and (s.households_new or s.households_updated or s.members_new))
    return changes or bool(s and s.members_updated)


class RosterImportDialog(QDialog):
    """Pick the sheet, read the check, import all or the good households."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.sheet: RosterSheet | None = None
        self.report: RosterReport | None = None
        self.imported: RosterResult | None = None
        self.setWindowTitle(self.tr("导入花名册"))
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setPlaceholderText(self.tr("选择本村的花名册（Excel .xlsx 文件）"))
        choose = QPushButton(self.tr("选择文件…"))
        template = QPushButton(self.tr("保存空白模板…"))
        self.template_button = template
        choose.clicked.connect(self.choose_file)
        # Not connect(self.save_template): Qt would hand it clicked's checked=False as target.
        template.clicked.connect(lambda: self.save_template())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problems = read_only_rows(QTableWidget(0, 4))
        self.problems.setHorizontalHeaderLabels([self.tr(t) for t in ("行", "列", "户号", "问题")])
        fit_to_contents(self.problems, PROBLEM_COLUMN)  # the message wraps in the rest
        self.grids_button = QPushButton(self.tr("新建花名册里的网格…"))
        self.all_button = QPushButton(self.tr("全部导入"))
        self.valid_button = QPushButton(self.tr("只导入没有问题的户"))
        close = QPushButton(self.tr("关闭"))
        self.grids_button.clicked.connect(self.make_grids)
        self.all_button.clicked.connect(lambda: self.start_import(skip_invalid=False))
        self.valid_button.clicked.connect(lambda: self.start_import(skip_invalid=True))
        close.clicked.connect(self.accept)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.registered_on = date_edit(default_registered_on(dt.date.today()))
        self.registered_on.setObjectName("registered_on")
        up_to_today(self.registered_on)
        self.registered_on.dateChanged.connect(self._show_day)
        self.day_text = hint("")
        self.day_text.setObjectName("registered_on_text")
        self._layout(choose, template, close)
        self._show_day()
        self._update_buttons()
        screen = self.screen().availableGeometry()  # larger with the type, within the screen
        self.resize(min(px(900), screen.width()), min(px(600), screen.height()))

    def _layout(self, choose: QPushButton, template: QPushButton, close: QPushButton) -> None:
        top = QHBoxLayout()
        top.addWidget(self.path, 1)
        top.addWidget(choose)
        top.addWidget(template)
        buttons = QHBoxLayout()
        buttons.addWidget(self.grids_button)
        buttons.addStretch(1)
        for button in (self.all_button, self.valid_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(
            hint(
                self.tr(
                    "表格要有“户号”“户主”“姓名”“与户主关系”“身份证号”“联系电话”“网格/村民小组”"
                    "等列（标题在前20行内即可）。先检查，不写入；确认后才导入，重复导入不会重复登记。"
                )
            )
        )
        day = QHBoxLayout()
        day.addWidget(QLabel(self.tr("没填“登记日期”的新户，登记日期记为")))
        day.addWidget(self.registered_on)
        day.addStretch(1)
        layout.addLayout(day)
        layout.addWidget(self.day_text)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def registration_day(self) -> dt.date:
        return date_of(self.registered_on)

    def _show_day(self) -> None:
        """Which day new households will be registered on, and what it means."""
        day = self.registration_day()
        new_year = default_registered_on(dt.date.today())
        why = (
            self.tr("本年1月1日：全年算作本村在册农户，基础分和参与率从年初算起。")
            if day == new_year
            else self.tr("基础分和参与率从这一天算起。")
        )
        self.day_text.setText(
            self.tr(
                "新户的登记日期：表里“登记日期”一列填了的按表里的日期，没填的记为 {0}。{1}"
                "年中迁入的户请在表里填迁入的日子；已在台账里的户不改登记日期。"
            ).format(day.isoformat(), why)
        )

    # -- choosing and checking ---------------------------------------------------------------

    def choose_file(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择花名册"), folder, self.tr("Excel 表格 (*.xlsx *.xlsm)")
        )
        if chosen:
            self.load(Path(chosen))

    def load(self, path: Path, said: str = "") -> None:
        """Read and check ``path`` on a worker; the result fills the dialog. ``said`` stays
        in the message line (what was just done)."""
        self.path.setText(str(path))
        self._say(said)
        village_id, roster = self.ctx.village_id, self.ctx.ledger.roster
        day = self.registration_day()

        def work(progress: Progress, cancel: threading.Event) -> tuple[RosterSheet, RosterReport]:
            from jifen_desktop.reports.roster_read import read_roster  # openpyxl, on the worker

            sheet = read_roster(path, progress=progress, cancel=cancel.is_set)
            return sheet, roster.check(village_id, sheet, registered_on=day)

        run_in_background(self, self.tr("正在检查花名册"), work, self._checked, self._failed)

    def _checked(self, checked: tuple[RosterSheet, RosterReport]) -> None:
        self.sheet, self.report = checked
        self.summary.setText(summary_text(self.report))
        self._show_problems(self.report)
        self._update_buttons()

    def _show_problems(self, report: RosterReport) -> None:
        fill_table(self.problems, [_problem_cells(p) for p in report.problems])
        self.problems.resizeRowsToContents()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            self._say(error.message, ok=False)
        elif type(error).__name__ != "Cancelled":
            messages.show_error(self, error)

    def _update_buttons(self) -> None:
        report, sheet = self.report, self.sheet
        changes = _has_changes(report)
        self.all_button.setEnabled(bool(report and report.ok and changes))
        self.valid_button.setEnabled(bool(report and report.blocking and changes))
        self.grids_button.setVisible(bool(sheet and missing_grids(self.ctx, sheet)))

    def _say(self, text: str, ok: bool = True) -> None:
        self.message.setStyleSheet(DONE_STYLE if ok else messages.ERROR_STYLE)
        self.message.setText(text)

    # -- acting ----------------------------------------------------------------------------

    def make_grids(self) -> None:
        """Add the grids the sheet names and the village lacks, then check again."""
        if self.sheet is None:
            return
        names = missing_grids(self.ctx, self.sheet)
        if not names or not self._may_make_grids(names):
            return
        for name in names:
            self.ctx.apply(self.ctx.ledger.villages.add_grid(self.ctx.village_id, name))
        self.load(Path(self.path.text()))

    def _may_make_grids(self, names: list[str]) -> bool:
        question = self.tr("花名册里有本村还没有的网格：{0}。\n\n要新建这些网格吗？")
        return messages.confirm(self, self.tr("新建网格"), question.format("、".join(names)))

    def start_import(self, *, skip_invalid: bool) -> None:
        if self.sheet is None:
            return
        sheet, village_id, roster = self.sheet, self.ctx.village_id, self.ctx.ledger.roster
        day = self.registration_day()
        self.all_button.setEnabled(False)
        self.valid_button.setEnabled(False)

        def work(_progress: Progress, _cancel: threading.Event) -> Op[RosterResult]:
            return roster.apply(village_id, sheet, skip_invalid=skip_invalid, registered_on=day)

        run_in_background(self, self.tr("正在导入花名册"), work, self._imported, self._failed)

    def _imported(self, op: Op[RosterResult]) -> None:
        self.imported = self.ctx.apply(op)
        written = self.imported.households_written
        # Check again: what is left is nothing, or the households that were skipped.
        self.load(Path(self.path.text()), self.tr("已导入 {0} 户。").format(written))

    def save_template(self, target: Path | None = None) -> Path | None:
        """保存空白模板…: the program's template, with this village's grids in its list."""
        if target is None:
            target = ask_save_path(
                self, self.tr("保存花名册模板"), "花名册模板.xlsx", self.tr("Excel 表格 (*.xlsx)")
            )
            if target is None:
                return None
        grids = [g.name for g in self.ctx.ledger.villages.grids(self.ctx.village_id)]
        from jifen_desktop.reports.roster_template import write_roster_template

        try:
            write_roster_template(target, grids)
        except DomainError as error:
            self._say(error.message, ok=False)
            return None
        self._say(self.tr("模板已保存到 {0}").format(target))
        return target
