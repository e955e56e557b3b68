"""Starting the desktop program: the Qt application (settings, type size), the demo village when
asked for, the login dialog, and the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger

from .context import AppContext
from .login import LoginDialog
from .main_window import MainWindow

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


def make_demo(folder: Path) -> None:
    """Generate the demo village off the GUI thread, with a progress dialog."""
    from jifen_desktop.demo import generate_demo

    from .background import run_in_background

    loop = QEventLoop()
    failure: list[BaseException] = []

    def work(progress, cancel):  # type: ignore[no-untyped-def]
        with Ledger.create(folder) as fresh:
            return generate_demo(fresh, progress=progress)

    def failed(exc: BaseException) -> None:
        failure.append(exc)
        loop.quit()

    run_in_background(
        None,
        QApplication.translate("app", "正在生成演示村"),
        work,
        lambda _summary: loop.quit(),
        failed,
    )
    loop.exec()
    if failure:
        paths.db_path(folder).unlink(missing_ok=True)
        raise failure[0]


def run(folder: Path, *, demo: bool = False) -> int:
    app = make_application()
    settings = QSettings()
    if not paths.db_path(folder).exists():
        if not demo:
            QMessageBox.information(
                None,
                app.translate("app", "积分台账"),
                app.translate(
                    "app",
                    "数据目录 {0} 里还没有台账。请先用“jifen init”建立本村台账，"
                    "或用 --demo 打开演示村。",
                ).format(folder),
            )
            return 1
        make_demo(folder)
    ledger = Ledger.open(folder)
    village = ledger.villages.resolve()
    login = LoginDialog(ledger, village.name, str(settings.value("login/user", "")))
    if not login.exec() or login.actor is None:
        return 0
    settings.setValue("login/user", login.actor.username)
    ctx = AppContext(ledger.as_actor(login.actor), village)
    window = MainWindow(ctx, settings)
    window.show()
    code = app.exec()
    del window
    return code
