"""Record ids: time-ordered UUIDs (version 7) so that new rows land at the end of indexes and
ids made one after another in this process sort in the order they were made."""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0
COUNTER_MAX = (1 << 12) - 1


def new_id() -> str:
    """A new globally unique id as a 36-character string (UUIDv7, RFC 9562 method 1: a 12-bit
    counter after the millisecond time keeps ids of one millisecond in order)."""
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            ms = _last_ms
            _counter += 1
            if _counter > COUNTER_MAX:
                ms += 1
                _counter = 0
        else:
            _counter = int.from_bytes(os.urandom(1), "big")  # leave room to count up
        _last_ms = ms
        counter = _counter
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0x2 << 62 | rand_b
    return str(uuid.UUID(int=value))
