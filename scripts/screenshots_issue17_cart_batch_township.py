"""Screenshots of the screens issue 17 items 6, 8 and 12 changed, on a copy of the demo village
(./demo-data is never written): 批量登记组织活动 (batch-dialog.png), 积分超市 › 兑换 with a vetoed
household (store-cart-vetoed.png) and with a sold-out good and a quantity over stock
(store-cart-stock.png), and a township that imported the demo village: 村庄总览
(township-overview.png) and 跨村排名 (township-rank.png, township-rank-units.png). Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots_issue17_cart_batch_township.py
[--size larger]  (特大: into docs/screenshots/large/)."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from jifen_desktop.demo import DEMO_PASSWORD, generate_demo
from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.setup import AdminDetails, create_township
from jifen_desktop.sync import SyncService
from jifen_desktop.ui import type_size
from jifen_desktop.ui.app import make_application
from jifen_desktop.ui.batch_dialog import BatchDialog
from jifen_desktop.ui.context import AppContext, township_place
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.store.cart import CartSection
from jifen_desktop.ui.pages.township.overview import TownshipOverviewPage

TOWNSHIP_PASSWORD = "shots-1234"


def save(widget: QWidget, out: Path, name: str) -> None:
    for _ in range(10):
        QApplication.processEvents()
    widget.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def window_on(ctx: AppContext) -> MainWindow:
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "shots.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx, settings)
    window.resize(1366, 740)
    window.show()
    return window


def batch_dialog(ctx: AppContext, out: Path) -> None:
    """The activity filled in from the keyboard, the grid box arrowed to its second grid."""
    dialog = BatchDialog(ctx)
    dialog.show()
    dialog.rule.setText("C06")
    dialog.rule.commit()
    dialog.place.setText("文化广场")
    dialog.note.setText("春季植树")
    for row in (1, 2):  # as the arrow keys go: only the grid shown stays ticked
        dialog.grid.setCurrentIndex(row)
    dialog.grid.setFocus()
    save(dialog, out, "batch-dialog")
    dialog.reject()


def cart_shots(window: MainWindow, out: Path) -> None:
    ledger, village_id = window.ctx.ledger, window.ctx.village_id
    cart = window.page("store").section("cart")  # type: ignore[attr-defined]
    assert isinstance(cart, CartSection)
    today = dt.date.today()
    vetoes = ledger.vetoes.list(village_id, in_force_on=today)
    if vetoes:
        cart.choose_household(ledger.households.get(vetoes[0].household_id))
        save(window, out, "store-cart-vetoed")
    vetoed = {v.household_id for v in vetoes}
    balances = ledger.balances.many(village_id)
    richest = max(
        (b for b in balances.values() if b.household_id not in vetoed), key=lambda b: b.available
    )
    goods = sorted((g for g in cart.goods if g.stock), key=lambda g: g.stock or 0)
    window.ctx.apply(
        ledger.store.write_off(village_id, goods[0].name, goods[0].stock or 0, "受潮损坏")
    )
    cart.refresh()
    cart.choose_household(ledger.households.get(richest.household_id))
    cart.cart.clear_lines()
    cart.cart.add(goods[1], (goods[1].stock or 0) + 2)
    cart.cart.add(goods[2], 1)
    save(window, out, "store-cart-stock")


def township_shots(village_folder: Path, root: Path, out: Path) -> None:
    with Ledger.open(village_folder) as village:
        village.login("admin", DEMO_PASSWORD)
        (root / "stick").mkdir()
        bundle = SyncService(village).export(root / "stick").path
    ledger, _ = create_township(
        root / "township", "张集镇", "420881100", AdminDetails("xiang", "乡镇办", TOWNSHIP_PASSWORD)
    )
    ledger.login("xiang", TOWNSHIP_PASSWORD)
    service = SyncService(ledger)
    service.enrol(bundle, trust=True)
    service.import_bundle(bundle)
    window = window_on(AppContext(ledger, township_place(ledger)))
    page = window.page("township")
    assert isinstance(page, TownshipOverviewPage)
    save(window, out, "township-overview")
    page.tabs.setCurrentIndex(1)
    save(window, out, "township-rank")
    page.rank_kind.setCurrentIndex(page.rank_kind.findData("unit"))
    save(window, out, "township-rank-units")


def main() -> int:
    parser = argparse.ArgumentParser(description="批量登记、积分超市、乡镇总览截图")
    parser.add_argument("--data-dir", default="demo-data")
    parser.add_argument("--size", choices=tuple(type_size.FONT_SCALES), default="normal")
    args = parser.parse_args()
    out = Path("docs/screenshots/large" if args.size == "larger" else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    type_size.apply(app, args.size)
    source = Path(args.data_dir)
    if not paths.db_path(source).exists():
        with Ledger.create(source) as fresh:
            generate_demo(fresh)
    root = Path(tempfile.mkdtemp())
    folder = root / "village"
    folder.mkdir()
    shutil.copy(paths.db_path(source), paths.db_path(folder))
    ledger = Ledger.open(folder)
    actor = ledger.operators.authenticate("admin", DEMO_PASSWORD)
    ctx = AppContext(ledger.as_actor(actor), ledger.villages.resolve())
    batch_dialog(ctx, out)
    window = window_on(ctx)
    cart_shots(window, out)
    window.close()
    ledger.close()
    township_shots(folder, root, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
