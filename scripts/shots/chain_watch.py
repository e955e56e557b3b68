"""Screenshots of the day's background 台账检查 in the status bar (issue 19): the records written
since the last check found intact (main-chain-watch-ok.png), and a record changed behind the
program's back found, with the warning in the status bar (main-chain-watch-warning.png) and its
box (chain-watch-warning-box.png), at 1366×768; with ``--size larger`` at 特大, in
docs/screenshots/large/.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py chain_watch
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing

from demo_shots import Shots, prepare, settle
from PySide6.QtWidgets import QApplication, QMessageBox

from jifen_desktop.demo import generate_demo
from jifen_desktop.model import chain_watch, paths
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui.chain_watch import ChainWatch
from jifen_desktop.ui.main_window import MainWindow

TOMORROW = dt.date.today() + dt.timedelta(days=1)  # the day after the check made here


def wait_for(watch: ChainWatch) -> None:
    for _ in range(600):
        if watch.result is not None:
            return
        settle(0.1)
    raise SystemExit("台账检查一分钟还没有结束")


def shoot_ok(shots: Shots) -> None:
    """Yesterday's check, today's entries, today's check."""
    with Ledger.open(shots.data) as ledger:
        chain_watch.check(ledger)
    ctx = shots.login()
    village = ctx.village_id
    households = ctx.ledger.households.list(village)[:5]
    day = dt.date.today()
    drafts = [EntryDraft(h.id, "B05", day, place="村委会") for h in households]
    ctx.ledger.entries.record_many(village, drafts)
    window = shots.window(ctx)
    watch = ChainWatch(ctx.ledger, quiet_ms=0).start(window, today=TOMORROW)
    wait_for(watch)
    shots.save(window, "main-chain-watch-ok", 0.5)
    window.close()


def shoot_warning(shots: Shots) -> None:
    """An entry recorded since the last check, then changed with an SQLite editor."""
    ctx = shots.login()
    household = ctx.ledger.households.list(ctx.village_id)[0]
    draft = EntryDraft(household.id, "B05", dt.date.today(), place="村委会")
    entry = ctx.ledger.entries.record(ctx.village_id, draft).value
    with closing(sqlite3.connect(paths.db_path(shots.data))) as raw:
        raw.execute("UPDATE entries SET points = points + 40 WHERE id = ?", (entry.id,))
        raw.commit()
    window: MainWindow = shots.window(ctx, ini="warning.ini")
    watch = ChainWatch(ctx.ledger, quiet_ms=0).start(window, today=TOMORROW)
    wait_for(watch)
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
    box.hide()
    shots.save(window, "main-chain-watch-warning", 0.5)
    box.show()
    shots.save(box, "chain-watch-warning-box", 0.5)


def main() -> int:
    shots = prepare("台账检查的截图（1366×768）", data="none")
    with Ledger.create(shots.data) as ledger:
        generate_demo(ledger, households=60, years=1)
    shoot_ok(shots)
    shoot_warning(shots)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
