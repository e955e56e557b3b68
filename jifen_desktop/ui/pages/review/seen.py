"""Which row a decision key may act on (issue 19: never act on keys pressed before the screen
showed what they act on). ``SeenRow`` remembers the entry the pending list last painted as its
picked row and when; a decision key counts only when it was pressed after that paint, for that
very entry. Keys typed while a decision or a refresh kept the program busy reach the list after
the next row became current, but before or just after it was painted, and were pressed before
it: they are dropped, not replayed onto a row the reviewer has not seen. A held-down key's
repeats never decide.

When a key was pressed: the platform's event time (X11, Windows and Wayland give one, each on
its own clock) mapped onto this program's clock by the smallest gap seen between a key's event
time and the moment it arrived (the gap of a key that arrived at once); events without a time
(made by a test, or a platform without one) count as pressed when they arrive."""

from __future__ import annotations

import time

from PySide6.QtGui import QKeyEvent


def now_ms() -> float:
    return time.monotonic() * 1000


class KeyClock:
    """Maps key events' platform times onto ``now_ms``."""

    def __init__(self) -> None:
        self.offset: float | None = None  # our clock minus the platform's, at its smallest
        self.last = 0

    def pressed_at(self, event: QKeyEvent, arrived: float) -> float:
        stamp = event.timestamp()
        if not stamp:
            return arrived
        if stamp < self.last:  # the platform's clock started again (X11's wraps in 49 days)
            self.offset = None
        self.last = stamp
        gap = arrived - stamp
        self.offset = gap if self.offset is None else min(self.offset, gap)
        return stamp + self.offset


class SeenRow:
    """The entry shown as the picked row, since when, and the decision keys dropped since."""

    def __init__(self) -> None:
        self.clock = KeyClock()
        self.entry_id: str | None = None
        self.painted_at = 0.0
        self.dropped = 0

    def painted(self, entry_id: str | None) -> bool:
        """The list was painted with ``entry_id`` as its picked row: is it a new one?"""
        if entry_id == self.entry_id:
            return False
        self.entry_id, self.painted_at, self.dropped = entry_id, now_ms(), 0
        return True

    def shown(self, entry_id: str | None) -> bool:
        """``entry_id`` is the picked row on screen now."""
        return entry_id is not None and entry_id == self.entry_id

    def accepts(self, event: QKeyEvent, entry_id: str | None) -> bool:
        """A decision key for ``entry_id``: was it pressed while that entry was on screen?"""
        pressed = self.clock.pressed_at(event, now_ms())
        ok = not event.isAutoRepeat() and self.shown(entry_id) and pressed >= self.painted_at
        if not ok:
            self.dropped += 1
        return ok
