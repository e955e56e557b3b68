"""Screenshot of the 纸质检查表 screen (issue 22 part 3) on a copy of the demo village: 一组's
sheet for the monthly and yearly 家庭积分类 items, a few ticks taken with the keyboard, 登记
pressed with one tick refused (E08 already recorded this month for the first household) and
shown on its row: check-sheet-dialog.png in docs/screenshots/ (``--size larger``:
docs/screenshots/large/). At the standard size the printed sheet's first page is rendered to
docs/reports/check-sheet.png too. Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py check_sheet."""

from __future__ import annotations

import datetime as dt
import sys

from demo_shots import DOCS, prepare, render_pdf
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.reports.check_sheet import write_check_sheet
from jifen_desktop.ui.check_sheet_dialog import CheckSheetDialog

ITEMS = "E08,E05,E01,E02,E03,E07"
KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_Return)


def main() -> int:
    shots = prepare("纸质检查表截图（1366×768）")
    ctx = shots.login()
    grid = ctx.ledger.villages.grids(ctx.village_id)[0]
    first = ctx.ledger.households.list(ctx.village_id, grid_id=grid.id, status="active")[0]
    today = dt.date.today()
    try:
        ctx.ledger.entries.record(ctx.village_id, EntryDraft(first.id, "E08", today))
    except Exception as exc:  # noqa: BLE001 - the demo may hold it already: the refusal shows either way
        print("E08 already there:", exc)
    if not shots.large:
        pdf = shots.work / "check-sheet.pdf"
        write_check_sheet(ctx.ledger, ctx.village_id, grid.id, ITEMS.split(","), pdf, day=today)
        render_pdf(pdf, DOCS / "reports" / "check-sheet.png")
    dialog = CheckSheetDialog(ctx)
    dialog.show()
    dialog.items.setText(ITEMS)
    dialog.load()
    dialog.table.setFocus()

    def tick() -> None:
        for _row in range(3):
            for key in KEYS:
                QTest.keyClick(dialog.table, key)
        QTest.keyClick(dialog.table, Qt.Key.Key_Space)
        dialog.register()
        QTimer.singleShot(500, shoot)

    def shoot() -> None:
        shots.finish(dialog, "check-sheet-dialog")

    return shots.run(tick)


if __name__ == "__main__":
    sys.exit(main())
