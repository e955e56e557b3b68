"""Starting the desktop program: the Qt application (settings, type size), the first-run wizard
on an empty data folder (or the demo village when asked for), the login dialog, and the main
window (a township database opens on the township's pages). ``make_demo`` lives in
``wizard.py`` and is re-exported here."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from jifen_desktop.model import paths, pinyin_keys
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.tx import Actor

from .background import Cancelled, freeze_objects
from .context import AppContext, township_place
from .login import LoginDialog
from .main_window import MainWindow
from .wizard import SetupWizard, make_demo

__all__ = ["apply_font_scale", "make_application", "make_demo", "run", "started"]

BASE_POINT_SIZE = 11
FONT_SCALES = {"normal": 1.0, "large": 1.25, "larger": 1.5}


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("jifen")
    app.setApplicationName("jifen-desktop")
    apply_font_scale(app, str(QSettings().value("ui/font_scale", "normal")))
    return app


def apply_font_scale(app: QApplication, scale: str) -> None:
    """The larger-type setting for older eyes: every widget follows the application font."""
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * FONT_SCALES.get(scale, 1.0))
    app.setFont(font)


def run(folder: Path, *, demo: bool = False) -> int:
    app = make_application()
    settings = QSettings()
    actor: Actor | None = None
    if not paths.db_path(folder).exists():
        try:
            actor = _first_run(folder, demo, settings)
        except Cancelled:
            return 0
        if actor is None and not paths.db_path(folder).exists():
            return 0  # the wizard was cancelled before anything was made
    ledger = Ledger.open(folder)
    village = township_place(ledger) if ledger.mode == "township" else ledger.villages.resolve()
    if actor is None:
        login = LoginDialog(ledger, village.name, str(settings.value("login/user", "")))
        if not login.exec() or login.actor is None:
            return 0
        actor = login.actor
    settings.setValue("login/user", actor.username)
    ctx = AppContext(ledger.as_actor(actor), village)
    window = MainWindow(ctx, settings)
    window.show()
    started()
    code = app.exec()
    del window
    return code


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
    if demo:
        make_demo(folder)
        return None
    wizard = SetupWizard(folder)
    if not wizard.exec():
        return None
    settings.setValue("login/user", wizard.username)
    return wizard.actor
