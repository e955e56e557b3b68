"""The layout check (layout_check.py, as test_layout_dialogs.py runs it) for 授予荣誉称号 and
撤销荣誉称号 at 标准, 大 and 特大 offscreen at 1366×768, with the year's top ten proposed and a
vetoed household apart, and an award to lift. (test_layout_coverage.py should name these two in
CHECKED_ELSEWHERE; that file was being changed by another engineer.)"""

from __future__ import annotations

import datetime as dt

import pytest
from test_honour_award import scored
from test_layout_dialogs import every_dialog_problems, sized  # noqa: F401 - the fixture

from jifen_desktop.model.calendar.honour_awards import HonourAwardService
from jifen_desktop.ui import type_size
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.honour_award_dialog import HonourAwardDialog
from jifen_desktop.ui.honour_list import LiftAwardDialog

YEAR = str(dt.date.today().year)


def lifting(ctx: AppContext) -> LiftAwardDialog:
    service = HonourAwardService(ctx.ledger)
    household = ctx.ledger.households.by_number(ctx.village_id, "0101").id
    made = service.award(ctx.village_id, [household], "十星级文明户", YEAR, dt.date.today())
    award = made.value.awarded[0] if made.value.awarded else service.list(ctx.village_id)[0]
    return LiftAwardDialog(ctx, award)


DIALOGS = {
    "授予荣誉称号": (HonourAwardDialog, lambda ctx: HonourAwardDialog(ctx, YEAR)),
    "撤销荣誉称号": (LiftAwardDialog, lifting),
}


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
def test_the_honour_dialogs_fit_at_each_type_size(qtbot, make_ctx, village_world, sized, size):  # noqa: F811
    scored(village_world)
    sized(size)
    found = every_dialog_problems(qtbot, make_ctx("admin"), DIALOGS)
    assert not found, "\n".join(found)
