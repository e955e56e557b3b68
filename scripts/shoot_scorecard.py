"""Screenshots of 村庄考核 (issue 22 part 1) at 1366×768, on the township of three villages the
tests build (tests/sync/scorecard_world.py): township-scorecard.png (村庄总览 › 村庄考核, 2025,
a village chosen) and township-scorecard-targets.png (考核指标与权重…), in docs/screenshots/
(with ``--size larger``: at 特大, in docs/screenshots/large/); with ``--pdf``, also the first
考核表 and the summary rendered to docs/reports/scorecard.png and scorecard-summary.png.
Run: xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shoot_scorecard.py
[--size normal|large|larger] [--pdf]"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "sync"))

from scorecard_world import YEAR, build_township  # noqa: E402

from jifen_desktop.reports.scorecard_pdf import (  # noqa: E402
    write_scorecard_sheets,
    write_scorecard_summary,
)
from jifen_desktop.ui import identity, type_size  # noqa: E402
from jifen_desktop.ui.context import AppContext, township_place  # noqa: E402
from jifen_desktop.ui.main_window import MainWindow  # noqa: E402
from jifen_desktop.ui.pages.township.targets_dialog import TargetsDialog  # noqa: E402

DOCS = ROOT / "docs"


def shoot(widget: QWidget, path: Path) -> None:
    for _ in range(5):  # the tab counts on a worker
        QThreadPool.globalInstance().waitForDone(20000)
        QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def render(pdf: Path, png: Path) -> None:
    stem = png.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", str(pdf), str(stem)], check=True)
    print(png)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=list(type_size.FONT_SCALES), default="normal")
    parser.add_argument("--pdf", action="store_true")
    args = parser.parse_args()
    out = DOCS / "screenshots" if args.size == "normal" else DOCS / "screenshots" / "large"
    app = QApplication([])
    identity.present(app)
    type_size.apply(app, args.size)
    work = Path(tempfile.mkdtemp(prefix="jifen-shoot-scorecard-"))
    town = build_township(work)
    ledger = town.ledger
    ledger.login("xiang", "secret-123")
    ctx = AppContext(ledger, township_place(ledger))
    window = MainWindow(ctx, QSettings(str(work / "w.ini"), QSettings.Format.IniFormat))
    window.resize(1366, 728)
    window.show()
    page = window.page("township")
    page.year.setCurrentIndex(page.year.findData(YEAR))
    page.tabs.setCurrentWidget(page.scorecard)
    shoot(window, out / "township-scorecard.png")  # (reads the year on a worker)
    page.scorecard.table.selectRow(0)
    shoot(window, out / "township-scorecard.png")
    dialog = TargetsDialog(ctx, window)
    dialog.show()
    shoot(dialog, out / "township-scorecard-targets.png")
    dialog.reject()
    if args.pdf:
        card = page.scorecard.card
        assert card is not None
        (DOCS / "reports").mkdir(exist_ok=True)
        sheets = write_scorecard_sheets(card, work / "sheets.pdf")
        render(sheets.path, DOCS / "reports" / "scorecard.png")
        summary = write_scorecard_summary(card, work / "summary.pdf")
        render(summary.path, DOCS / "reports" / "scorecard-summary.png")
    window.close()
    town.close()


if __name__ == "__main__":
    main()
