"""The first start of a day backs the ledger up on a worker: the login and the main window open
while it runs (its progress in the status bar), entries saved meanwhile are kept in the ledger,
the backup is one consistent moment that passes its checks, and quitting waits for it (or its
取消 leaves no file). A start the clerk cancels at the login still leaves today's automatic
backup, and a second start the same day makes none."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from collections.abc import Callable

import pytest
from backup_testing import opened
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QProgressDialog, QPushButton

from jifen_desktop.model import paths
from jifen_desktop.model.backup import copying as backup_copy
from jifen_desktop.model.backup import service as backups
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui import app as app_module
from jifen_desktop.ui.login import LoginDialog
from jifen_desktop.ui.main_window import MainWindow

HOUSEHOLD = "0101"


def _cancel_login() -> None:
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, LoginDialog):
        dialog.reject()
    else:
        QTimer.singleShot(50, _cancel_login)


@pytest.fixture
def folder(template_folder, tmp_path):
    """The test village with one household, and no backup of today."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(paths.db_path(template_folder), paths.db_path(folder))
    with Ledger.open(folder) as ledger:
        village = ledger.villages.list()[0]
        ledger.households.add(village.id, HOUSEHOLD, "王建国")
    return folder


@pytest.fixture
def held_copy(monkeypatch):
    """The real copy, a page per step, held after its first step until the test lets it go:
    a backup that is still copying when the window is up (a big ledger's, made small)."""
    gate = threading.Event()
    monkeypatch.setattr(backup_copy, "PAGES_PER_STEP", 1)
    step = backup_copy.Steps.__call__

    def held(self, fraction, message):
        if message == "正在复制数据库…" and fraction > 0:
            assert gate.wait(60), "the test never let the copy go on"
        step(self, fraction, message)

    monkeypatch.setattr(backup_copy.Steps, "__call__", held)
    return gate


def test_the_first_start_of_a_day_backs_up_once(folder, qtbot):
    for _start in range(2):
        QTimer.singleShot(50, _cancel_login)
        assert app_module.run(folder) == 0
    made = backups.list_backups(folder)
    assert [b.kind for b in made] == ["auto"]


def _log_in(password: str) -> None:
    """Log in as admin once the login dialog is up (from a timer: the dialog's own loop)."""
    login = QApplication.activeModalWidget()
    if not isinstance(login, LoginDialog):
        QTimer.singleShot(50, lambda: _log_in(password))
        return
    login.user.setText("admin")
    login.password.setText(password)
    login.try_login()


def _when_window(then: Callable[[MainWindow], None]) -> None:
    """``then(window)`` once the main window is shown (from a timer: the program's loop)."""
    shown = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]
    if shown:
        then(shown[0])
    else:
        QTimer.singleShot(50, lambda: _when_window(then))


def _record(window: MainWindow) -> str:
    ledger, village = window.ctx.ledger, window.ctx.village_id
    household = ledger.households.by_number(village, HOUSEHOLD)
    draft = EntryDraft(household.id, "B05", dt.date.today(), note="备份时录入")
    return ledger.entries.record(village, draft).value.id


def test_the_window_opens_while_the_backup_runs_and_entries_saved_meanwhile_are_kept(
    folder, qtbot, held_copy, admin_password
):
    seen: dict[str, object] = {}

    def work_in(window: MainWindow) -> None:
        try:
            label = window.statusBar().findChild(QLabel, "daily_backup")
            seen["while_copying"] = label.text()
            seen["no_backup_yet"] = backups.list_backups(folder) == []
            seen["entries"] = [_record(window) for _ in range(3)]  # each its own transaction
            held_copy.set()
            qtbot.waitUntil(lambda: label.text() == "今日备份完成", timeout=30_000)
        except BaseException as exc:  # noqa: BLE001 - reported after the program has ended
            seen["error"] = exc
        finally:
            held_copy.set()
            window.close()

    QTimer.singleShot(0, lambda: _log_in(admin_password))
    QTimer.singleShot(0, lambda: _when_window(work_in))
    assert app_module.run(folder) == 0
    assert "error" not in seen, seen.get("error")
    assert str(seen["while_copying"]).startswith("备份中…")
    assert seen["no_backup_yet"]
    (made,) = backups.list_backups(folder)
    assert made.kind == "auto"
    with opened(made.path) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        in_backup = {r[0] for r in copy.execute("SELECT id FROM entries")}
    assert backup_copy.sha256_of(made.path) == backup_copy.recorded_checksum(made.path)
    # The copy is the moment it started: none of the entries, and none of them lost.
    assert not in_backup & set(seen["entries"])
    with Ledger.open(folder) as ledger:
        village = ledger.villages.list()[0]
        kept = {e.id for e in ledger.entries.list(village.id)}
        assert set(seen["entries"]) <= kept
        assert ledger.verify().ok


def test_quitting_during_the_backup_can_cancel_it_and_leaves_no_file(
    folder, qtbot, held_copy, admin_password
):
    def cancel_the_wait() -> None:
        waiting = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        if waiting and waiting[0].isVisible():
            waiting[0].findChild(QPushButton).click()  # 取消, as the clerk would
            held_copy.set()
        else:
            QTimer.singleShot(50, cancel_the_wait)

    def close(window: MainWindow) -> None:
        QTimer.singleShot(0, cancel_the_wait)
        window.close()  # the copy is still held: the program waits, with 取消

    QTimer.singleShot(0, lambda: _log_in(admin_password))
    QTimer.singleShot(0, lambda: _when_window(close))
    assert app_module.run(folder) == 0
    assert backups.list_backups(folder) == []
    assert not list(backups.backups_dir(folder).glob("*.part"))
    assert backups.daily_due(folder)  # the next start backs up again


def test_a_backup_that_fails_is_said_in_the_status_bar_and_once_in_a_box(
    folder, qtbot, admin_password
):
    backups.backups_dir(folder).write_text("一个文件占了备份文件夹的名字")  # a real failure
    seen: dict[str, str] = {}

    def look(window: MainWindow) -> None:
        label = window.statusBar().findChild(QLabel, "daily_backup")

        def told() -> bool:
            boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
            return any(b.isVisible() for b in boxes)

        try:
            qtbot.waitUntil(told, timeout=30_000)
            box = next(
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()
            )
            seen["status"], seen["tip"], seen["box"] = label.text(), label.toolTip(), box.text()
            box.accept()
        finally:  # (a box left open would keep the program from ending)
            for box in QApplication.topLevelWidgets():
                if isinstance(box, QMessageBox):
                    box.close()
            window.close()

    QTimer.singleShot(0, lambda: _log_in(admin_password))
    QTimer.singleShot(0, lambda: _when_window(look))
    assert app_module.run(folder) == 0
    assert seen["status"] == "今日备份没做成，请手动备份"
    assert "立即备份" in seen["tip"] and "没有做成" in seen["box"] and "立即备份" in seen["box"]
    assert backups.daily_due(folder)
