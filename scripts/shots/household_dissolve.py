"""Screenshot of the 迁出/注销 dialog with 注销 chosen and no reason given: 注销 goes through the
close service, which asks for the reason next to the field (household-dissolve.png in
docs/screenshots/, with ``--size larger`` at 特大 in docs/screenshots/large/). Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py household_dissolve
(makes the demo village in ./demo-data first if it is not there)."""

from __future__ import annotations

import datetime as dt
import sys

from demo_shots import prepare, settle

from jifen_desktop.model.errors import ValidationError
from jifen_desktop.ui.household_dialogs import StatusDialog

HOUSEHOLD = "0101"


def main() -> int:
    shots = prepare("迁出/注销对话框注销须写原因的截图（1366×768）")
    ctx = shots.login()
    household = ctx.ledger.households.by_number(ctx.village_id, HOUSEHOLD)
    dialog = StatusDialog(ctx, household)
    dialog.status.setCurrentIndex(dialog.status.findData("dissolved"))
    try:  # what pressing 办理 without a reason gets from the service
        ctx.ledger.households.set_status(household.id, "dissolved", dt.date.today(), "")
    except ValidationError as exc:
        dialog.show_error(exc)
    else:
        raise SystemExit("注销没有原因竟然办成了：截图脚本与服务不一致")
    dialog.show()
    settle(0.3)
    print(dialog.error_text("reason"), shots.save(dialog, "household-dissolve"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
