"""Ids sort in the order they were made; the hybrid logical clock never runs backwards."""

from __future__ import annotations

import uuid

from jifen_desktop.model import hlc
from jifen_desktop.model.ids import new_id


def test_ids_are_uuid7_unique_and_ordered():
    ids = [new_id() for _ in range(20_000)]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    parsed = uuid.UUID(ids[0])
    assert parsed.version == 7 and parsed.variant == uuid.RFC_4122


def test_clock_moves_forward_when_wall_clock_goes_back():
    stamp = hlc.pack(1_000_000, 0)
    later = hlc.tick(stamp, wall=lambda: 999_000)  # the laptop's clock was set back
    assert later > stamp and hlc.unpack(later) == (1_000_000, 1)
    assert hlc.unpack(hlc.tick(later, wall=lambda: 1_000_500)) == (1_000_500, 0)


def test_clock_after_remote_stamp_is_later_than_both():
    local, remote = hlc.pack(5_000, 3), hlc.pack(7_000, 9)
    merged = hlc.receive(local, remote, wall=lambda: 6_000)
    assert merged > remote > local
