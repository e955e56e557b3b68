"""Screenshots of where the titles (荣誉称号) show besides their own tab: the household detail on
农户 (household-detail-honours.png) and the township's 村庄总览 with its 荣誉称号 column
(township-overview-honours.png), in docs/screenshots/ (``--size larger``: docs/screenshots/large/).
The village in ``--data-dir`` should hold awards (``jifen honours award``). Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shoot_honours_places.py
--data-dir DIR --household 0185 [--size larger]"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from demo_shots import prepare
from screenshots_issue17_cart_batch_township import save, window_on

from jifen_desktop.demo import DEMO_PASSWORD
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.setup import AdminDetails, create_township
from jifen_desktop.sync import SyncService
from jifen_desktop.ui.context import AppContext, township_place

TOWNSHIP_PASSWORD = "shots-1234"
HOUSEHOLD = "0185"


def main() -> int:
    shots = prepare("荣誉称号在农户详情和乡镇总览上的截图（1366×768）")
    out, work = shots.out, shots.work
    ledger = Ledger.open(shots.data)
    admin = ledger.as_actor(ledger.operators.authenticate("admin", DEMO_PASSWORD))
    village = admin.villages.resolve()
    window = window_on(AppContext(admin, village))
    household = admin.households.by_number(village.id, HOUSEHOLD)
    page = window.page("households")
    page.show_household(household.id)  # type: ignore[attr-defined]
    save(window, out, "household-detail-honours")
    window.close()
    stick = Path(tempfile.mkdtemp())
    bundle = SyncService(admin).export(stick).path
    town, _ = create_township(
        work / "township", "张集镇", "420881100", AdminDetails("xiang", "乡镇办", TOWNSHIP_PASSWORD)
    )
    town.login("xiang", TOWNSHIP_PASSWORD)
    SyncService(town).enrol(bundle, trust=True)
    SyncService(town).import_bundle(bundle)
    township = window_on(AppContext(town, township_place(town)))
    township.page("township")
    save(township, out, "township-overview-honours")
    return 0


if __name__ == "__main__":
    sys.exit(main())
