"""Screenshot of 排名与统计 › 网格员 (issue 22 part 2) on a copy of the demo village, the first
recorder line picked so the households to visit are its grid's: rankings-recorders.png in
docs/screenshots/ (``--size larger``: docs/screenshots/large/). Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shoot_recorders.py
[--size normal|large|larger]."""

from __future__ import annotations

import sys

from demo_shots import prepare
from PySide6.QtCore import QSettings, QTimer

from jifen_desktop.demo import DEMO_PASSWORD
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.rankings import RankingsPage


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
        app.quit()

    QTimer.singleShot(500, shoot)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
