"""The day's background 台账检查 in the main window's status bar: it waits for the day's backup,
runs on a worker, and says 台账检查：最近 N 条记录完好 — or, when a row written since the last
check was changed behind the program's back, a warning that points to 检查台账 (and a box)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from jifen_desktop.model import chain_watch, paths
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.ui.chain_watch import ChainWatch
from jifen_desktop.ui.daily_backup import DailyBackup
from jifen_desktop.ui.main_window import MainWindow


def _window(qtbot, ctx):
    window = MainWindow(ctx, QSettings())
    qtbot.addWidget(window)
    window.show()
    return window


def _record(ctx) -> str:
    household = ctx.ledger.households.by_number(ctx.village_id, "0101")
    draft = EntryDraft(household.id, "B05", dt.date.today(), place="村委会")
    return ctx.apply(ctx.ledger.entries.record(ctx.village_id, draft)).id


def test_the_check_waits_for_the_backup_and_says_the_records_are_intact(qtbot, make_ctx):
    ctx = make_ctx("admin")
    window = _window(qtbot, ctx)
    backup = DailyBackup(ctx.ledger.folder).start()
    assert backup.running
    watch = ChainWatch(ctx.ledger, quiet_ms=0).start(window, backup)
    assert watch.label is not None and watch.label.isHidden()
    qtbot.waitUntil(lambda: watch.result is not None, timeout=30_000)
    assert backup.result is not None  # the backup had ended before the check began
    text = watch.label.text()
    assert text.startswith("台账检查：最近") and "条记录完好" in text
    assert f"{dt.datetime.now():%H}" in text and watch.label.isVisible()
    assert watch.result.rows > 10
    # today's check has run: a second start today checks nothing
    again = ChainWatch(ctx.ledger, quiet_ms=0).start(window)
    assert again.label is None


def test_a_row_changed_since_the_last_check_is_warned_of(qtbot, make_ctx):
    ctx = make_ctx("admin")
    window = _window(qtbot, ctx)
    chain_watch.check(ctx.ledger)  # yesterday's check
    entry_id = _record(ctx)
    with closing(sqlite3.connect(paths.db_path(ctx.ledger.folder))) as raw:
        raw.execute("UPDATE entries SET points = points + 40 WHERE id = ?", (entry_id,))
        raw.commit()
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    watch = ChainWatch(ctx.ledger, quiet_ms=0).start(window, today=tomorrow)
    qtbot.waitUntil(lambda: watch.result is not None, timeout=30_000)
    assert not watch.result.ok
    assert "处对不上" in watch.label.text() and "检查台账" in watch.label.text()
    assert entry_id in watch.label.toolTip()
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert len(boxes) == 1 and boxes[0].isVisible() and "检查台账" in boxes[0].text()
    boxes[0].close()


def test_a_check_started_by_a_frame_that_returned_still_runs_safely(qtbot, make_ctx):
    """app.py keeps no reference to the watch once its function returns: the window owns it,
    so the timer and the backup's signal call a live object (a freed one corrupted memory)."""
    import gc

    ctx = make_ctx("admin")
    window = _window(qtbot, ctx)
    ChainWatch(ctx.ledger, quiet_ms=50).start(window)
    gc.collect()
    (watch,) = window.findChildren(ChainWatch)
    qtbot.waitUntil(lambda: watch.result is not None, timeout=30_000)
    assert watch.result.ok and watch.label is not None and watch.label.isVisible()


def test_no_check_starts_after_the_program_ends(qtbot, make_ctx):
    ctx = make_ctx("admin")
    window = _window(qtbot, ctx)
    watch = ChainWatch(ctx.ledger, quiet_ms=50).start(window)
    watch.finish()
    qtbot.wait(300)
    assert watch.task is None and watch.result is None and watch.pool is None
