"""Screenshots of every page of the main window on the demo village at 1366×768, for
docs/screenshots/. Run: xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py
(makes the demo village in ./demo-data first if it is not there)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer

from jifen_desktop.demo import DEMO_PASSWORD, generate_demo
from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui.app import make_application
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.main_window import MainWindow


def main() -> int:
    parser = argparse.ArgumentParser(description="给每个页面截图（1366×768）")
    parser.add_argument("--data-dir", default="demo-data")
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--user", default="admin")
    args = parser.parse_args()
    folder, out = Path(args.data_dir), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if not paths.db_path(folder).exists():
        with Ledger.create(folder) as fresh:
            generate_demo(fresh)
    app = make_application()
    ledger = Ledger.open(folder)
    actor = ledger.operators.authenticate(args.user, DEMO_PASSWORD)
    ctx = AppContext(ledger.as_actor(actor), ledger.villages.resolve())
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "shots.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx, settings)
    window.resize(1366, 740)
    window.show()
    keys = [c.key for c in window.classes]

    def shoot(i: int = 0) -> None:
        if i >= len(keys):
            app.quit()
            return
        window.page(keys[i])
        QTimer.singleShot(
            500,
            lambda: (
                window.grab().save(str(out / f"{keys[i]}.png")),
                print(out / f"{keys[i]}.png"),
                shoot(i + 1),
            ),
        )

    QTimer.singleShot(300, shoot)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
