"""Screenshots of the 年度结转 wizard (issue 17 item 2) on a copy of the demo village, every page
at 1366×768: docs/screenshots/year-close-<page>.png, and 设置 › 村信息与积分政策 with its 年度结转…
button (settings-village.png) and 积分超市 › 统计 whose 年底清零 box points to it
(store-figures.png); with ``--size larger``: at 特大, in docs/screenshots/large/. The open items are shown for this year (its last months not reviewed
yet); the other pages close last year, run for real into a temp folder. Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shoot_year_close.py
[--size normal|large|larger] (makes the demo village in ./demo-data first if it is not there)."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from jifen_desktop.demo import DEMO_PASSWORD, generate_demo
from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.year_close import YearCloseService
from jifen_desktop.ui import type_size
from jifen_desktop.ui.app import make_application
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.year_close_wizard import PROGRESS, RESULT, SUMMARY, YearCloseWizard

NAMES = ("open", "honours", "expiry", "base", "files", "summary", "progress", "result")


def context(folder: Path) -> AppContext:
    ledger = Ledger.open(folder)
    admin = ledger.as_actor(ledger.operators.authenticate("admin", DEMO_PASSWORD))
    village = admin.villages.list()[0]
    admin.villages.update_settings(village.id, available_policy="year_end")
    YearCloseService(admin).set_withhold_rules(village.id, ["A17", "E14"])
    return AppContext(admin, admin.villages.get(village.id))


def settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()


def shoot(app: QApplication, wizard: YearCloseWizard, out: Path, name: str) -> None:
    settle(app)
    target = out / f"year-close-{name}.png"
    wizard.grab().save(str(target))
    print(target)


def main() -> int:
    parser = argparse.ArgumentParser(description="年度结转向导截图（1366×768）")
    parser.add_argument("--data-dir", default="demo-data")
    parser.add_argument("--size", choices=tuple(type_size.FONT_SCALES), default="normal")
    args = parser.parse_args()
    out = Path("docs/screenshots/large" if args.size == "larger" else "docs/screenshots")
    source = Path(args.data_dir)
    if not paths.db_path(source).exists():
        with Ledger.create(source) as fresh:
            generate_demo(fresh)
    work = Path(tempfile.mkdtemp())
    shutil.copytree(source, work / "data")
    app = make_application()
    type_size.apply(app, args.size)
    ctx = context(work / "data")
    settings = QSettings(str(work / "shots.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx, settings)
    window.resize(1366, 740)
    window.show()
    for page, section, name in (
        ("settings", "village", "settings-village"),
        ("store", "figures", "store-figures"),  # its 年底清零 box names the wizard
    ):
        window.page(page).section(section)  # type: ignore[attr-defined]
        settle(app, 0.6)
        window.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")
    wizard = YearCloseWizard(ctx, window, year=dt.date.today().year)
    wizard.show()
    shoot(app, wizard, out, "open")
    wizard.year.setValue(dt.date.today().year - 1)
    wizard.files_page.archive.line.setText(str(work / "archive"))
    wizard.files_page.backup.line.setText(str(work / "U盘"))
    for index in range(1, SUMMARY + 1):
        wizard.show_page(index)
        shoot(app, wizard, out, NAMES[index])
    wizard.summary_page.confirm.setChecked(True)
    wizard.show_page(PROGRESS)
    wizard.progress_page.show_progress(0.55, "正在生成 2025户积分卡.pdf（2/18）…")
    shoot(app, wizard, out, "progress")
    wizard.show_page(SUMMARY)
    wizard.summary_page.confirm.setChecked(True)
    wizard.go_next()
    deadline = time.monotonic() + 300
    while wizard.stack.currentIndex() != RESULT and time.monotonic() < deadline:
        settle(app, 0.2)
    shoot(app, wizard, out, "result")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
