"""Starting the desktop program: the Qt application (names, icon and Qt's Chinese from
``identity``; type size), the data folder's claim (a second start on it brings the first
forward instead), the crash log and dialog, the first-run wizard on an empty data folder (or the
demo village when asked for), the day's automatic backup on a worker (``daily_backup``), the
login dialog, and the main window (a township database opens on the township's pages).
``make_demo`` lives in ``wizard.py`` and is re-exported here. The wizard (with the roster dialog
and the restore pages it offers) loads only for a first run: a start on a ledger skips it."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from jifen_desktop import __version__, crash_log
from jifen_desktop.model import instance_lock, paths, pinyin_keys, server_link
from jifen_desktop.model.errors import Cancelled, DomainError
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.tx import Actor
from jifen_desktop.startup import loading

from . import identity, remembered, single_instance, type_size
from .background import freeze_objects
from .context import AppContext, township_place
from .crash_dialog import CrashReporter
from .daily_backup import DailyBackup
from .login import LoginDialog
from .messages import show_error
from .single_instance import SingleInstance

__all__ = ["make_application", "run", "started"]  # and make_demo, through __getattr__


def __getattr__(name: str) -> Any:
    """``make_demo``, re-exported from ``wizard`` when first asked for."""
    if name == "make_demo":
        from .wizard import make_demo

        return make_demo
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    identity.present(app)
    type_size.apply(app, type_size.saved_key())
    return app


def run(folder: Path, *, demo: bool = False) -> int:
    """The desktop program on ``folder``: 0 when closed (or when another start has the folder
    and came forward), 1 after a refusal shown to the user, 70 after a failed start-up."""
    app = make_application()
    found = instance_lock.found_as(folder)
    try:
        instance = single_instance.claim(folder)
    except DomainError as exc:  # a data folder that cannot be written
        show_error(None, exc)
        return 1
    if instance is None:
        return 0
    reporter = CrashReporter(folder).install()
    if paths.db_path(folder).exists():  # (a first start's errors go to the user's log folder)
        crash_log.open_log(folder)
        crash_log.enable_fault_log()
        crash_log.log.info("积分台账 %s 启动，数据目录 %s", __version__, folder)
    try:
        return _open(app, folder, demo, instance)
    except DomainError as exc:  # a damaged or foreign database: the message says what to do
        show_error(None, exc)
        return 1
    except Exception as exc:  # noqa: BLE001 - logged and shown; nothing to keep working in
        reporter.fatal(exc)
        return 70
    finally:
        reporter.uninstall()
        _let_go(instance, found)


def _open(app: QApplication, folder: Path, demo: bool, instance: SingleInstance) -> int:
    """The first-run wizard or the login, then the main window until it is closed."""
    settings = QSettings()
    actor: Actor | None = None
    database = server_link.remembered(folder)  # a township's server (连接乡镇/县服务器)
    if database is None and not paths.db_path(folder).exists():
        try:
            actor = _first_run(folder, demo, settings)
        except Cancelled:
            return 0
        database = server_link.remembered(folder)
        if actor is None and database is None and not paths.db_path(folder).exists():
            return 0  # the wizard was cancelled before anything was made
    ledger = Ledger.open(folder, database)  # (an upgrade backs up first; a damaged file stops)
    backup = DailyBackup(folder)  # on a worker: the windows open meanwhile; a server's: pg_dump
    if database is None:
        backup.start()
    try:
        return _log_in_and_work(app, ledger, actor, settings, instance, backup)
    finally:
        backup.finish()  # waits for it, or its 取消 leaves nothing behind


def _log_in_and_work(
    app: QApplication,
    ledger: Ledger,
    actor: Actor | None,
    settings: QSettings,
    instance: SingleInstance,
    backup: DailyBackup,
) -> int:
    """The login (unless the wizard's admin goes straight in), then the main window, its
    status bar following the day's backup, until it is closed."""
    folder = ledger.folder
    village = township_place(ledger) if ledger.mode == "township" else ledger.villages.resolve()
    if actor is None:
        last_user = str(settings.value(remembered.login_key(folder), ""))
        login = LoginDialog(ledger, village.name, last_user)
        if not login.exec() or login.actor is None:
            return 0
        actor = login.actor
    settings.setValue(remembered.login_key(folder), actor.username)
    ctx = AppContext(ledger.as_actor(actor), village)
    with loading():  # the window's code loads after the login dialog is up, not before it
        from .main_window import MainWindow

    window = MainWindow(ctx, settings)
    backup.attach(window)
    from .chain_watch import ChainWatch  # small; the day's check runs later, on a worker

    watch = ChainWatch(ledger).start(window, backup)
    instance.window = window
    window.show()
    started()
    code = app.exec()
    watch.finish()  # a check still reading is waited for (it reads little)
    instance.window = None
    del window
    return code


def _let_go(instance: SingleInstance, found: instance_lock.FoundAs) -> None:
    """Release the folder; a first start that made no ledger leaves it as it was ``found``."""
    instance.stop_listening()
    instance_lock.leave(instance.lock, found)


def started() -> None:
    """Once the main window is up: what start-up made is frozen out of garbage collections
    (each full one would otherwise walk it all, on the GUI thread or holding the GIL in a
    worker), and pypinyin is loaded on a thread of its own, so that the first pinyin search
    does not wait for it."""
    freeze_objects()
    if "pypinyin" not in sys.modules:
        threading.Thread(target=pinyin_keys.warm_up, name="pinyin-warm-up", daemon=True).start()


def _first_run(folder: Path, demo: bool, settings: QSettings) -> Actor | None:
    """An empty data folder: the demo for ``--demo``, else the set-up wizard. A new village's
    admin goes straight in (they typed the password twice a moment ago); after the demo the
    login dialog asks, so that any of the demo's operators can be tried."""
    from .wizard import SetupWizard, make_demo

    if demo:
        make_demo(folder)
        return None
    wizard = SetupWizard(folder)
    if not wizard.exec():
        return None
    settings.setValue(remembered.login_key(folder), wizard.username)
    return wizard.actor
