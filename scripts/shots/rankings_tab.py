"""Screenshot of 排名与统计 › 排名 (the ranking, 评先评优 and 参与率 of this year) on a copy of the
demo village (rankings-ranking.png), to look at the page after its construction was split into
its tool bar and its tables (issue 23); in docs/screenshots/ (``--size larger``:
docs/screenshots/large/). Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py rankings_tab."""

from __future__ import annotations

import datetime as dt
import sys

from demo_shots import prepare

from jifen_desktop.ui.pages.rankings import RankingsPage


def main() -> int:
    shots = prepare("排名与统计 › 排名 截图（1366×768）")
    ctx = shots.login()
    window = shots.window(ctx)

    def shoot() -> None:
        page = window.page("rankings")
        assert isinstance(page, RankingsPage)
        page.period.setCurrentIndex(page.period.findData(str(dt.date.today().year)))
        shots.finish(window, "rankings-ranking")

    return shots.run(shoot, 700)


if __name__ == "__main__":
    sys.exit(main())
