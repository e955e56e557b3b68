"""Hybrid logical clock: a stamp that orders changes across replicas and never runs backwards.

A stamp is one integer: wall-clock milliseconds shifted left 16 bits plus a logical counter.
It is persisted in the ``replica`` row so it keeps moving forward across restarts, even when
the laptop's clock is set back.
"""

from __future__ import annotations

import time
from collections.abc import Callable

COUNTER_BITS = 16
COUNTER_MASK = (1 << COUNTER_BITS) - 1


def pack(wall_ms: int, counter: int) -> int:
    return (wall_ms << COUNTER_BITS) | counter


def unpack(stamp: int) -> tuple[int, int]:
    return stamp >> COUNTER_BITS, stamp & COUNTER_MASK


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def tick(last: int, wall: Callable[[], int] = now_ms) -> int:
    """The next local stamp after ``last``: the wall clock if it moved on, else ``last`` + 1."""
    wall_ms = wall()
    last_ms, last_counter = unpack(last)
    if wall_ms > last_ms:
        return pack(wall_ms, 0)
    if last_counter >= COUNTER_MASK:
        return pack(last_ms + 1, 0)
    return pack(last_ms, last_counter + 1)


def receive(last: int, remote: int, wall: Callable[[], int] = now_ms) -> int:
    """The local stamp after seeing ``remote``: later than both ``last`` and ``remote``."""
    return tick(max(last, remote), wall)
