"""Screenshots of the first-run wizard while the demo village is generated in its child process
(issue 19): wizard-demo-progress.png, the whole 1366×768 screen with the wizard and its progress
dialog (正在生成演示村, the month being made, 取消) taken a few seconds apart, the window still
answering (the longest gap of a 5 ms timer on the GUI thread so far is printed); then 取消 is
pressed and wizard-demo-cancelled.png shows the wizard back on its first page, the folder left
empty. In docs/screenshots/ (with ``--size larger``: at 特大, in docs/screenshots/large/).
Run: xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py demo_progress"""

from __future__ import annotations

import sys
import time

from demo_shots import DOCS, Shots, prepare
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

sys.path[:0] = [str(DOCS.parent / "tests" / "ui")]

from layout_check import problems  # noqa: E402

from jifen_desktop.ui import type_size  # noqa: E402
from jifen_desktop.ui.wizard import SetupWizard  # noqa: E402
from jifen_desktop.ui.wizard_pages import WELCOME  # noqa: E402

DIALOG_SHOWN_S = 4.0  # into the months, the label changing


class Beat:
    """A 5 ms timer on the GUI thread; ``longest`` is the longest gap between two beats."""

    def __init__(self) -> None:
        self.last, self.longest = time.perf_counter(), 0.0
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.beat)
        self.timer.start(5)

    def beat(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, (now - self.last) * 1000)
        self.last = now


def shown_dialog() -> QProgressDialog | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QProgressDialog) and widget.isVisible() and widget.value() > 0:
            return widget
    return None


def save_screen(shots: Shots, name: str) -> None:
    for _ in range(10):
        QApplication.processEvents()
    path = shots.out / f"{name}.png"
    QApplication.primaryScreen().grabWindow(0).save(str(path))
    print(path)


def main() -> None:
    shots = prepare("演示村生成中的截图（1366×768）", data="none")
    folder = shots.work / "data"
    wizard = SetupWizard(folder, demo_options={"households": 300, "years": 3})
    wizard.move(40, 20)
    wizard.show()
    wizard.welcome.demo.setChecked(True)
    beat, since, shot = Beat(), [0.0], [False]

    def look() -> None:
        dialog = shown_dialog()
        if dialog is None:
            QTimer.singleShot(50, look)
            return
        since[0] = since[0] or time.monotonic()
        if time.monotonic() - since[0] < DIALOG_SHOWN_S:
            QTimer.singleShot(50, look)
            return
        save_screen(shots, "wizard-demo-progress")
        found = problems(dialog, type_size.point_size())
        print("progress dialog:", dialog.labelText(), "; layout:", found or "no problems")
        print(f"longest gap of the GUI thread so far: {beat.longest:.0f} ms")
        shot[0] = True
        dialog.findChild(QPushButton).click()  # 取消

    def finish() -> None:
        """Back on the first page after 取消: the picture, the folder checked."""
        if not shot[0] or wizard.currentId() != WELCOME or wizard._busy:  # noqa: SLF001
            QTimer.singleShot(100, finish)
            return
        save_screen(shots, "wizard-demo-cancelled")
        print("data folder after 取消:", sorted(folder.iterdir()) if folder.exists() else "none")
        wizard.close()
        shots.app.quit()

    QTimer.singleShot(200, look)
    QTimer.singleShot(100, wizard.next)  # 生成演示村: runs until the child is done or stopped
    QTimer.singleShot(300, finish)
    shots.app.exec()


if __name__ == "__main__":
    main()
