"""The 农户 page's detail panel reloads for another household or changed data, not after
every search that keeps the same household selected."""

from __future__ import annotations

import datetime as dt

from jifen_desktop.ui.pages.households import HouseholdsPage


def test_a_search_keeping_the_household_does_not_reload_the_detail(shown, make_ctx):
    page = shown(HouseholdsPage(make_ctx()))
    loads: list[str | None] = []
    show = page.detail.show_household

    def counted(household_id):
        loads.append(household_id)
        show(household_id)

    page.detail.show_household = counted
    page.search.setText("0201")
    page.apply_filters()
    assert page.detail.household.number == "0201" and len(loads) == 1
    page.search.setText("李")
    page.apply_filters()  # 0201 李秀英 stays selected
    assert len(loads) == 1
    page.search.setText("0101")
    page.apply_filters()
    assert page.detail.household.number == "0101" and len(loads) == 2
    page.search.setText("zzzz")
    page.apply_filters()
    assert page.detail.household is None and loads[-1] is None
    page.search.setText("0101")
    page.apply_filters()
    assert page.detail.household.number == "0101" and len(loads) == 4
    household = page.ctx.ledger.households.by_number(page.ctx.village_id, "0101")
    op = page.ctx.ledger.entries.register_activity(
        page.ctx.village_id, "C06", dt.date.today(), [household.id]
    )
    page.ctx.apply(op)  # changed data: the same household is shown again, with its entry
    assert len(loads) == 5 and page.detail.entries.rowCount() == 1
