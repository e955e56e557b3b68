"""Screenshots of 分户, 合户 and 注销户 on 农户: the three dialogs filled in (household-split.png,
household-merge.png, household-close.png), and after a 分户 the new household's detail on its
户籍变动 tab (household-changes-tab.png), in docs/screenshots/ (``--size larger``:
docs/screenshots/large/); with ``--pdf`` the old household's 户积分卡 with the 分户 line
(docs/reports/card-split.png). The township, after the village's bundle, shows both
households and the change in 各村台账 › 农户 (township-household-changes.png). Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py household_changes"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from demo_shots import DOCS, export, main_window, pdf_option, prepare, render_pdf, settle, township
from PySide6.QtCore import Qt

from jifen_desktop.model.household_changes import HouseholdChangeService, SplitPlan
from jifen_desktop.reports.card import write_card
from jifen_desktop.ui.household_change_dialogs import SplitDialog

HOUSEHOLD = "0101"


def fill_split(dialog: SplitDialog) -> None:
    for i in range(min(2, len(dialog.members))):
        dialog.leaving.item(i).setCheckState(Qt.CheckState.Checked)
    son = next((m for m in dialog.members[:2] if m.relation == "子"), None)
    if son is not None:
        dialog.head.setCurrentIndex(dialog.head.findData(son.id))
    dialog.number.setText("0901")
    dialog.how.setCurrentIndex(dialog.how.findData("members"))
    dialog.reason.setText("儿子结婚，另立门户")
    dialog.meeting.setText(str(dt.date.today()))


def main() -> int:
    shots = prepare("分户、合户、注销户的截图（1366×768）", options=pdf_option)
    ctx = shots.login()
    window = main_window(ctx)
    page = window.page("households")
    household = ctx.ledger.households.by_number(ctx.village_id, HOUSEHOLD)
    page.show_household(household.id)  # type: ignore[attr-defined]
    for kind, name in (("split", "split"), ("merge", "merge"), ("close", "close")):
        dialog = page.make_change_dialog(kind)  # type: ignore[attr-defined]
        if isinstance(dialog, SplitDialog):
            fill_split(dialog)
        elif kind == "merge":
            dialog.into.setText("0102")
            dialog.reason.setText("老人随子女生活")
        else:
            dialog.reason.setText("户内无人，全户外迁")
        dialog.show()
        settle(0.3)
        shots.save(dialog, f"household-{name}")
        dialog.close()
    split = SplitDialog(ctx, household)
    fill_split(split)
    plan = SplitPlan(
        tuple(m.id for m in split.chosen()),
        split.head.currentData(),
        "0901",
        household.grid_id,
        dt.date.today(),
        split_rule="members",
        reason="儿子结婚，另立门户",
    )
    change = HouseholdChangeService(ctx.ledger).split(household.id, plan)
    ctx.apply(change)
    page.show_household(change.value.to_household_id)  # type: ignore[attr-defined]
    detail = page.detail  # type: ignore[attr-defined]
    detail.tabs.setCurrentIndex(detail.tabs.count() - 2)  # 户籍变动
    shots.save(window, "household-changes-tab", 0.3)
    if shots.args.pdf and not shots.large:
        pdf = shots.work / "card.pdf"
        write_card(ctx.ledger, household.id, dt.date.today().year, pdf)
        render_pdf(pdf, DOCS / "reports" / "card-split.png")
    window.close()
    bundle = export(ctx.ledger, Path(tempfile.mkdtemp()))
    town = main_window(township(shots.work, [bundle]))
    view = town.page("village_view")
    households = view.pages["households"]  # type: ignore[attr-defined]
    view.tabs.setCurrentWidget(households)  # type: ignore[attr-defined]
    households.show_household(change.value.to_household_id)
    detail = households.detail
    detail.tabs.setCurrentIndex(detail.tabs.count() - 2)  # 户籍变动
    shots.save(town, "township-household-changes", 0.3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
