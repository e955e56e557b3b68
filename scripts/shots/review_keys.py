"""Screenshot of 审核 after Enter was pressed four times in a row (issue 19): the first approved
the row on screen, the three pressed before the next row showed were dropped and the status line
says so (review-keys-dropped.png in docs/screenshots/, with ``--size larger`` at 特大 in
docs/screenshots/large/). Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py review_keys
(makes the demo village in ./demo-data first if it is not there)."""

from __future__ import annotations

import datetime as dt
import sys

from demo_shots import Shots, prepare
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent

from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.review import ReviewPage


def open_review(shots: Shots) -> tuple[MainWindow, ReviewPage]:
    """The main window on 审核 as the reviewer, this month's session open and picked."""
    ctx = shots.login("shenhe")
    month = f"{dt.date.today():%Y-%m}"
    if ctx.ledger.review.open_session(ctx.village_id, month) is None:
        ctx.ledger.review.open(ctx.village_id, month, place="村委会会议室")
    window = shots.window(ctx)
    page = window.page("review")
    assert isinstance(page, ReviewPage)
    page.select_session(page.sessions[0].id)
    return window, page


def main() -> int:
    shots = prepare("审核页多按的按键被忽略的截图（1366×768）")
    window, page = open_review(shots)
    table = page.panel.table
    table.setFocus()

    def press() -> None:
        assert table.ready()
        for _ in range(4):  # typed while the program was busy
            key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
            QCoreApplication.postEvent(table, key)
        QTimer.singleShot(600, shoot)

    def shoot() -> None:
        print(page.panel.message.text(), end=" ")
        shots.finish(window, "review-keys-dropped")

    return shots.run(press, 700)


if __name__ == "__main__":
    sys.exit(main())
