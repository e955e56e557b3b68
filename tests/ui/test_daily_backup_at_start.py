"""The first start of a day backs the ledger up before the login: a start the clerk cancels at
the login still leaves today's automatic backup, and a second start the same day makes none."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from jifen_desktop.model import backups, paths
from jifen_desktop.ui import app as app_module
from jifen_desktop.ui.login import LoginDialog


def _cancel_login() -> None:
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, LoginDialog):
        dialog.reject()
    else:
        QTimer.singleShot(50, _cancel_login)


def test_the_first_start_of_a_day_backs_up_once(template_folder, tmp_path, qtbot):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(paths.db_path(template_folder), paths.db_path(folder))
    for _start in range(2):
        QTimer.singleShot(50, _cancel_login)
        assert app_module.run(folder) == 0
    made = backups.list_backups(folder)
    assert [b.kind for b in made] == ["auto"]
