"""Screenshots for issue 17 item 10 and issue 18's empty states, at 1366×768, on a copy of the
demo village: the status bar while the day's automatic backup runs and when it is done; a
household's empty 一票否决 tab; 同步 › 密钥 with no key, 冲突与待处理 with nothing, 导出同步包
with no USB stick; 设置 › 显示与账号's print font by its Chinese name (and an admin's
详细信息); 导入花名册 with its 登记日期 line. Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py empty_states"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from demo_shots import login, prepare, save
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QWidget

from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui.daily_backup import DailyBackup
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.households import HouseholdsPage
from jifen_desktop.ui.pages.settings import SettingsPage
from jifen_desktop.ui.pages.sync import SyncPage
from jifen_desktop.ui.roster_dialog import RosterImportDialog

Shot = tuple[str, Callable[[], QWidget]]


def page_shots(window: MainWindow) -> list[Shot]:
    ctx = window.ctx

    def no_veto() -> QWidget:
        page = window.page("households")
        assert isinstance(page, HouseholdsPage)
        vetoed = {v.household_id for v in ctx.ledger.vetoes.list(ctx.village_id)}
        household = next(
            h for h in ctx.ledger.households.list(ctx.village_id) if h.id not in vetoed
        )
        page.show_household(household.id)
        page.detail.tabs.setCurrentIndex(page.detail.tabs.count() - 1)
        return window

    def sync(section: str) -> Callable[[], QWidget]:
        def show() -> QWidget:
            page = window.page("sync")
            assert isinstance(page, SyncPage)
            page.show_section(getattr(page, section))
            return window

        return show

    def print_font(details: bool) -> Callable[[], QWidget]:
        def show() -> QWidget:
            page = window.page("settings")
            assert isinstance(page, SettingsPage)
            account = page.section("account")
            account.print_font.details_button.setChecked(details)  # type: ignore[attr-defined]
            return window

        return show

    def roster() -> QWidget:
        dialog = RosterImportDialog(ctx, window)
        dialog.show()
        return dialog

    return [
        ("households-veto-empty", no_veto),
        ("sync-keys-empty", sync("keys")),
        ("sync-conflicts-empty", sync("conflicts")),
        ("sync-export-no-stick", sync("export")),
        ("settings-print-font", print_font(False)),
        ("settings-print-font-details", print_font(True)),
        ("roster-dialog-registered-on", roster),
    ]


def shoot_all(shots: list[Shot], out: Path) -> None:
    """Each shot put on screen, given half a second to settle and paint, then saved."""
    for name, show in shots:
        widget = show()
        save(widget, out / f"{name}.png", 0.5)
        if isinstance(widget, QDialog):
            widget.reject()


def backup_shots(window: MainWindow, backup: DailyBackup, out: Path) -> None:
    """The window while the real backup runs (at its first progress) and once it is done."""
    taken: set[str] = set()

    def grab(name: str) -> None:
        if name not in taken:
            taken.add(name)
            window.grab().save(str(out / f"{name}.png"))
            print(out / f"{name}.png")

    assert backup.task is not None
    backup.task.progressed.connect(lambda f, _m: f > 0 and grab("status-backup-running"))
    backup.ended.connect(lambda: grab("status-backup-done"))


def main() -> int:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)  # no remembered folder or stick
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    # only the database: no backup of today in the copy
    shots = prepare("空白状态、自动备份和打印字体的截图（1366×768）", data="db")
    app, out = shots.app, shots.out
    ledger = Ledger.open(shots.data)
    backup = DailyBackup(shots.data).start()
    ctx = login(ledger)
    window = MainWindow(ctx, QSettings())
    window.resize(1366, 740)
    backup.attach(window)
    window.show()
    backup_shots(window, backup, out)
    while backup.running:
        app.processEvents()
    shoot_all(page_shots(window), out)
    print(f"done {dt.datetime.now():%H:%M:%S}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
