"""一票否决 on the household's page (put on, shown, lifted) and in 排名与统计 (still ranked,
marked, left out of the honours)."""

from __future__ import annotations

import datetime as dt

from keyboard import type_text

from jifen_desktop.ui import messages
from jifen_desktop.ui.pages.households import HouseholdsPage
from jifen_desktop.ui.pages.rankings import RankingsPage
from jifen_desktop.ui.veto_dialogs import LiftVetoDialog, VetoDialog


def test_a_reviewer_puts_a_veto_on_and_lifts_it(qtbot, shown, make_ctx, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    page = shown(HouseholdsPage(make_ctx("shenhe")))
    household = page.ctx.ledger.households.by_number(page.ctx.village_id, "0101")
    page.show_household(household.id)
    detail = page.detail
    assert detail.veto_button.isEnabled() and detail.veto_button.text() == "一票否决"
    assert detail.fields["veto"].text() == "无"
    dialog = detail.make_veto_dialog()
    assert isinstance(dialog, VetoDialog)
    qtbot.addWidget(dialog)
    dialog.accept()  # no reason: refused under the field, nothing written
    assert "原因" in dialog.error_text("reason")
    type_text(qtbot, dialog.reason, "违法建房，拒不整改")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    [veto] = page.ctx.ledger.vetoes.list(page.ctx.village_id)
    assert veto.reason == "违法建房，拒不整改" and veto.in_force(dt.date.today())
    assert detail.fields["veto"].text().startswith("否决中：")
    assert detail.veto_button.text() == "解除否决"
    lift = detail.make_veto_dialog()
    assert isinstance(lift, LiftVetoDialog)
    qtbot.addWidget(lift)
    type_text(qtbot, lift.reason, "整改到位")
    lift.accept()
    assert detail.fields["veto"].text() == "无" and detail.veto_button.text() == "一票否决"
    assert detail.vetoes.rowCount() == 1


def test_a_recorder_cannot_veto(shown, make_ctx):
    page = shown(HouseholdsPage(make_ctx("wgy1")))
    household = page.ctx.ledger.households.by_number(page.ctx.village_id, "0101")
    page.show_household(household.id)
    assert not page.detail.veto_button.isEnabled() and page.detail.make_veto_dialog() is None


def test_rankings_mark_a_vetoed_household_and_leave_it_out_of_honours(shown, make_ctx):
    ctx = make_ctx("admin")
    ledger, village_id = ctx.ledger, ctx.village_id
    year = dt.date.today().year
    ledger.entries.generate_base_points(village_id, year)
    household = ledger.households.by_number(village_id, "0201")
    ledger.vetoes.add(household.id, "聚众赌博", dt.date(year, 1, 1), dt.date(year, 12, 31))
    page = shown(RankingsPage(ctx))
    page.period.setCurrentIndex(page.period.findData(str(year)))
    page.refresh()
    rows = {
        page.table.item(i, 1).text(): page.table.item(i, 8).text()
        for i in range(page.table.rowCount())
    }
    assert rows == {"0101": "", "0102": "", "0201": "一票否决，不参评"}
    assert "一票否决、不参评：0201 李秀英" in page.honours.text()
