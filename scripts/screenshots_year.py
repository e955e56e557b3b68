"""Screenshots of the year's steps (issue 17) at 1366×768, for docs/screenshots/ (with
``--size larger``: docs/screenshots/large/):

- base-points-dialog.png: 发放年度基础分 on the demo village before this year's base points,
  the vetoed households unticked with their vetoes, one more unticked with a reason typed;
- base-points-done.png: the same dialog after 发放, the result shown;
- home-base-points.png: 首页 with the reminder and its button (before giving);
- home-empty-year.png: 首页 of a village just set up, nothing recorded this year.

Run: xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots_year.py
[--size normal|larger] (makes its demo village in ./demo-data-newyear first: the demo without
this year's base points; and a new village with three households in a temp folder)."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

from jifen_desktop.demo import DEMO_PASSWORD, generate_demo
from jifen_desktop.model import paths
from jifen_desktop.model.entries import EntryService
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.setup import AdminDetails, VillageDetails, create_ledger
from jifen_desktop.model.tx import Change, Op
from jifen_desktop.ui import messages, type_size
from jifen_desktop.ui.app import make_application
from jifen_desktop.ui.base_points_dialog import GIVE, REASON, BasePointsDialog
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.main_window import MainWindow

PASSWORD = "mima-2026"


def demo_without_this_years_base_points(folder: Path) -> None:
    real = EntryService.generate_base_points
    this_year = dt.date.today().year

    def skip_this_year(self: EntryService, village_id: str, year: int) -> Op[int]:
        if year == this_year:
            return Op(0, Change(0))
        return real(self, village_id, year)

    EntryService.generate_base_points = skip_this_year  # type: ignore[method-assign]
    try:
        with Ledger.create(folder) as fresh:
            generate_demo(fresh)
    finally:
        EntryService.generate_base_points = real  # type: ignore[method-assign]


def new_village(folder: Path) -> Ledger:
    made = create_ledger(
        folder,
        VillageDetails("420881100001", "张集村", "张集镇"),
        AdminDetails("admin", "王会计", PASSWORD),
    )
    made.ledger.close()
    ledger = Ledger.open(folder)
    ledger = ledger.as_actor(ledger.operators.authenticate("admin", PASSWORD))
    village = ledger.villages.list()[0]
    for number, head in (("0101", "王建国"), ("0102", "单志"), ("0201", "李秀英")):
        ledger.households.add(village.id, number, head, registered_on=dt.date(2024, 1, 1))
    return ledger


def save(widget: QWidget, path: Path) -> None:
    for _ in range(10):
        QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def window_of(ledger: Ledger, user: str, password: str) -> MainWindow:
    actor = ledger.operators.authenticate(user, password)
    ctx = AppContext(ledger.as_actor(actor), ledger.villages.resolve())
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "shots.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx, settings)
    window.resize(1366, 740)
    window.show()
    return window


def shoot_dialog(window: MainWindow, out: Path) -> None:
    dialog = BasePointsDialog(window.ctx, window)
    dialog.resize(1000, 680)
    dialog.show()
    table = dialog.table
    row = 2  # a third household, unticked by the committee with its reason
    tick, reason = table.item(row, GIVE), table.item(row, REASON)
    assert tick is not None and reason is not None
    tick.setCheckState(Qt.CheckState.Unchecked)
    reason.setText("多次乱倒垃圾，经群众反映、村两委核实")
    table.scrollToTop()
    save(dialog, out / "base-points-dialog.png")
    messages.confirm = lambda *args: True
    dialog.give()
    save(dialog, out / "base-points-done.png")
    dialog.close()


def main() -> int:
    parser = argparse.ArgumentParser(description="年度步骤截图（1366×768）")
    parser.add_argument("--data-dir", default="demo-data-newyear")
    parser.add_argument("--size", choices=tuple(type_size.FONT_SCALES), default="normal")
    args = parser.parse_args()
    out = Path("docs/screenshots/large" if args.size == "larger" else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    folder = Path(args.data_dir)
    if not paths.db_path(folder).exists():
        demo_without_this_years_base_points(folder)
    app = make_application()
    type_size.apply(app, args.size)
    copy = Path(tempfile.mkdtemp()) / "data"
    shutil.copytree(folder, copy)  # 发放 writes: the demo folder stays before it
    window = window_of(Ledger.open(copy), "admin", DEMO_PASSWORD)
    save(window, out / "home-base-points.png")
    shoot_dialog(window, out)
    window.close()
    empty = window_of(new_village(Path(tempfile.mkdtemp()) / "data"), "admin", PASSWORD)
    save(empty, out / "home-empty-year.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
