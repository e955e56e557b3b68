"""Screenshots of the 年度结转 wizard (issue 17 item 2) on a copy of the demo village, every page
at 1366×768: docs/screenshots/year-close-<page>.png, and 设置 › 村信息与积分政策 with its 年度结转…
button (settings-village.png) and 积分超市 › 统计 whose 年底清零 box points to it
(store-figures.png); with ``--size larger``: at 特大, in docs/screenshots/large/. The open items are shown for this year (its last months not reviewed
yet); the other pages close last year, run for real into a temp folder. Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py year_close
(makes the demo village in ./demo-data first if it is not there)."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import time

from demo_shots import Shots, prepare, settle

from jifen_desktop.model.year_close import YearCloseService
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.year_close_wizard import PROGRESS, RESULT, SUMMARY, YearCloseWizard

NAMES = ("open", "honours", "expiry", "base", "files", "summary", "progress", "result")


def context(shots: Shots) -> AppContext:
    admin = shots.login().ledger
    village = admin.villages.list()[0]
    admin.villages.update_settings(village.id, available_policy="year_end")
    YearCloseService(admin).set_withhold_rules(village.id, ["A17", "E14"])
    return AppContext(admin, admin.villages.get(village.id))


def shoot(shots: Shots, wizard: YearCloseWizard, name: str) -> None:
    shots.save(wizard, f"year-close-{name}", 0.3)


def main() -> int:
    shots = prepare("年度结转向导截图（1366×768）")
    work = shots.work
    ctx = context(shots)
    window = shots.window(ctx)
    for page, section, name in (
        ("settings", "village", "settings-village"),
        ("store", "figures", "store-figures"),  # its 年底清零 box names the wizard
    ):
        window.page(page).section(section)  # type: ignore[attr-defined]
        shots.save(window, name, 0.6)
    wizard = YearCloseWizard(ctx, window, year=dt.date.today().year)
    wizard.show()
    shoot(shots, wizard, "open")
    wizard.year.setValue(dt.date.today().year - 1)
    wizard.files_page.archive.line.setText(str(work / "archive"))
    wizard.files_page.backup.line.setText(str(work / "U盘"))
    for index in range(1, SUMMARY + 1):
        wizard.show_page(index)
        shoot(shots, wizard, NAMES[index])
    wizard.summary_page.confirm.setChecked(True)
    wizard.show_page(PROGRESS)
    wizard.progress_page.show_progress(0.55, "正在生成 2025户积分卡.pdf（2/18）…")
    shoot(shots, wizard, "progress")
    wizard.show_page(SUMMARY)
    wizard.summary_page.confirm.setChecked(True)
    wizard.go_next()
    deadline = time.monotonic() + 300
    while wizard.stack.currentIndex() != RESULT and time.monotonic() < deadline:
        settle(0.2)
    shoot(shots, wizard, "result")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
