"""Screenshots of the honours as records (issue 21 item 4): 排名与统计 › 荣誉称号 with the
year's titles, one lifted (rankings-honours-list.png), and 授予称号… proposing the top ten with
the vetoed households apart (honour-award-dialog.png); in docs/screenshots/, with ``--size
larger`` at 特大 in docs/screenshots/large/. Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py honours
[--data-dir DIR] (makes the demo village in ./demo-data first)."""

from __future__ import annotations

import datetime as dt
import sys

from demo_shots import prepare
from PySide6.QtCore import QTimer

from jifen_desktop.model import periods
from jifen_desktop.model.calendar.honour_awards import HonourAwardService
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui.honour_list import HonourList


def awarded(reviewer: Ledger, village_id: str, year: str) -> None:
    """The year's titles: the top seven 十星级文明户, two 最美家庭, one of them lifted."""
    service = HonourAwardService(reviewer)
    if service.list(village_id, year):
        return
    ranking = [r for r in reviewer.rankings.rank(village_id, periods.parse(year)) if not r.vetoed]
    meeting = dt.date(int(year), 12, 5)
    ids = [r.household_id for r in ranking]
    basis = {r.household_id: f"前7名（第{r.rank}名）" for r in ranking[:7]}
    service.award(village_id, ids[:7], "十星级文明户", year, meeting, "top", basis)
    best = service.award(village_id, ids[10:12], "最美家庭", year, meeting).value
    service.lift(best.awarded[0].id, "查实弄虚作假，经村民代表会议决定撤销", meeting)


def main() -> int:
    shots = prepare("荣誉称号的截图（1366×768）")
    ctx = shots.login("shenhe")
    year = str(dt.date.today().year)
    awarded(ctx.ledger, ctx.village_id, year)
    window = shots.window(ctx)
    page = window.page("rankings")
    honours = page.findChild(HonourList)
    assert honours is not None
    page.tabs.setCurrentWidget(honours)
    honours.period.setCurrentIndex(honours.period.findData(year))

    def list_shot() -> None:
        shots.save(window, "rankings-honours-list")
        dialog = honours.award()
        dialog.title.setCurrentText("十星级文明户")
        QTimer.singleShot(500, lambda: dialog_shot(dialog))

    def dialog_shot(dialog) -> None:  # type: ignore[no-untyped-def]
        shots.finish(dialog, "honour-award-dialog")

    return shots.run(list_shot, 700)


if __name__ == "__main__":
    sys.exit(main())
