"""Screenshots of the screens issue 17 items 6, 8 and 12 changed, on a copy of the demo village
(./demo-data is never written): 批量登记组织活动 (batch-dialog.png), 积分超市 › 兑换 with a vetoed
household (store-cart-vetoed.png) and with a sold-out good and a quantity over stock
(store-cart-stock.png), and a township that imported the demo village: 村庄总览
(township-overview.png) and 跨村排名 (township-rank.png, township-rank-units.png). Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py cart_batch_township."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from demo_shots import export, login, main_window, prepare, township
from demo_shots import save as save_as
from PySide6.QtWidgets import QWidget

from jifen_desktop.demo import DEMO_PASSWORD
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui.batch_dialog import BatchDialog
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.store.cart import CartSection
from jifen_desktop.ui.pages.township.overview import TownshipOverviewPage


def save(widget: QWidget, out: Path, name: str) -> None:
    save_as(widget, out / f"{name}.png")


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
        bundle = export(village, root / "stick")
    window = main_window(township(root, [bundle]))
    page = window.page("township")
    assert isinstance(page, TownshipOverviewPage)
    save(window, out, "township-overview")
    page.tabs.setCurrentIndex(1)
    save(window, out, "township-rank")
    page.rank_kind.setCurrentIndex(page.rank_kind.findData("unit"))
    save(window, out, "township-rank-units")


def main() -> int:
    shots = prepare("批量登记、积分超市、乡镇总览截图", data="db")
    out, root, folder = shots.out, shots.work, shots.data
    ledger = Ledger.open(folder)
    ctx = login(ledger)
    batch_dialog(ctx, out)
    window = main_window(ctx)
    cart_shots(window, out)
    window.close()
    ledger.close()
    township_shots(folder, root, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
