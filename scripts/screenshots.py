"""Screenshots of every page of the main window on the demo village at 1366×768, and of the
first-run wizard (wizard-*.png), every tab of 设置 and 积分超市 (settings-*.png, store-*.png), the
rule editor dialog and 处理异议 (with two corrections ticked), the login and 新增农户 with a
refusal shown (login-refused.png, household-dialog-refused.png),
for docs/screenshots/ (with ``--size larger``: at 特大, for docs/screenshots/large/). Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py [--only wizard]
[--size normal|large|larger]
(makes the demo village in ./demo-data first if it is not there)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from jifen_desktop.demo import DEMO_PASSWORD, generate_demo
from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui import type_size
from jifen_desktop.ui.app import make_application
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.household_dialogs import HouseholdDialog
from jifen_desktop.ui.login import LoginDialog
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.households import HouseholdsPage
from jifen_desktop.ui.pages.publication.objection_dialogs import ResolveObjectionDialog
from jifen_desktop.ui.pages.rankings import RankingsPage
from jifen_desktop.ui.pages.settings import SettingsPage
from jifen_desktop.ui.pages.settings.rules import RulesSection
from jifen_desktop.ui.pages.store.cart import CartSection
from jifen_desktop.ui.wizard import SetupWizard


def shoot_wizard(out: Path) -> None:
    """Each page of the first-run wizard as a clerk fills it in, on a throw-away folder."""
    wizard = SetupWizard(Path(tempfile.mkdtemp()) / "data")
    wizard.show()

    def save(name: str) -> None:
        for _ in range(5):
            QApplication.processEvents()
        wizard.grab().save(str(out / f"wizard-{name}.png"))
        print(out / f"wizard-{name}.png")

    save("welcome")
    wizard.next()
    page = wizard.village
    for edit, text in (
        (page.code, "42088110001"),
        (page.name, "张集村"),
        (page.township, "张集镇"),
    ):
        edit.setText(text)
    wizard.next()  # refused: the code has 11 digits
    save("village")
    page.code.setText("420881100001")
    wizard.next()
    save("rules")
    wizard.next()
    wizard.admin.display_name.setText("王会计")
    for edit in (wizard.admin.password, wizard.admin.password_again):
        edit.setText("mima-2026")
    save("admin")
    wizard.next()
    save("done")
    wizard.close()
    wizard = SetupWizard(Path(tempfile.mkdtemp()) / "data")
    wizard.show()
    wizard.welcome.demo.setChecked(True)
    save("start-demo")
    wizard.next()  # generates the demo village behind a progress dialog
    save("demo")
    wizard.close()


def fill_cart(cart: CartSection) -> None:
    """The cart as a clerk has it just before 兑换: the household with the most points to
    spend, the member who came, two goods."""
    ledger, village = cart.ctx.ledger, cart.ctx.village_id
    balances = ledger.balances.many(village)
    richest = max(balances.values(), key=lambda b: b.available)
    cart.choose_household(ledger.households.get(richest.household_id))
    cart.member.setCurrentIndex(min(1, cart.member.count() - 1))
    cart.cart.clear_lines()
    cheapest = sorted(cart.goods, key=lambda g: g.price)[:3]
    for goods, quantity in zip(cheapest, (2, 1, 1), strict=False):
        cart.cart.add(goods, quantity)


def window_shots(window: MainWindow) -> list[tuple[str, Callable[[], QWidget]]]:
    """(file name, what to put on screen and grab) for every page, one per tab of a page
    in tabs (``<page>-<tab>.png``: 设置, 积分超市) and the rule editor's dialog."""

    def page(key: str) -> Callable[[], QWidget]:
        return lambda: (window.page(key), window)[1]

    def tab(key: str, section: str) -> Callable[[], QWidget]:
        def show() -> QWidget:
            shown = window.page(key).section(section)  # type: ignore[attr-defined]
            if isinstance(shown, CartSection):
                fill_cart(shown)
            return window

        return show

    def rule_dialog() -> QWidget:
        settings = window.page("settings")
        assert isinstance(settings, SettingsPage)
        rules = settings.section("rules")
        assert isinstance(rules, RulesSection)
        rules.select_rule("A16")
        rules.edit_rule()
        assert rules.dialog is not None
        return rules.dialog

    def vetoed_household() -> QWidget:
        """农户 on a household under a veto, its 一票否决 tab showing."""
        page = window.page("households")
        assert isinstance(page, HouseholdsPage)
        ledger, village_id = window.ctx.ledger, window.ctx.village_id
        vetoes = ledger.vetoes.list(village_id, in_force_on=dt.date.today())
        if vetoes:
            page.show_household(vetoes[0].household_id)
            page.detail.tabs.setCurrentIndex(page.detail.tabs.count() - 1)
        return window

    def yearly_rankings() -> QWidget:
        """排名与统计 for last year: grades and the honours of a whole year."""
        page = window.page("rankings")
        assert isinstance(page, RankingsPage)
        page.period.setCurrentIndex(page.period.findData(str(dt.date.today().year - 1)))
        return window

    def resolve_dialog() -> QWidget:
        """处理异议 on the demo's open objection, upheld with the entry reversed and a missed
        entry ticked: its 将会 text at its longest."""
        ledger, village_id = window.ctx.ledger, window.ctx.village_id
        objection = ledger.objections.list(village_id, status="open")[0]
        dialog = ResolveObjectionDialog(window.ctx, objection, window)
        dialog.upheld.setChecked(True)
        dialog.reverse.setChecked(True)
        dialog.missing.tick.setChecked(True)
        dialog.show()
        return dialog

    shots: list[tuple[str, Callable[[], QWidget]]] = []
    shots += dialog_shots(window)
    for cls in window.classes:
        sections = getattr(window.page(cls.key), "sections", None)
        if not sections:
            shots.append((cls.key, page(cls.key)))
            continue
        shots += [(f"{cls.key}-{key}", tab(cls.key, key)) for key in sections]
        if type(window.page(cls.key)) is SettingsPage and "rules" in sections:
            shots.append(("settings-rule-dialog", rule_dialog))
    keys = [cls.key for cls in window.classes]
    if "households" in keys:
        shots.append(("households-veto", vetoed_household))
    if "rankings" in keys:
        shots.append(("rankings-year", yearly_rankings))
    if "publication" in keys and window.ctx.ledger.objections.list(
        window.ctx.village_id, status="open"
    ):
        shots.append(("publication-resolve-dialog", resolve_dialog))
    return shots


def dialog_shots(window: MainWindow) -> list[tuple[str, Callable[[], QWidget]]]:
    """The login after a wrong password and 新增农户 refused by the model: the refusals where
    they appear, the buttons where they were (issue 18)."""

    def login() -> QWidget:
        dialog = LoginDialog(window.ctx.ledger, window.ctx.village.name, "zhangsan", window)
        dialog.password.setText("wrong")
        dialog.show()
        dialog.try_login()  # an unknown name: the demo's own accounts are not made to wait
        return dialog

    def household_refused() -> QWidget:
        dialog = HouseholdDialog(window.ctx, parent=window)
        dialog.show()
        dialog.accept()  # nothing typed: the model's refusal under its field
        return dialog

    return [("login-refused", login), ("household-dialog-refused", household_refused)]


def sized_application(size: str) -> QApplication:
    """The application at type size ``size``, without changing the size the user chose."""
    app = make_application()
    type_size.apply(app, size)
    return app


def main() -> int:
    parser = argparse.ArgumentParser(description="给每个页面截图（1366×768）")
    parser.add_argument("--data-dir", default="demo-data")
    parser.add_argument("--out", help="默认 docs/screenshots，特大字号时 docs/screenshots/large")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--only", choices=("wizard", "pages"), help="只截向导或只截主窗口页面")
    parser.add_argument(
        "--size", choices=tuple(type_size.FONT_SCALES), default="normal", help="字号：标准/大/特大"
    )
    args = parser.parse_args()
    folder = Path(args.data_dir)
    out = Path(
        args.out or ("docs/screenshots/large" if args.size == "larger" else "docs/screenshots")
    )
    out.mkdir(parents=True, exist_ok=True)
    if args.only != "pages":
        sized_application(args.size)
        shoot_wizard(out)
        if args.only == "wizard":
            return 0
    if not paths.db_path(folder).exists():
        with Ledger.create(folder) as fresh:
            generate_demo(fresh)
    app = sized_application(args.size)
    ledger = Ledger.open(folder)
    actor = ledger.operators.authenticate(args.user, DEMO_PASSWORD)
    ctx = AppContext(ledger.as_actor(actor), ledger.villages.resolve())
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "shots.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx, settings)
    window.resize(1366, 740)
    window.show()
    shots = window_shots(window)

    def shoot(i: int = 0) -> None:
        if i >= len(shots):
            app.quit()
            return
        name, show = shots[i]
        widget = show()

        def save() -> None:
            widget.grab().save(str(out / f"{name}.png"))
            print(out / f"{name}.png")
            if isinstance(widget, QDialog):
                widget.reject()
            shoot(i + 1)

        QTimer.singleShot(500, save)

    QTimer.singleShot(300, shoot)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
