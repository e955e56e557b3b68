"""Screenshots of where the titles (荣誉称号) show besides their own tab: the household detail on
农户 (household-detail-honours.png) and the township's 村庄总览 with its 荣誉称号 column
(township-overview-honours.png), in docs/screenshots/ (``--size larger``: docs/screenshots/large/).
The village in ``--data-dir`` should hold awards (``jifen honours award``). Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py honours_places
--data-dir DIR (household 0185)"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from demo_shots import export, main_window, prepare, township

HOUSEHOLD = "0185"


def main() -> int:
    shots = prepare("荣誉称号在农户详情和乡镇总览上的截图（1366×768）")
    ctx = shots.login()
    window = main_window(ctx)
    household = ctx.ledger.households.by_number(ctx.village_id, HOUSEHOLD)
    page = window.page("households")
    page.show_household(household.id)  # type: ignore[attr-defined]
    shots.save(window, "household-detail-honours")
    window.close()
    bundle = export(ctx.ledger, Path(tempfile.mkdtemp()))
    town = main_window(township(shots.work, [bundle]))
    town.page("township")
    shots.save(town, "township-overview-honours")
    return 0


if __name__ == "__main__":
    sys.exit(main())
