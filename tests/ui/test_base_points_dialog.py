"""发放年度基础分 from the window (设置 › 村信息与积分政策): the vetoed household comes unticked
with its veto as the reason, unticking another asks for a reason before anything is written,
one confirmation gives the rest, the result is shown, the withheld stay withheld on a second
look, and the ledger checks clean."""

from __future__ import annotations

import datetime as dt

from keyboard import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from jifen_desktop.model.base_points import WITHHOLD_ACTION
from jifen_desktop.ui import messages
from jifen_desktop.ui.base_points_dialog import GIVE, NUMBER, REASON, BasePointsDialog
from jifen_desktop.ui.pages.settings.village import VillageSection

YEAR = dt.date.today().year


def rows(dialog: BasePointsDialog) -> dict[str, tuple[bool, str]]:
    table = dialog.table
    return {
        table.item(i, NUMBER).text(): (
            table.item(i, GIVE).checkState() == Qt.CheckState.Checked,
            table.item(i, REASON).text(),
        )
        for i in range(table.rowCount())
    }


def row_of(dialog: BasePointsDialog, number: str) -> int:
    return next(
        i for i in range(dialog.table.rowCount()) if dialog.table.item(i, NUMBER).text() == number
    )


def test_admin_gives_base_points_withholding_the_vetoed_and_one_named(
    qtbot, shown, make_ctx, monkeypatch
):
    asked: list[str] = []
    monkeypatch.setattr(
        messages, "confirm", lambda _p, _t, question: asked.append(question) or True
    )
    ctx = make_ctx("admin")
    ledger, vid = ctx.ledger, ctx.village_id
    vetoed = ledger.households.by_number(vid, "0201")
    ledger.vetoes.add(vetoed.id, "聚众赌博被行政处罚", dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    section = shown(VillageSection(ctx))
    section.refresh()
    assert section.give_base_button.text() == "发放年度基础分…"
    dialog = section.base_points_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.year.value() == YEAR
    shown_rows = rows(dialog)
    assert shown_rows["0101"] == (True, "") and shown_rows["0102"] == (True, "")
    assert not shown_rows["0201"][0] and "聚众赌博被行政处罚" in shown_rows["0201"][1]
    assert "这次发给 2 户，不发 1 户" in dialog.summary.text()

    # Untick 0102 with the space bar: 发放 then asks for its reason, and writes nothing.
    dialog.table.setFocus()
    dialog.table.setCurrentCell(row_of(dialog, "0102"), GIVE)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert "这次发给 1 户，不发 2 户" in dialog.summary.text()
    qtbot.mouseClick(dialog.give_button, Qt.MouseButton.LeftButton)
    assert "“0102 单志”不发基础分" in dialog.message.text() and dialog.message.isVisibleTo(dialog)
    assert asked == [] and ledger.base_points.plan(vid, YEAR).already == 0
    [editor] = dialog.table.findChildren(QLineEdit)  # the reason cell, opened for typing
    type_text(qtbot, editor, "拒不配合人居环境整治，群众反映强烈")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits it a moment later
    qtbot.waitUntil(lambda: rows(dialog)["0102"] == (False, "拒不配合人居环境整治，群众反映强烈"))

    qtbot.mouseClick(dialog.give_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "发给 1 户" in asked[0] and "不发 2 户" in asked[0]
    assert "新记 1 户" in dialog.done_line.text() and "不发 2 户" in dialog.done_line.text()
    audit = {r.object_id: r.summary for r in ledger.audit.list(vid, action=WITHHOLD_ACTION)}
    assert "聚众赌博" in audit[vetoed.id]
    assert "拒不配合人居环境整治" in audit[ledger.households.by_number(vid, "0102").id]
    # What is left is the two withheld, still unticked with their reasons.
    assert set(rows(dialog)) == {"0102", "0201"}
    assert not any(given for given, _ in rows(dialog).values())
    assert "已发 1 户" in dialog.summary.text()
    assert not dialog.give_button.isEnabled()  # nothing new to give or to withhold
    assert ledger.verify().ok


def test_nothing_left_to_give_says_so(qtbot, make_ctx):
    ctx = make_ctx("admin")
    ctx.ledger.base_points.give(ctx.village_id, YEAR)
    dialog = BasePointsDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0
    assert "已经发给全部在册农户（3 户）" in dialog.summary.text()
    assert not dialog.give_button.isEnabled()
