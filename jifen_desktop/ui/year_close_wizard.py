"""年度结转 (设置 › 村信息与积分政策, admins): a wizard over the year-end close, page by page —
未了结事项 (with a button to where each is dealt with), 评先评优, 年底清零, 新年度基础分, 年度档案和
备份, one summary with its confirmation, the progress while it runs on a worker, the result.

What each page shows is read from the ledger (``model.year_close``), so the wizard may be
closed at any page, or the laptop switched off while it runs: opened again, it shows what is
done and goes on with the rest. The run itself is ``reports.year_close_run`` (as the CLI's).

Driving it (tests, the whole-year scenario): the pages are ``year_close_page_open``, ``_honours``,
``_expiry``, ``_base``, ``_files``, ``_summary``, ``_progress``, ``_result`` in a stack; the
buttons ``year_close_next`` (下一步 / 开始结转 / 完成), ``year_close_back``, ``year_close_cancel``;
``open_continue`` must be ticked to pass open items; ``confirm_check`` on the summary enables
开始结转; ``archive_dir`` / ``backup_dir`` take the folders (``archive_do`` / ``backup_do`` tick
them off); the result is in ``result_text``.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model import errors
from jifen_desktop.model.periods import FIRST_YEAR
from jifen_desktop.model.tx import Change, Op
from jifen_desktop.model.year_close import YearCloseService, YearCloseStatus
from jifen_desktop.reports.year_close_run import StepOutcome, YearClosePlan, run_year_close

from . import messages
from .background import BackgroundTask
from .context import AppContext
from .type_size import px
from .year_close_base_page import BasePage
from .year_close_finish import FilesPage, ProgressPage, ResultPage, SummaryPage
from .year_close_pages import ExpiryPage, HonoursPage, OpenItemsPage
from .year_close_summary import summary_lines

OPEN, HONOURS, EXPIRY, BASE, FILES, SUMMARY, PROGRESS, RESULT = range(8)
STEP_NAMES = ("未了结事项", "评先评优", "年底清零", "新年度基础分", "年度档案和备份", "确认")
CHANGES = Change.ENTRIES | Change.CALENDAR | Change.STORE


def default_year(today: dt.date | None = None) -> int:
    """The year to close: last year until June, then this year (closed in December)."""
    today = today or dt.date.today()
    return today.year - 1 if today.month <= 6 else today.year


class _Relay(QObject):
    """Carries the worker's progress to the GUI thread (a queued signal)."""

    moved = Signal(float, str)


class YearCloseWizard(QDialog):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, year: int | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.status: YearCloseStatus | None = None
        self.task: BackgroundTask | None = None
        self.setObjectName("year_close_wizard")
        self.setWindowTitle(self.tr("年度结转"))
        self.year = QSpinBox()
        self.year.setObjectName("year_close_year")
        self.year.setRange(FIRST_YEAR, dt.date.today().year)
        self.year.setValue(year or default_year())
        self.year.setSuffix(self.tr(" 年"))
        self.year.valueChanged.connect(self.reload)
        self.step = QLabel()
        self.step.setObjectName("year_close_step")
        self.message = messages.error_label("year_close")
        self.message.setWordWrap(True)
        self._make_pages()
        self._make_buttons()
        self._lay_out()
        self.relay = _Relay(self)
        self.relay.moved.connect(self.progress_page.show_progress)
        screen = self.screen().availableGeometry()  # larger with the type, within the screen
        self.resize(min(px(980), screen.width()), min(px(660), screen.height()))
        self.reload()
        self.show_page(OPEN)

    def _make_pages(self) -> None:
        self.open_page = OpenItemsPage(self.go_to_place)
        self.honours_page = HonoursPage(self.reload)
        self.expiry_page = ExpiryPage()
        self.base_page = BasePage(self.save_rules)
        self.files_page = FilesPage()
        self.summary_page = SummaryPage()
        self.progress_page = ProgressPage()
        self.result_page = ResultPage()
        self.summary_page.confirm.toggled.connect(lambda _on: self._update_buttons())
        self.stack = QStackedWidget()
        for page in self.pages:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(page)
            self.stack.addWidget(scroll)

    @property
    def pages(self) -> tuple[QWidget, ...]:
        return (
            self.open_page,
            self.honours_page,
            self.expiry_page,
            self.base_page,
            self.files_page,
            self.summary_page,
            self.progress_page,
            self.result_page,
        )

    def _make_buttons(self) -> None:
        self.back_button = self._button(self.tr("上一步"), "year_close_back", self.go_back)
        self.next_button = self._button(self.tr("下一步"), "year_close_next", self.go_next)
        self.next_button.setDefault(True)
        self.cancel_button = self._button(self.tr("关闭"), "year_close_cancel", self.close_or_pause)

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._year_row())
        layout.addWidget(self.stack, 1)
        layout.addLayout(self._button_row())

    def _year_row(self) -> QHBoxLayout:
        """结转年度 and the step the wizard is at."""
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("结转年度")))
        top.addWidget(self.year)
        top.addWidget(self.step, 1)
        return top

    def _button_row(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.back_button, self.next_button, self.cancel_button):
            buttons.addWidget(button)
        return buttons

    # -- reading the ledger ------------------------------------------------------------------

    def reload(self) -> None:
        """Read where the chosen year stands and show it on every page."""
        status = self._read()
        if status is not None:
            self._show_status(status)

    def _show_status(self, status: YearCloseStatus) -> None:
        for page in (self.open_page, self.honours_page, self.expiry_page, self.base_page):
            page.show_status(status)
        self.files_page.show_done(
            status.detail("archive") if status.archive else "",
            status.detail("backup") if status.backup else "",
        )

    def _read(self) -> YearCloseStatus | None:
        self._clear_message()
        service = YearCloseService(self.ctx.ledger)
        try:
            self.status = service.status(self.ctx.village_id, self.year.value(), self._choice())
        except errors.DomainError as error:
            self._say(error.message)
            return None
        return self.status

    def _choice(self) -> Any:
        page = getattr(self, "honours_page", None)
        return page.choice() if page is not None else None

    def save_rules(self, codes: list[str]) -> bool:
        try:
            self.ctx.apply(
                YearCloseService(self.ctx.ledger).set_withhold_rules(self.ctx.village_id, codes)
            )
        except errors.DomainError as error:
            self._say(error.message)
            return False
        status = self._read()  # the other pages keep the admin's choices
        if status is not None:
            self.base_page.show_status(status)
        return True

    def go_to_place(self, page: str) -> None:
        """Close the wizard and show the page where an open item is dealt with."""
        self.reject()
        self.ctx.open_page(page)

    # -- moving between pages ------------------------------------------------------------------

    def current(self) -> int:
        return self.stack.currentIndex()

    def show_page(self, index: int) -> None:
        self._clear_message()
        self.stack.setCurrentIndex(index)
        self.step.setText(self._step_text(index))
        if index == SUMMARY:
            self.summary_page.show_lines(self.summary_lines())
        self._update_buttons()

    def _step_text(self, index: int) -> str:
        """第 n 步，共 6 步 and its name; the progress and the result are no numbered step."""
        if index < len(STEP_NAMES):
            return self.tr(f"第 {index + 1} 步，共 {len(STEP_NAMES)} 步：{STEP_NAMES[index]}")
        return self.tr("正在结转") if index == PROGRESS else self.tr("结果")

    def _update_buttons(self) -> None:
        index = self.current()
        running = index == PROGRESS
        self.year.setEnabled(index == OPEN)
        self.back_button.setVisible(0 < index <= SUMMARY)
        self.next_button.setVisible(not running)
        texts = {SUMMARY: "开始结转", RESULT: "完成"}
        self.next_button.setText(self.tr(texts.get(index, "下一步")))
        self.next_button.setEnabled(index != SUMMARY or self.summary_page.confirm.isChecked())
        self.cancel_button.setText(self.tr("暂停") if running else self.tr("关闭"))
        self.cancel_button.setVisible(index != RESULT)

    def go_back(self) -> None:
        if 0 < self.current() <= SUMMARY:
            self.show_page(self.current() - 1)

    def go_next(self) -> None:
        index = self.current()
        if index == RESULT:
            self.accept()
            return
        problem = self._problem(index)
        if problem:
            self._say(problem)
            return
        if index == SUMMARY:
            self.start()
        else:
            self.show_page(index + 1)

    def _problem(self, index: int) -> str:
        if self.status is None:
            return self.tr("读不到本年度的情况，请关闭后再试。")
        if index == OPEN:
            return self.open_page.may_go_on(self.status)
        if index == HONOURS:
            return self.honours_page.may_go_on(self.status)
        if index == FILES:
            return self.files_page.may_go_on()
        return ""

    def _clear_message(self) -> None:
        self.message.clear()
        self.message.hide()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    # -- the plan and its summary ---------------------------------------------------------------

    def plan(self) -> YearClosePlan:
        skip = self.honours_page.skip.isChecked()
        return YearClosePlan(
            year=self.year.value(),
            meeting_on=self.honours_page.meeting_on,
            honour=None if skip else self.honours_page.choice(),
            honour_households=None if skip else self.honours_page.chosen(),
            expire=self.expiry_page.do.isChecked(),
            give_base=self.base_page.give.isChecked(),
            withhold=self.base_page.withhold(),
            archive_dir=self.files_page.archive.folder,
            backup_dir=self.files_page.backup.folder,
        )

    def summary_lines(self) -> list[str]:
        assert self.status is not None
        return summary_lines(self.status, self.plan())

    # -- running -----------------------------------------------------------------------------

    def start(self) -> None:
        plan = self.plan()
        ledger, village_id, relay = self.ctx.ledger, self.ctx.village_id, self.relay

        def work(progress: Any, cancel: threading.Event) -> list[StepOutcome]:
            def both(fraction: float, message: str) -> None:
                relay.moved.emit(fraction, message)
                progress(fraction, message)

            return run_year_close(ledger, village_id, plan, progress=both, cancel=cancel)

        self.show_page(PROGRESS)
        self.task = BackgroundTask(self, self.tr("年度结转"), work, show_dialog=False)
        self.task.done.connect(self._finished)
        self.task.failed.connect(self._failed)
        self.task.start()

    def close_or_pause(self) -> None:
        if self.task is not None:
            self.task.cancel()
        else:
            self.reject()

    def _finished(self, outcomes: list[StepOutcome]) -> None:
        self.task = None
        self.ctx.apply(Op(None, CHANGES))
        self.result_page.show_outcomes(self.year.value(), outcomes)
        self.reload()
        self.show_page(RESULT)

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self.ctx.apply(Op(None, CHANGES))
        self.result_page.show_stopped(self._stop_text(error))
        self.reload()
        self.show_page(RESULT)

    def _stop_text(self, error: BaseException) -> str:
        """Why the run stopped, in words for the result page."""
        if isinstance(error, errors.Cancelled):
            return self.tr("已暂停。")
        if isinstance(error, errors.DomainError):
            return error.message
        return self.tr(f"出错了：{error}。详细情况已写入日志。")

    def reject(self) -> None:
        if self.task is not None:  # running: 暂停 first, the result page then closes
            self.task.cancel()
            return
        super().reject()
