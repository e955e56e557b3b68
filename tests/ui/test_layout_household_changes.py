"""The layout check (layout_check.py, as test_layout_dialogs.py runs it) for 分户…, 合户… and
注销户… at 标准, 大 and 特大 offscreen at 1366×768, on a household with members and points."""

from __future__ import annotations

import datetime as dt

import pytest
from test_layout_dialogs import every_dialog_problems, sized  # noqa: F401 - the fixture

from jifen_desktop.ui import type_size
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.household_change_dialogs import CloseDialog, MergeDialog, SplitDialog


@pytest.fixture
def family(village_world):
    led = village_world.ledger
    h = led.households.by_number(village_world.village.id, "0101")
    for name, relation in (("王小军", "子"), ("赵丽", "儿媳"), ("王小红", "孙女")):
        led.members.add(h.id, name, relation=relation)
    led.entries.generate_base_points(village_world.village.id, dt.date.today().year)


def of_0101(dialog):  # type: ignore[no-untyped-def]
    def make(ctx: AppContext):  # type: ignore[no-untyped-def]
        return dialog(ctx, ctx.ledger.households.by_number(ctx.village_id, "0101"))

    return make


DIALOGS = {
    "分户": (SplitDialog, of_0101(SplitDialog)),
    "合户": (MergeDialog, of_0101(MergeDialog)),
    "注销户": (CloseDialog, of_0101(CloseDialog)),
}


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
@pytest.mark.usefixtures("family")
def test_the_household_change_dialogs_fit_at_each_type_size(qtbot, make_ctx, sized, size):  # noqa: F811
    sized(size)
    found = every_dialog_problems(qtbot, make_ctx("admin"), DIALOGS)
    assert not found, "\n".join(found)
