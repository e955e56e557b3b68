"""Screenshots of 村庄考核 (issue 22 part 1) at 1366×768, on the township of three villages the
tests build (tests/sync/scorecard_world.py): township-scorecard.png (村庄总览 › 村庄考核, 2025,
a village chosen) and township-scorecard-targets.png (考核指标与权重…), in docs/screenshots/
(with ``--size larger``: at 特大, in docs/screenshots/large/); with ``--pdf``, also the first
考核表 and the summary rendered to docs/reports/scorecard.png and scorecard-summary.png.
Run: xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py scorecard
[--pdf]"""

from __future__ import annotations

import sys

from demo_shots import DOCS, Shots, pdf_option, prepare, render_pdf
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QWidget

sys.path.insert(0, str(DOCS.parent / "tests" / "sync"))

from scorecard_world import YEAR, build_township  # noqa: E402

from jifen_desktop.reports.scorecard_pdf import (  # noqa: E402
    write_scorecard_sheets,
    write_scorecard_summary,
)
from jifen_desktop.ui.context import AppContext, township_place  # noqa: E402
from jifen_desktop.ui.pages.township.targets_dialog import TargetsDialog  # noqa: E402


def shoot(shots: Shots, widget: QWidget, name: str) -> None:
    for _ in range(5):  # the tab counts on a worker
        QThreadPool.globalInstance().waitForDone(20000)
        QApplication.processEvents()
    shots.save(widget, name)


def main() -> None:
    shots = prepare("村庄考核截图（1366×768）", data="none", options=pdf_option)
    work = shots.work
    town = build_township(work)
    ledger = town.ledger
    ledger.login("xiang", "secret-123")
    ctx = AppContext(ledger, township_place(ledger))
    window = shots.window(ctx, 728, "w.ini")
    page = window.page("township")
    page.year.setCurrentIndex(page.year.findData(YEAR))
    page.tabs.setCurrentWidget(page.scorecard)
    shoot(shots, window, "township-scorecard")  # (reads the year on a worker)
    page.scorecard.table.selectRow(0)
    shoot(shots, window, "township-scorecard")
    dialog = TargetsDialog(ctx, window)
    dialog.show()
    shoot(shots, dialog, "township-scorecard-targets")
    dialog.reject()
    if shots.args.pdf:
        card = page.scorecard.card
        assert card is not None
        (DOCS / "reports").mkdir(exist_ok=True)
        sheets = write_scorecard_sheets(card, work / "sheets.pdf")
        render_pdf(sheets.path, DOCS / "reports" / "scorecard.png")
        summary = write_scorecard_summary(card, work / "summary.pdf")
        render_pdf(summary.path, DOCS / "reports" / "scorecard-summary.png")
    window.close()
    town.close()


if __name__ == "__main__":
    main()
