"""The 查分 window: full screen, frameless, above the program and modal to it, in 特大 type at
least. A villager types the household number and the last four of an ID number and sees that
household's points (``ResultScreen``); a minute without a key or a click empties the screen
for the next villager. Nothing else is reachable: no menu, no export, and Esc, Alt+F4 or the
window's close ask for the operator's password (``LeaveScreen``) before the mode ends."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.points_lookup import LookupThrottle, PointsLookup
from jifen_desktop.reports.common import mask_name

from ..context import AppContext
from .big_type import big_tree
from .result import ResultScreen
from .screens import EntryScreen, LeaveScreen

IDLE_MS = 60_000
ACTIVITY = (
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
)
# One count of wrong tries per data folder for as long as the program runs: closing and
# reopening the mode does not clear it.
_throttles: dict[Path, LookupThrottle] = {}


def throttle_for(ctx: AppContext) -> LookupThrottle:
    return _throttles.setdefault(Path(ctx.ledger.folder), LookupThrottle())


class ChafenWindow(QWidget):
    """``left`` says the operator typed their password and the mode has ended."""

    left = Signal()

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        idle_ms: int = IDLE_MS,
        throttle: LookupThrottle | None = None,
    ) -> None:
        flags = Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint
        super().__init__(parent, flags | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("chafen")
        self.setWindowTitle(self.tr("积分查询"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.ctx = ctx
        self.lookup = PointsLookup(ctx.ledger, throttle or throttle_for(ctx))
        name = mask_name if ctx.village.mask_names else str.strip
        self.entry = EntryScreen(ctx.village.name)
        self.result = ResultScreen(name)
        self.leave = LeaveScreen(ctx.actor.display_name)
        self.stack = QStackedWidget()
        for screen in (self.entry, self.result, self.leave):
            self.stack.addWidget(screen)
        QVBoxLayout(self).addWidget(self.stack)
        big_tree(self)
        self.idle = QTimer(self)
        self.idle.setObjectName("idle")
        self.idle.setSingleShot(True)
        self.idle.setInterval(idle_ms)
        self.idle.timeout.connect(self.start_over)
        self._may_close = False
        self.entry.asked.connect(self.ask)
        self.result.back.connect(self.start_over)
        self.leave.entered.connect(self.try_leave)
        self.leave.back.connect(self.start_over)
        self._app().installEventFilter(self)
        self.start_over()

    # -- the villager --------------------------------------------------------------------------

    def ask(self, number: str, last_four: str) -> None:
        if not number.strip():
            self.entry.refuse(self.tr("请先输入户号。"))
            self.entry.number.setFocus()
            return
        try:
            view = self.lookup.lookup(self.ctx.village_id, number, last_four)
        except DomainError as exc:
            self.entry.refuse(str(exc))
            return
        self.result.show_view(view)
        self.stack.setCurrentWidget(self.result)
        self.result.back_button.setFocus()
        self.idle.start()

    def start_over(self) -> None:
        """The empty entry screen, for the next villager (also after a minute idle)."""
        self.entry.clear()
        self.leave.clear()
        self.stack.setCurrentWidget(self.entry)
        self.entry.number.setFocus()
        self.idle.start()

    # -- the operator --------------------------------------------------------------------------

    def ask_to_leave(self) -> None:
        self.leave.clear()
        self.stack.setCurrentWidget(self.leave)
        self.leave.password.setFocus()
        self.idle.start()

    def try_leave(self, password: str) -> None:
        """End the mode on the logged-in operator's password (wrong ones are throttled as at
        the login)."""
        try:
            self.ctx.ledger.operators.authenticate(self.ctx.actor.username, password)
        except DomainError as exc:
            self.leave.refuse(str(exc))
            return
        self._may_close = True
        self.close()
        self.left.emit()

    # -- Qt ------------------------------------------------------------------------------------

    @staticmethod
    def _app() -> QCoreApplication:
        app = QApplication.instance()
        assert app is not None
        return app

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Any key or click restarts the idle minute; Esc anywhere in the mode asks to leave."""
        if event.type() in ACTIVITY and self.isVisible():
            self.idle.start()
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
            and isinstance(watched, QWidget)
            and (watched is self or self.isAncestorOf(watched))
        ):
            self.ask_to_leave()
            return True
        return False

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self._may_close:
            event.ignore()
            self.ask_to_leave()
            return
        self.idle.stop()
        self._app().removeEventFilter(self)
        super().closeEvent(event)
