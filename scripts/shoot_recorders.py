"""Screenshots of 排名与统计 › 网格员 (issue 22 part 2) on a copy of the demo village, the first
recorder line picked so the households to visit are its grid's (rankings-recorders.png), and of
村庄总览 › 网格员考评 at a township that imported the demo village (township-recorders.png), in
docs/screenshots/ (``--size larger``: docs/screenshots/large/). Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shoot_recorders.py
[--size normal|large|larger]."""

from __future__ import annotations

import sys
from pathlib import Path

from demo_shots import prepare
from PySide6.QtCore import QSettings, QTimer

from jifen_desktop.demo import DEMO_PASSWORD
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.setup import AdminDetails, create_township
from jifen_desktop.sync import SyncService
from jifen_desktop.ui.context import AppContext, township_place
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.rankings import RankingsPage
from jifen_desktop.ui.pages.township.overview import TownshipOverviewPage

TOWNSHIP_PASSWORD = "shots-1234"


def township_of(village: Ledger, root: Path) -> AppContext:
    """A township that imported ``village``'s bundle, logged in."""
    bundle = SyncService(village).export(root / "stick").path
    ledger, _ = create_township(
        root / "township", "张集镇", "420881100", AdminDetails("xiang", "乡镇办", TOWNSHIP_PASSWORD)
    )
    ledger.login("xiang", TOWNSHIP_PASSWORD)
    SyncService(ledger).enrol(bundle, trust=True)
    SyncService(ledger).import_bundle(bundle)
    return AppContext(ledger, township_place(ledger))


def main() -> int:
    shots = prepare("排名与统计 › 网格员 截图（1366×768）")
    out, work, app = shots.out, shots.work, shots.app
    ledger = Ledger.open(work / "data")
    actor = ledger.operators.authenticate("admin", DEMO_PASSWORD)
    ctx = AppContext(ledger.as_actor(actor), ledger.villages.resolve())
    window = MainWindow(ctx, QSettings(str(work / "shots.ini"), QSettings.Format.IniFormat))
    window.resize(1366, 740)
    window.show()

    def shoot() -> None:
        page = window.page("rankings")
        assert isinstance(page, RankingsPage)
        page.tabs.setCurrentIndex(1)  # 网格员
        QTimer.singleShot(300, pick)

    def pick() -> None:
        page = window.page("rankings")
        assert isinstance(page, RankingsPage)
        assert page.recorders is not None
        page.recorders.lines.selectRow(0)
        QTimer.singleShot(300, save)

    def save() -> None:
        window.grab().save(str(out / "rankings-recorders.png"))
        print(out / "rankings-recorders.png")
        window.close()
        township()

    def township() -> None:
        (work / "stick").mkdir()
        ctx = township_of(ledger.as_actor(actor), work)
        town = MainWindow(ctx, QSettings(str(work / "town.ini"), QSettings.Format.IniFormat))
        town.resize(1366, 740)
        town.show()
        page = town.page("township")
        assert isinstance(page, TownshipOverviewPage)
        page.tabs.setCurrentWidget(page.recorders)
        QTimer.singleShot(500, lambda: keep(town))

    def keep(town: MainWindow) -> None:
        town.grab().save(str(out / "township-recorders.png"))
        print(out / "township-recorders.png")
        app.quit()

    QTimer.singleShot(500, shoot)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
