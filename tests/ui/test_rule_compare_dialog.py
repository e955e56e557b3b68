"""与方案原文对照 and the row under 设置 › 积分细则's items (issue 22, part 4), driven as a village
admin would: the figures of a village whose items differ from seed 001 篇7's, 采用原文的值 on one
of them (an audited edit; recorded entries keep their points), the optional set added from its
button, the observations switch, and the dialog and the tab at each type size."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from test_layout_dialogs import dialog_problems, sized  # noqa: F401 - the fixture below
from test_settings_rules import shown

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.ui import type_size
from jifen_desktop.ui.pages.settings import rule_seed_bar
from jifen_desktop.ui.pages.settings.rule_compare_dialog import RuleCompareDialog

LEFT = Qt.MouseButton.LeftButton


def row_of(dialog: RuleCompareDialog, code: str) -> int:
    return [r.code for r in dialog.rows].index(code)


def test_the_dialog_shows_the_differences_and_adopts_one(qtbot, make_ctx, village_world):
    ctx = make_ctx("admin")
    ledger, village = ctx.ledger, ctx.village_id
    h = village_world.ledger.households.by_number(village, "0101")
    ledger.rules.update(village, "C06", points_min=3, points_max=3, evidence_required=False)
    old = ledger.entries.record(village, EntryDraft(h.id, "C06", dt.date(2025, 3, 5))).value
    ledger.rules.update(village, "B05", period_cap="month")
    dialog = RuleCompareDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.summary.text() == (
        "与原文一致 81 条；分值或要求不同 2 条；方案原文没有 11 条；本村没有 0 条。"
    )
    row = row_of(dialog, "C06")
    cells = [dialog.table.item(row, c).text() for c in range(dialog.table.columnCount())]
    assert cells[:2] == ["与方案原文不同", "C06"]
    assert cells[3:] == ["分值 3；需要证明 否", "分值 5；需要证明 是", "篇7 三、6"]
    dialog.table.selectRow(row_of(dialog, "A16"))
    assert not dialog.adopt_button.isEnabled()  # not the seed's: nothing to adopt
    dialog.table.selectRow(row)
    qtbot.mouseClick(dialog.adopt_button, LEFT)
    assert dialog.message.text() == "C06 已改用原文的值"
    assert "C06" not in [r.code for r in dialog.rows]
    assert dialog.summary.text().startswith("与原文一致 82 条；分值或要求不同 1 条")
    rule = ledger.rules.get(village, "C06")
    assert (rule.points_min, rule.evidence_required) == (5, True)
    assert ledger.entries.get(old.id).points == 3  # recorded before: keeps its points
    assert not dialog.fill_button.isEnabled()


def test_the_tab_shows_sources_adds_the_optional_set_and_switches(qtbot, tmp_path, monkeypatch):
    from jifen_desktop.model.ledger import Ledger
    from jifen_desktop.ui.context import AppContext

    ledger = Ledger.create(tmp_path)
    village = ledger.villages.create("420881100003", "宗湾村", "张集镇").value
    section = shown(qtbot, AppContext(ledger, village))
    section.refresh()
    assert len(section.rules) == 83
    header = [section.table.horizontalHeaderItem(c).text() for c in range(9)]
    assert section.table.item(0, header.index("出处")).text() == "篇7 一、1"
    assert "篇7 一、1（种子001第206行）" in section.detail.text()
    bar = section.seed_bar
    assert not bar.observations.isChecked()
    bar.observations.click()  # as a click on its box or its text
    assert ledger.rules.observations_without_evidence(village.id)
    asked: list[str] = []
    monkeypatch.setattr(rule_seed_bar, "confirm", lambda _p, _t, text: asked.append(text) or True)
    qtbot.mouseClick(bar.optional_button, LEFT)
    assert "常用扣分项（非方案原文）" in asked[0] and "E01和E14" in asked[0]
    assert section.message.text() == "已加入常用扣分项 11 条"
    assert len(section.rules) == 94
    ledger.close()


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
def test_the_dialog_fits_at_each_type_size(qtbot, make_ctx, sized, size):  # noqa: F811
    """The layout check (layout_check.py) at 1366×768 on the test village (the optional set
    not the seed's: 11 rows)."""
    sized(size)
    dialog = RuleCompareDialog(make_ctx("admin"))
    qtbot.addWidget(dialog)
    assert len(dialog.rows) == 11
    found = dialog_problems(dialog)
    assert not found, "\n".join(found)
