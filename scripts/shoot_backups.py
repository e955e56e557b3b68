"""Screenshots of the screens that show compressed backups (issue 19): 设置 › 备份与恢复 listing
a compressed backup beside one made before compression (settings-backup-compressed.png) and
the first-run wizard's 从备份恢复 with a compressed backup chosen (wizard-restore-compressed.png),
at 1366×768; with ``--size larger`` at 特大, in docs/screenshots/large/.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shoot_backups.py [--size larger]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget
from shoot_year_close import settle

from jifen_desktop.demo import DEMO_PASSWORD, generate_demo
from jifen_desktop.model import backups, paths
from jifen_desktop.model.backup_copy import Steps, copy_into, sha256_of, write_checksum
from jifen_desktop.model.backup_files import backup_name
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui import type_size
from jifen_desktop.ui.app import make_application
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.wizard import SetupWizard


def save(app: QApplication, widget: QWidget, out: Path, name: str) -> None:
    settle(app, 0.5)
    widget.grab().save(str(out / name))
    print(out / name)


def village_with_backups(folder: Path) -> None:
    """A demo village with a backup as they were made before compression and a new one."""
    with Ledger.create(folder) as ledger:
        generate_demo(ledger, households=60, years=1)
    where = backups.backups_dir(folder)
    where.mkdir()
    old = dt.datetime.now() - dt.timedelta(days=3)
    plain = where / backup_name(_code(folder), old, "auto", plain=True)
    copy_into(paths.db_path(folder), plain, Steps(None, None))
    write_checksum(plain, sha256_of(plain))
    backups.make_backup(folder, "manual")


def _code(folder: Path) -> str:
    with Ledger.open(folder) as ledger:
        return ledger.villages.list()[0].code


def main() -> int:
    parser = argparse.ArgumentParser(description="压缩备份的截图（1366×768）")
    parser.add_argument("--size", choices=tuple(type_size.FONT_SCALES), default="normal")
    args = parser.parse_args()
    out = Path("docs/screenshots/large" if args.size == "larger" else "docs/screenshots")
    work = Path(tempfile.mkdtemp())
    village_with_backups(work / "data")
    app = make_application()
    type_size.apply(app, args.size)
    ledger = Ledger.open(work / "data")
    admin = ledger.as_actor(ledger.operators.authenticate("admin", DEMO_PASSWORD))
    ctx = AppContext(admin, admin.villages.list()[0])
    window = MainWindow(ctx, QSettings(str(work / "shots.ini"), QSettings.Format.IniFormat))
    window.resize(1366, 740)
    window.show()
    window.page("settings").section("backup")  # type: ignore[attr-defined]
    save(app, window, out, "settings-backup-compressed.png")
    window.close()
    compressed = backups.list_backups(work / "data")[0].path
    wizard = SetupWizard(work / "new-computer")
    wizard.show()
    wizard.welcome.restore.setChecked(True)
    wizard.next()
    wizard.restore_page.choose_file(compressed)
    save(app, wizard, out, "wizard-restore-compressed.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
