"""Screenshots of the screens that show compressed backups (issue 19): 设置 › 备份与恢复 listing
a compressed backup beside one made before compression (settings-backup-compressed.png) and
the first-run wizard's 从备份恢复 with a compressed backup chosen (wizard-restore-compressed.png),
at 1366×768; with ``--size larger`` at 特大, in docs/screenshots/large/.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py backups
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from demo_shots import prepare

from jifen_desktop.demo import generate_demo
from jifen_desktop.model import paths
from jifen_desktop.model.backup import service as backups
from jifen_desktop.model.backup.copying import Steps, copy_into, sha256_of, write_checksum
from jifen_desktop.model.backup.files import backup_name
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui.wizard import SetupWizard


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
    shots = prepare("压缩备份的截图（1366×768）", data="none")
    village_with_backups(shots.data)
    window = shots.window(shots.login())
    window.page("settings").section("backup")  # type: ignore[attr-defined]
    shots.save(window, "settings-backup-compressed", 0.5)
    window.close()
    compressed = backups.list_backups(shots.data)[0].path
    wizard = SetupWizard(shots.work / "new-computer")
    wizard.show()
    wizard.welcome.restore.setChecked(True)
    wizard.next()
    wizard.restore_page.choose_file(compressed)
    shots.save(wizard, "wizard-restore-compressed", 0.5)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
