"""``ctx.calendar()``: the status bar and 首页 share one calendar overview when both ask within
a moment; a change made through ``ctx.apply`` (or the moment passing) reads it anew, so neither
ever shows where the village stood before a write."""

from __future__ import annotations

import datetime as dt

import pytest

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.ui import context


def _record(ctx) -> None:
    household = ctx.ledger.households.by_number(ctx.village_id, "0101")
    draft = EntryDraft(household.id, "B05", dt.date.today(), place="村委会")
    ctx.apply(ctx.ledger.entries.record(ctx.village_id, draft))


def test_asked_twice_at_once_it_is_read_once(make_ctx) -> None:
    ctx = make_ctx("admin")
    first = ctx.calendar()
    assert ctx.calendar() is first
    assert first == ctx.ledger.calendar(ctx.village_id)


def test_a_write_reads_it_anew(make_ctx) -> None:
    ctx = make_ctx("admin")
    before = ctx.calendar()
    _record(ctx)
    after = ctx.calendar()
    assert after is not before
    assert after == ctx.ledger.calendar(ctx.village_id)


def test_after_the_moment_it_is_read_anew(make_ctx, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = make_ctx("admin")
    monkeypatch.setattr(context, "CALENDAR_REUSE_S", 0.0)
    first = ctx.calendar()
    assert ctx.calendar() is not first
