"""The whole-year scenario's hands on the program: the real start-up (``ui.app.run``) once per
login, with the first-run wizard or the login dialog played through their widgets and the
main window handed to a step instead of the event loop; modal dialogs and message boxes
answered from a timer the moment they come up; the clock moved with ``time_machine``.

Nothing here calls a model service to change the ledger: ``Ledger.open`` is only used by the
scenario to read back (``verify``, balances) between the clerk's sessions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import time_machine
from keyboard import replace_text
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from jifen_desktop.ui import app as app_module
from jifen_desktop.ui.login import LoginDialog
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.base import Page

W = TypeVar("W", bound=QWidget)
ENTER = Qt.Key.Key_Return


def click(qtbot, widget: QWidget) -> None:
    """A left click in the middle of a button (on the box of a check or radio button)."""
    assert widget.isEnabled(), f"“{getattr(widget, 'text', lambda: '')()}” is not enabled"
    pos = None if not isinstance(widget, QAbstractButton) else _click_point(widget)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def _click_point(button: QAbstractButton) -> QPoint:
    if button.metaObject().className() in ("QCheckBox", "QRadioButton"):
        return QPoint(8, button.height() // 2)
    return button.rect().center()


def button(root: QWidget, text: str) -> QAbstractButton:
    """The one visible button under ``root`` whose text starts with ``text`` (& ignored)."""
    found = [
        b
        for b in root.findChildren(QAbstractButton)
        if b.text().replace("&", "").startswith(text) and b.isVisibleTo(root)
    ]
    assert len(found) == 1, f"{len(found)} buttons “{text}” in {type(root).__name__}"
    return found[0]


def pick(qtbot, edit: QWidget, text: str) -> None:
    """Type into a (type-ahead) field over what is there and press Enter, as the clerk does."""
    edit.setFocus()
    if isinstance(edit, QLineEdit):
        replace_text(qtbot, edit, text)
    else:
        qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, ENTER)


# -- modal dialogs ----------------------------------------------------------------------------


def _close(widget: QWidget) -> None:
    if isinstance(widget, QDialog):
        widget.reject()
    else:
        widget.close()


def modal(trigger: Callable[[], object], act: Callable[[QWidget], object]) -> QWidget:
    """Run ``trigger`` (which opens a modal dialog and waits in its ``exec``) and ``act`` on the
    dialog once it is up (a progress dialog on the way is passed over). ``act`` must close it
    (a click on 保存, 确定…); a dialog left open, or a failure in ``act``, closes it and fails
    here instead of hanging the test."""
    before = QApplication.activeModalWidget()
    state: dict[str, Any] = {"seen": None, "error": None, "over": False}

    def poll() -> None:
        if state["over"]:
            return
        widget = QApplication.activeModalWidget()
        if widget is None or widget is before or isinstance(widget, QProgressDialog):
            QTimer.singleShot(10, poll)
            return
        state["seen"] = widget
        CLAIMED.add(id(widget))
        try:
            act(widget)
            assert not widget.isVisible(), f"{type(widget).__name__} left open"
        except BaseException as exc:  # noqa: BLE001 - raised again once the dialog is shut
            state["error"] = exc
            _close(widget)
        finally:
            CLAIMED.discard(id(widget))

    QTimer.singleShot(0, poll)
    trigger()
    state["over"] = True
    if state["error"] is not None:
        raise state["error"]
    assert state["seen"] is not None, "no dialog came up"
    return state["seen"]


CLAIMED: set[int] = set()  # the message boxes a step is answering


class Watchdog:
    """A message box nobody answers (a refusal the scenario did not expect), or a dialog left
    waiting, is read, closed and kept in ``unexpected``, so that the test fails on it rather
    than waiting for ever."""

    def __init__(self) -> None:
        self.unexpected: list[str] = []
        self._seen: dict[int, int] = {}
        self.timer = QTimer()
        self.timer.setInterval(500)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or id(widget) in CLAIMED or isinstance(widget, QProgressDialog):
            self._seen.clear()
            return
        ticks = self._seen[id(widget)] = self._seen.get(id(widget), 0) + 1
        # A message box up for 3 s with nobody answering; any other dialog after 2 minutes
        # (a step waits in it for work on a worker, never that long).
        if ticks >= (6 if isinstance(widget, QMessageBox) else 240):
            text = widget.text() if isinstance(widget, QMessageBox) else type(widget).__name__
            self.unexpected.append(f"{widget.windowTitle()}: {text}")
            _close(widget)

    def stop(self) -> None:
        self.timer.stop()


def box_text(box: QWidget) -> str:
    assert isinstance(box, QMessageBox), f"{type(box).__name__} instead of a message box"
    return box.text()


def answer(trigger: Callable[[], object], reply: str = "确定") -> str:
    """Run ``trigger``, which asks a question (or shows a message) in a message box; click the
    button ``reply`` and hand back what the box said."""
    said: list[str] = []

    def act(box: QWidget) -> None:
        said.append(box_text(box))
        choice = next(b for b in box.findChildren(QAbstractButton) if b.text() == reply)
        choice.click()

    modal(trigger, act)
    return said[0]


def choose_path(trigger: Callable[[], object], path: Path) -> None:
    """Run ``trigger``, which opens Qt's file dialog; type ``path`` into its name box, Enter."""

    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog), type(dialog).__name__
        dialog.setDirectory(str(path.parent))
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        name.setText(str(path))
        dialog.accept()

    modal(trigger, act)


def opened(kind: type[W]) -> W:
    """The dialog of ``kind`` that a click has just opened (``open()``: it does not block)."""
    widget = QApplication.activeModalWidget()
    assert isinstance(widget, kind), f"{type(widget).__name__} instead of {kind.__name__}"
    return widget


# -- the clock --------------------------------------------------------------------------------


@contextmanager
def on(day: dt.date, hour: int = 9) -> Iterator[None]:
    """The computer's clock on ``day`` (ticking on from ``hour`` o'clock)."""
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, hour), tick=True):
        yield


# -- the program ------------------------------------------------------------------------------


class Program:
    """The desktop program on one data folder, started once per session as the clerk does.
    A session's ``body(window)`` runs where the event loop would; the window is closed after."""

    def __init__(self, qtbot, monkeypatch, folder: Path) -> None:
        self.qtbot = qtbot
        self.folder = folder
        self._body: Callable[[MainWindow], None] | None = None
        self._error: BaseException | None = None
        self.watchdog = Watchdog()
        monkeypatch.setattr(QApplication, "exec", staticmethod(self._loop))

    def _loop(self) -> int:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        window = next(w for w in windows if w.isVisible())
        try:
            assert self._body is not None
            self.qtbot.waitExposed(window)
            self.qtbot.waitUntil(lambda: activated(window), timeout=20_000)
            self._body(window)
        except BaseException as exc:  # noqa: BLE001 - raised again once the program is closed
            self._error = exc
        finally:
            for dialog in window.findChildren(QDialog):
                if dialog.isVisible():
                    dialog.reject()
            window.close()
            window.ctx.ledger.close()
            window.deleteLater()
        return 0

    def _start(self, greet: Callable[[QWidget], None], body: Callable[[MainWindow], None]) -> None:
        self._body, self._error = body, None
        code: list[int] = []
        modal(lambda: code.append(app_module.run(self.folder)), greet)
        if self._error is not None:
            raise self._error
        assert code == [0], f"the program ended with {code}"
        assert not self.watchdog.unexpected, self.watchdog.unexpected

    def first_run(
        self, wizard: Callable[[QWidget], None], body: Callable[[MainWindow], None]
    ) -> None:
        """The first start on the empty folder: ``wizard(dialog)`` plays the set-up wizard."""
        assert not self.folder.exists() or not any(self.folder.iterdir())
        self._start(wizard, body)

    def session(self, username: str, password: str, body: Callable[[MainWindow], None]) -> None:
        """Start the program, log in as ``username`` and do ``body`` in the main window."""

        def login(dialog: QWidget) -> None:
            assert isinstance(dialog, LoginDialog), type(dialog).__name__
            replace_text(self.qtbot, dialog.user, username)
            self.qtbot.keyClick(dialog.user, ENTER)  # to 密码, as a clerk would
            replace_text(self.qtbot, dialog.password, password)
            self.qtbot.keyClick(dialog.password, ENTER)
            assert dialog.message.text() == "", dialog.message.text()
            assert dialog.actor is not None and dialog.actor.username == username

        self._start(login, body)


def activated(window: QWidget) -> bool:
    """Ask for ``window`` to be the active one (again, until it is); whether it is."""
    if not window.isActiveWindow():
        window.raise_()
        window.activateWindow()
    return window.isActiveWindow()


def go(window: MainWindow, title: str) -> Page:
    """Click the page ``title`` in the left bar; the page shown."""
    nav = window.nav
    row = next(i for i in range(nav.count()) if nav.item(i).text() == title)
    where = nav.visualItemRect(nav.item(row)).center()
    QTest.mouseClick(
        nav.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where
    )
    page = window.current_page()
    assert page is not None and page.title() == title, title
    return page
