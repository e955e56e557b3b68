"""One desktop program per data folder.

The first start takes the folder's lock (``model/instance_lock.py``) and listens on a local
socket named from the user and the folder. A second start on the same folder does not open the
ledger: it asks the first to come forward (the first raises and activates its window, or the
dialog it shows: the login, the wizard) and leaves quietly. When the first does not answer (it
is busy, hung, or not a window at all: a ``jifen restore``), a message box says the folder is
already open, by whom, and what to do. Different folders run side by side.
"""

from __future__ import annotations

import ctypes
import getpass
import hashlib
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from jifen_desktop.model import instance_lock
from jifen_desktop.model.instance_lock import InstanceLock, LockHolder

ACTIVATE = b"activate\n"
ANSWER = b"ok\n"
ANSWER_TIMEOUT_MS = 3000

log = logging.getLogger("jifen.single_instance")


def tr(text: str) -> str:
    return QCoreApplication.translate("single_instance", text)


def server_name(folder: Path) -> str:
    """The local socket's name: the same for every start of this user on this folder."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name known to the system
        user = str(os.getuid()) if hasattr(os, "getuid") else ""
    key = f"{user}\n{os.path.normcase(folder.resolve())}"
    return "jifen-desktop-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


class SingleInstance(QObject):
    """The first start on a folder: holds its lock and brings ``window`` (or the dialog in
    front) forward when a second start asks."""

    activation_requested = Signal()

    def __init__(self, lock: InstanceLock) -> None:
        super().__init__()
        self.lock = lock
        self.window: QWidget | None = None
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._listen(server_name(lock.folder))
        self.server.newConnection.connect(self._accept)

    def _listen(self, name: str) -> None:
        # A socket file left by an instance that was killed: we hold the lock, so it is no one's.
        QLocalServer.removeServer(name)
        if not self.server.listen(name):
            log.warning("不能监听本地通道 %s：%s", name, self.server.errorString())

    def _accept(self) -> None:
        while (connection := self.server.nextPendingConnection()) is not None:
            connection.readyRead.connect(lambda c=connection: self._read(c))
            connection.disconnected.connect(connection.deleteLater)
            if connection.bytesAvailable():
                self._read(connection)

    def _read(self, connection: QLocalSocket) -> None:
        if not connection.canReadLine():
            return
        if bytes(connection.readLine().data()) == ACTIVATE:
            self.bring_forward()
            connection.write(ANSWER)
            connection.flush()
        connection.disconnectFromServer()

    def bring_forward(self) -> None:
        """Show the window the user works in: a dialog in front (login, wizard, a question)
        before the main window; un-minimised, raised and activated."""
        target = QApplication.activeModalWidget() or self.window or _first_visible_window()
        if target is not None:
            _to_front(target)
        self.activation_requested.emit()

    def stop_listening(self) -> None:
        self.server.close()

    def release(self) -> None:
        """Stop listening and let the folder go (``instance_lock.leave`` also tidies a folder
        in which nothing was made)."""
        self.stop_listening()
        self.lock.release()


def _to_front(window: QWidget) -> None:
    """``window`` un-minimised, shown, raised and activated."""
    window.setWindowState(
        (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
    )
    window.show()
    window.raise_()
    window.activateWindow()


def claim(folder: Path, parent: QWidget | None = None) -> SingleInstance | None:
    """This start's claim on ``folder``: a ``SingleInstance`` when it is the first; None when
    another program has the folder (brought forward, or the user told so)."""
    lock = instance_lock.try_acquire(folder)
    if lock is not None:
        return SingleInstance(lock)
    if not ask_to_come_forward(folder):
        show_already_open(parent, folder, instance_lock.read_holder(folder))
    return None


def ask_to_come_forward(folder: Path, timeout_ms: int = ANSWER_TIMEOUT_MS) -> bool:
    """Ask the program that holds ``folder`` to bring its window forward; True once it did."""
    _allow_foreground()
    connection = QLocalSocket()
    connection.connectToServer(server_name(folder))
    if not connection.waitForConnected(timeout_ms):
        return False
    connection.write(ACTIVATE)
    connection.flush()
    answered = connection.waitForReadyRead(timeout_ms) and connection.canReadLine()
    ok = answered and bytes(connection.readLine().data()) == ANSWER
    connection.abort()
    return ok


def _allow_foreground() -> None:
    """Windows lets a program in the background take the foreground only when the one in
    front (this start, just launched by the user) allows it."""
    if sys.platform == "win32":
        ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY


def show_already_open(parent: QWidget | None, folder: Path, holder: LockHolder | None) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, tr("积分台账已经打开"), "", parent=parent)
    box.setObjectName("already_open")
    box.setText(already_open_text(folder, holder))
    box.setDefaultButton(box.addButton(tr("知道了"), QMessageBox.ButtonRole.AcceptRole))
    box.exec()


def already_open_text(folder: Path, holder: LockHolder | None) -> str:
    who = holder.describe() if holder is not None else tr("另一个积分台账程序")
    return tr(
        "积分台账已经打开了这个数据目录，不能再打开一次，以免两处同时改写同一份台账。\n\n"
        "数据目录：{0}\n正在使用它的是：{1}\n\n"
        "请在屏幕下方的任务栏里找到已经打开的积分台账窗口，接着在那里工作。"
        "如果它正在做一件较长的事（导入、恢复备份），请等它做完。\n"
        "如果找不到它，或者它一直没有反应，请重新启动电脑，再打开积分台账。"
    ).format(folder, who)


def _first_visible_window() -> QWidget | None:
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and widget.isWindow():
            return widget
    return None
