"""Screenshots of 设置 › 积分细则 with the template true to seed 001 (issue 22 part 4): the tab on
a new village (each item's 出处, the observations switch, 加入常用扣分项 and 与方案原文对照), and
与方案原文对照 on the demo village made by the release before (tests/data/ledger-rev0008-demo,
the old 94-item template, upgraded): settings-rules-seed.png and rule-compare-dialog.png in
docs/screenshots/ (``--size larger``: docs/screenshots/large/). Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py rule_template."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from demo_shots import login, prepare
from PySide6.QtCore import QTimer

from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.pages.settings.rule_compare_dialog import RuleCompareDialog
from jifen_desktop.ui.pages.settings.rules import RulesSection

OLD_DEMO = Path(__file__).resolve().parents[2] / "tests" / "data" / "ledger-rev0008-demo.sqlite3"


def main() -> int:
    shots = prepare("积分细则与方案原文对照截图（1366×768）", data="none")
    fresh = Ledger.create(shots.work / "fresh")
    village = fresh.villages.create("420881100009", "宗湾村", "张集镇").value
    section = RulesSection(AppContext(fresh, village))
    section.resize(1366, 700)
    section.show()
    section.refresh()
    shots.data.mkdir()
    shutil.copy(OLD_DEMO, paths.db_path(shots.data))
    ctx = login(Ledger.open(shots.data))
    ctx.ledger.rules.update(ctx.village_id, "B05", points_min=3, points_max=3)
    dialog = RuleCompareDialog(ctx)

    def first() -> None:
        shots.save(section, "settings-rules-seed")
        dialog.show()
        dialog.table.selectRow(
            dialog.rows.index(ctx.ledger.rules.compare_with_seed(ctx.village_id).find("B05"))
        )  # noqa: E501
        QTimer.singleShot(500, lambda: shots.finish(dialog, "rule-compare-dialog"))

    return shots.run(first)


if __name__ == "__main__":
    sys.exit(main())
