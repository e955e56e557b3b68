"""Screenshots of the 同步 page importing several files at once (issue 20 part 2) at 1366×768:
sync-import-several-checked.png (three villages' bundles and a damaged copy checked, waiting
for 确认导入), sync-import-several-progress.png (the one progress dialog, with 取消, while the
writer applies them and worker processes check the next ones) and sync-import-several-done.png,
in docs/screenshots/ (with ``--size larger``: at 特大, in docs/screenshots/large/).
Run: xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py sync_import"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from demo_shots import DOCS, Shots, prepare
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

sys.path[:0] = [str(DOCS.parent / "tests" / "sync"), str(DOCS.parent / "tests")]

from sync_world import new_township, new_village  # noqa: E402

from jifen_desktop.ui.context import AppContext, township_place  # noqa: E402

VILLAGES = (("420881100001", "张集村"), ("420881100002", "李庄村"), ("420881100003", "王湾村"))


def bundles(work: Path) -> list[Path]:
    made = []
    for code, name in VILLAGES:
        village = new_village(work, code, name, households=30)
        for number in ("0001", "0002", "0003"):
            village.record(village.names[number])
        village.approve_pending()
        made.append(village.export(full=True))
        village.close()
    data = bytearray(made[1].read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = made[1].with_name("改过的" + made[1].name)
    damaged.write_bytes(bytes(data))
    return [*made, damaged]


def wait(until: object, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not until() and time.monotonic() < end:  # type: ignore[operator]
        QThreadPool.globalInstance().waitForDone(50)
        QApplication.processEvents()


def progress_dialog() -> QWidget | None:
    for widget in QApplication.topLevelWidgets():
        if (
            isinstance(widget, QProgressDialog)
            and widget.isVisible()
            and "第" in widget.labelText()
        ):
            return widget
    return None


def main() -> None:
    shots: Shots = prepare("同步包批量导入截图（1366×768）", data="none")
    files = bundles(shots.work)
    town = new_township(shots.work)
    for path in files[:3]:
        town.trust(path)
    ledger = town.ledger
    ledger.login("xiang", "secret-123")
    ctx = AppContext(ledger, township_place(ledger))
    window = shots.window(ctx, 728, "w.ini")
    page = window.page("sync")
    imports = page.show_section(page.imports)
    imports.start(files)
    wait(lambda: imports.confirm_button.isVisibleTo(imports))
    shots.save(window, "sync-import-several-checked")
    caught: list[bool] = []

    def look() -> None:
        dialog = progress_dialog()
        if dialog is not None and not caught:
            caught.append(True)
            shots.save(dialog, "sync-import-several-progress")

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(5)
    imports.confirm_button.click()
    wait(lambda: "导入完成" in imports.message.text())
    timer.stop()
    shots.save(window, "sync-import-several-done")
    print("progress dialog caught" if caught else "progress dialog not caught")
    window.close()
    town.close()


if __name__ == "__main__":
    main()
