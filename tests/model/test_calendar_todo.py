"""The to-do list keeps what is still open (issue 17, item 5): a quarter still 公示中 with an
objection open stays listed after the next quarter is drafted, and the next one may not be
posted before it is final; in January last December's review and the new year's base points
are mentioned."""

from __future__ import annotations

import datetime as dt

import pytest

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import ValidationError

LAST = dt.date.today().year - 1
Q3, Q4 = f"{LAST}Q3", f"{LAST}Q4"
JANUARY = dt.date(LAST + 1, 1, 12)


@pytest.fixture
def q3_open(world):
    """Last year's Q3 posted with one objection open, Q4 drafted."""
    led, vid = world.ledger, world.village.id
    home = world.household("001", "王建国")
    world.household("002", "李秀英")
    q3 = led.publications.draft(vid, Q3, contact="村委会").value
    led.publications.post(q3.id, dt.date(LAST, 10, 8), dt.date(LAST, 10, 14))
    led.objections.add(q3.id, home.id, "认为少记了一次志愿服务", dt.date(LAST, 10, 9))
    q4 = led.publications.draft(vid, Q4, contact="村委会").value
    return q3, q4


def test_a_quarter_not_final_stays_on_the_list_after_the_next_is_drafted(world, q3_open):
    calendar = world.ledger.calendar(world.village.id, JANUARY)
    assert calendar.previous.quarter == Q4 and calendar.previous.status == "draft"
    assert [q.quarter for q in calendar.unfinished] == [Q3]
    assert [q.quarter for q in calendar.quarters_open] == [Q3, Q4]
    text = calendar.unfinished[0].describe(JANUARY)
    assert "公示中" in text and "异议 1 件待处理" in text


def test_the_next_quarter_is_not_posted_before_the_earlier_one_is_final(world, q3_open):
    led = world.ledger
    _q3, q4 = q3_open
    with pytest.raises(ValidationError, match=f"{LAST}年第3季度的公示还没有定稿.*先处理完它的异议"):
        led.publications.post(q4.id, dt.date(LAST + 1, 1, 8), dt.date(LAST + 1, 1, 14))
    assert led.publications.get(q4.id).status == "draft"


def test_january_mentions_decembers_review_and_the_new_years_base_points(world):
    led, vid = world.ledger, world.village.id
    homes = [world.household(f"00{i}", name) for i, name in enumerate("甲乙丙", 1)]
    led.vetoes.add(homes[0].id, "违法建房", dt.date(LAST, 6, 1), dt.date(LAST + 1, 5, 31))
    for h in homes:
        led.entries.record(vid, EntryDraft(h.id, "B05", dt.date(LAST, 12, 20)))
    calendar = led.calendar(vid, JANUARY)
    assert calendar.overdue == {}  # December's review is not overdue yet in January...
    assert calendar.review_due == (f"{LAST}-12", 3)  # ...but it is due, and said so
    assert f"{LAST}年12月的审核会还没开：待审核 3 条" in calendar.review_due_text()
    assert "已过本月第一周" in calendar.review_due_text()
    # The vetoed household is not counted among those still to get this year's base points.
    assert calendar.base_points_missing == 2
    led.base_points.give(vid, LAST + 1)
    assert led.calendar(vid, JANUARY).base_points_missing == 0
