"""Screenshot of 审核 after Enter was pressed four times in a row (issue 19): the first approved
the row on screen, the three pressed before the next row showed were dropped and the status line
says so (review-keys-dropped.png in docs/screenshots/, with ``--size larger`` at 特大 in
docs/screenshots/large/). Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shoot_review_keys.py
[--size normal|large|larger] (makes the demo village in ./demo-data first if it is not there)."""

from __future__ import annotations

import datetime as dt
import sys

from demo_shots import prepare
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QKeyEvent

from jifen_desktop.demo import DEMO_PASSWORD
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.review import ReviewPage


def main() -> int:
    shots = prepare("审核页多按的按键被忽略的截图（1366×768）")
    out, work, app = shots.out, shots.work, shots.app
    ledger = Ledger.open(work / "data")
    reviewer = ledger.as_actor(ledger.operators.authenticate("shenhe", DEMO_PASSWORD))
    village = reviewer.villages.resolve()
    month = f"{dt.date.today():%Y-%m}"
    if reviewer.review.open_session(village.id, month) is None:
        reviewer.review.open(village.id, month, place="村委会会议室")
    settings = QSettings(str(work / "shots.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppContext(reviewer, village), settings)
    window.resize(1366, 740)
    window.show()
    page = window.page("review")
    assert isinstance(page, ReviewPage)
    page.select_session(page.sessions[0].id)
    table = page.panel.table
    table.setFocus()

    def press() -> None:
        assert table.ready()
        for _ in range(4):  # typed while the program was busy
            key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
            QCoreApplication.postEvent(table, key)
        QTimer.singleShot(600, shoot)

    def shoot() -> None:
        window.grab().save(str(out / "review-keys-dropped.png"))
        print(out / "review-keys-dropped.png", page.panel.message.text())
        app.quit()

    QTimer.singleShot(700, press)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
