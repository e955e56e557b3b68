"""Remembered state belongs to the data folder and the operator (issue 17, item 11): the
reviewer does not land on 设置 because the admin left it there, another village's folder does
not open on this one's last page, and the last login name is the folder's."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui import remembered
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.main_window import MainWindow


def shown_key(window: MainWindow) -> str:
    return window.classes[window.nav.currentRow()].key


def opened_on(qtbot, ctx: AppContext, settings: QSettings) -> MainWindow:
    window = MainWindow(ctx, settings)
    qtbot.addWidget(window)
    return window


def test_the_reviewer_does_not_land_on_the_admins_page(qtbot, make_ctx):
    admin, reviewer = make_ctx("admin"), make_ctx("shenhe")
    settings = QSettings()
    admin_key = remembered.page_key(admin.ledger.folder, "admin")
    settings.setValue(admin_key, "rankings")  # where the admin left the program
    window = opened_on(qtbot, reviewer, settings)
    assert shown_key(window) == "home"
    window.page("review")
    window.close()
    assert settings.value(remembered.page_key(admin.ledger.folder, "shenhe")) == "review"
    assert settings.value(admin_key) == "rankings"


def test_another_folder_does_not_open_on_this_ones_page(qtbot, make_ctx, tmp_path: Path):
    admin = make_ctx("admin")
    settings = QSettings()
    settings.setValue(remembered.page_key(admin.ledger.folder, "admin"), "rankings")
    elsewhere = Ledger(tmp_path / "other", admin.ledger.engine, admin.actor)
    window = opened_on(qtbot, AppContext(elsewhere, admin.village), settings)
    assert shown_key(window) == "home"


def test_keys_name_the_folder_however_it_is_typed(tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir()
    same = tmp_path / "x" / ".." / "data"
    assert remembered.page_key(folder, "admin") == remembered.page_key(same, "admin")
    assert remembered.page_key(folder, "admin") != remembered.page_key(folder, "shenhe")
    assert remembered.login_key(folder) != remembered.login_key(tmp_path / "other")
