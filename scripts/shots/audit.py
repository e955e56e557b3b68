"""Screenshots of the 审计日志 (issue 17 item 4) at 1366×768: audit-log.png (the demo village's
log with a 审核通过 row picked: its household and what changed, in words) and
audit-log-township.png (a township that imported the demo village and 李湾村: the 村 column
and filter), in docs/screenshots/ (with ``--size larger``: at 特大, in docs/screenshots/large/).
Run: xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py audit
(makes the demo village in ./demo-data first if it is not there)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from demo_shots import export, main_window, prepare, township
from PySide6.QtCore import QDate, QTimer

from jifen_desktop.demo import DEMO_PASSWORD
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.audit import AuditPage

TOWNSHIP_PASSWORD = "xiang-2026"


def second_village(folder: Path) -> Ledger:
    """李湾村 on a computer of its own, with two households and one entry approved."""
    ledger = Ledger.create(folder)
    village = ledger.villages.create("420881100002", "李湾村", "张集镇", with_template=True).value
    grid = ledger.villages.add_grid(village.id, "一组").value
    for number, head in (("0001", "冯国平"), ("0002", "胡建")):
        ledger.households.add(
            village.id, number, head, grid_id=grid.id, registered_on=dt.date(2024, 1, 1)
        )
    ledger.operators.add("admin", "李湾管理员", "admin", TOWNSHIP_PASSWORD, village_id=village.id)
    ledger.login("admin", TOWNSHIP_PASSWORD)
    return ledger


def township_window(work: Path, village: Path) -> MainWindow:
    with Ledger.open(village) as demo:
        demo.login("admin", DEMO_PASSWORD)
        bundles = [export(demo, work / "stick")]
    with second_village(work / "lw") as other:
        bundles.append(export(other, work / "stick"))
    return main_window(township(work, bundles, TOWNSHIP_PASSWORD), work / "shots.ini")


def pick(page: AuditPage, action: str) -> None:
    """Select the first row of ``action`` on the page."""
    for i, row in enumerate(page.rows):
        if row.info.action == action:
            page.table.selectRow(i)
            page.table.scrollTo(page.table.model().index(i, 0))
            return


def show_audit(window: MainWindow, since: dt.date, action: str, village: str = "") -> AuditPage:
    window.show()
    page = window.page("audit")
    assert isinstance(page, AuditPage)
    page.since.setDate(QDate(since.year, since.month, since.day))
    page.refresh()
    if village:
        page.village.setCurrentIndex(page.village.findText(village))
    pick(page, action)
    return page


def main() -> int:
    shots = prepare("审计日志截图（1366×768）")
    village = shots.window(shots.login())
    show_audit(village, dt.date.today() - dt.timedelta(days=40), "entry.approved")
    town = township_window(shots.work, shots.data)
    town.hide()

    def shoot_township() -> None:
        shots.finish(town, "audit-log-township")

    def shoot_village() -> None:
        shots.save(village, "audit-log")
        village.close()
        show_audit(town, dt.date.today() - dt.timedelta(days=40), "entry.rejected", "张集村")
        QTimer.singleShot(700, shoot_township)

    return shots.run(shoot_village, 700)


if __name__ == "__main__":
    sys.exit(main())
