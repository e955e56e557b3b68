"""Screenshots of 排名与统计 › 网格员 (issue 22 part 2) on a copy of the demo village, the first
recorder line picked so the households to visit are its grid's (rankings-recorders.png), and of
村庄总览 › 网格员考评 at a township that imported the demo village (township-recorders.png), in
docs/screenshots/ (``--size larger``: docs/screenshots/large/). Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py recorders."""

from __future__ import annotations

import sys

from demo_shots import export, prepare, township
from PySide6.QtCore import QTimer

from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.rankings import RankingsPage
from jifen_desktop.ui.pages.township.overview import TownshipOverviewPage


def main() -> int:
    shots = prepare("排名与统计 › 网格员 截图（1366×768）")
    ctx = shots.login()
    window = shots.window(ctx)

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
        shots.save(window, "rankings-recorders")
        window.close()
        show_township()

    def show_township() -> None:
        town = shots.window(
            township(shots.work, [export(ctx.ledger, shots.work / "stick")]), ini="town.ini"
        )
        page = town.page("township")
        assert isinstance(page, TownshipOverviewPage)
        page.tabs.setCurrentWidget(page.recorders)
        QTimer.singleShot(500, lambda: keep(town))

    def keep(town: MainWindow) -> None:
        shots.finish(town, "township-recorders")

    return shots.run(shoot)


if __name__ == "__main__":
    sys.exit(main())
