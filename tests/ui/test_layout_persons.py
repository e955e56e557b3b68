"""The layout check (layout_check.py, as test_layout_dialogs.py runs it) for 个人积分档案 at
标准, 大 and 特大 offscreen at 1366×768, with entries approved, pending and a title. The
个人排名 tab is checked with every page's tabs by test_layout_sizes.py."""

from __future__ import annotations

import pytest
from test_layout_dialogs import every_dialog_problems, sized  # noqa: F401 - the fixture
from test_persons_gui import persons  # noqa: F401 - the fixture

from jifen_desktop.ui import type_size
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.person_archive_dialog import PersonArchiveDialog


def archive_of_the_son(ctx: AppContext) -> PersonArchiveDialog:
    household = ctx.ledger.households.by_number(ctx.village_id, "0101")
    son = next(m for m in ctx.ledger.members.list(household.id) if m.name == "王小军")
    return PersonArchiveDialog(ctx, son.id)


DIALOGS = {"个人积分档案": (PersonArchiveDialog, archive_of_the_son)}


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
@pytest.mark.usefixtures("persons")
def test_the_person_archive_fits_at_each_type_size(qtbot, make_ctx, sized, size):  # noqa: F811
    sized(size)
    found = every_dialog_problems(qtbot, make_ctx("admin"), DIALOGS)
    assert not found, "\n".join(found)
