"""Screenshots of the dialogs whose keyboard starting point changed (issue 17 item 7), on a copy
of the demo village: objection-add-no-household.png (登记异议 after Enter with no household:
the refusal under the field, the focus still in it) and review-open-session.png (开审核会 opening
on the month), in docs/screenshots/ (``--size larger``: docs/screenshots/large/). Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py keyboard_starts."""

from __future__ import annotations

import sys

from demo_shots import prepare
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from jifen_desktop.ui.pages.publication import PublicationPage
from jifen_desktop.ui.pages.review import ReviewPage


def main() -> int:
    shots = prepare("登记异议、开审核会对话框截图（1366×768）")
    app = shots.app
    window = shots.window(shots.login())

    def save(dialog: QDialog | None, name: str) -> None:
        assert dialog is not None
        print("focus:", type(app.focusWidget()).__name__, end=" ")
        shots.save(dialog, name)
        dialog.reject()

    def objection() -> None:
        page = window.page("publication")
        assert isinstance(page, PublicationPage)
        page.tabs.setCurrentWidget(page.objections)
        page.objections.add()
        dialog = page.objections.dialog
        QTimer.singleShot(300, lambda: QTest.keyClick(app.focusWidget(), Qt.Key.Key_Return))
        QTimer.singleShot(700, lambda: save(dialog, "objection-add-no-household"))
        QTimer.singleShot(1000, open_session)

    def open_session() -> None:
        page = window.page("review")
        assert isinstance(page, ReviewPage)
        page.open_session()
        QTimer.singleShot(500, lambda: save(page.dialog, "review-open-session"))
        QTimer.singleShot(800, app.quit)

    return shots.run(objection)


if __name__ == "__main__":
    sys.exit(main())
