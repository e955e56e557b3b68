"""ledger.lookup: a record's full id from what a person types (the last 8 characters lists
print, a unique beginning, or the full id), within one village and one kind of record."""

from __future__ import annotations

import datetime as dt

import pytest

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import NotFound, ValidationError

D = dt.date(2026, 3, 10)


def two_entries(world):
    h = world.household("001", "王建国")
    record = world.ledger.entries.record
    return h, [record(world.village.id, EntryDraft(h.id, "A07", D)).value for _ in range(2)]


def test_full_id_from_its_tail_its_beginning_or_itself(world):
    _h, (first, second) = two_entries(world)
    full_id = world.ledger.lookup.full_id
    v = world.village.id
    assert full_id("entry", v, first.id[-8:]) == first.id
    assert full_id("entry", v, second.id[-10:].upper()) == second.id
    assert full_id("entry", v, f"  {first.id} ") == first.id
    assert full_id("entry", v, first.id[:20]) == first.id


def test_a_beginning_two_records_share_is_refused_saying_what_to_write(world):
    _h, (first, second) = two_entries(world)
    assert first.id[:8] == second.id[:8]  # time-ordered ids: the same minute, the same start
    with pytest.raises(ValidationError, match="不止一条记录.*8位编号"):
        world.ledger.lookup.full_id("entry", world.village.id, first.id[:8])


def test_unknown_other_kind_and_malformed_ids_are_refused(world):
    h, (entry, _second) = two_entries(world)
    lookup, v = world.ledger.lookup, world.village.id
    with pytest.raises(NotFound, match="找不到编号为“00000000”的记录"):
        lookup.full_id("entry", v, "00000000")
    with pytest.raises(NotFound, match="的成员"):
        lookup.full_id("member", v, entry.id[-8:])  # an entry's id names no member
    with pytest.raises(ValidationError, match="审核会编号“abc”不对"):
        lookup.full_id("review_session", v, "abc")
    head = world.ledger.members.list(h.id)[0]
    assert lookup.full_id("member", v, head.id[-8:]) == head.id
    with pytest.raises(NotFound):
        lookup.full_id("member", "another-village", head.id[-8:])
