"""Screenshots of the year's steps (issue 17) at 1366×768, for docs/screenshots/ (with
``--size larger``: docs/screenshots/large/):

- base-points-dialog.png: 发放年度基础分 on the demo village before this year's base points,
  the vetoed households unticked with their vetoes, one more unticked with a reason typed;
- base-points-done.png: the same dialog after 发放, the result shown;
- home-base-points.png: 首页 with the reminder and its button (before giving);
- home-empty-year.png: 首页 of a village just set up, nothing recorded this year.

Run: xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py year
(makes its demo village in ./demo-data-newyear first: the demo without
this year's base points; and a new village with three households in a temp folder)."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from demo_shots import Shots, login, main_window, prepare
from PySide6.QtCore import Qt

from jifen_desktop.demo import generate_demo
from jifen_desktop.model.entries import EntryService
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.setup import AdminDetails, VillageDetails, create_ledger
from jifen_desktop.model.tx import Change, Op
from jifen_desktop.ui import messages
from jifen_desktop.ui.base_points_dialog import GIVE, REASON, BasePointsDialog
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


def shoot_dialog(shots: Shots, window: MainWindow) -> None:
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
    shots.save(dialog, "base-points-dialog")
    messages.confirm = lambda *args: True
    dialog.give()
    shots.save(dialog, "base-points-done")
    dialog.close()


def main() -> int:
    # 发放 writes: the copy is given to, ./demo-data-newyear stays before it
    shots = prepare(
        "年度步骤截图（1366×768）",
        make=demo_without_this_years_base_points,
        options=lambda parse: parse.set_defaults(data_dir="demo-data-newyear"),
    )
    window = shots.window(shots.login())
    shots.save(window, "home-base-points")
    shoot_dialog(shots, window)
    window.close()
    empty = new_village(Path(tempfile.mkdtemp()) / "data")
    shots.save(main_window(login(empty, "admin", PASSWORD)), "home-empty-year")
    return 0


if __name__ == "__main__":
    sys.exit(main())
