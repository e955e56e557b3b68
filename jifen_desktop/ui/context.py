"""The GUI's one handle on the ledger: the open ``Ledger`` acting as the logged-in operator,
the current village, and the ``changed`` signal that broadcasts what each mutation changed.

Screens call ``ctx.apply(ledger_call_result)`` after a mutating service call; every page then
refreshes only if the changed kinds of data are ones it shows (Anki's OpChanges pattern).

A township database has no village of its own: its context's village is a stand-in for the
township (``township_place``: its name and code, no id), so that the window title, the login
and the audit log (of every village) work unchanged; township pages never ask for a village's
data through it. A page asks the main window to show another page with ``ctx.open_page``.

``ctx.calendar()`` is where the village stands in the calendar, for the status bar and 首页
alike: asked for twice within a moment (a launch, a refresh of both) with no change in between,
it is computed once (the overview of a big village takes 0.2–0.3 s).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal

from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.tx import Actor, Change, Op
from jifen_desktop.model.villages import VillageInfo

if TYPE_CHECKING:
    from jifen_desktop.model.calendar.overview import CalendarOverview

T = TypeVar("T")
# How long one calendar overview is shown again without being read anew (a write through
# ``apply`` or a new day reads it anew at once).
CALENDAR_REUSE_S = 2.0


class AppContext(QObject):
    """Shared by every page. Never hands out ORM objects: services return dataclasses."""

    changed = Signal(object)  # a jifen_desktop.model.tx.Change
    navigate = Signal(str, object)  # (page key, what to show there): for the main window

    def __init__(self, ledger: Ledger, village: VillageInfo, parent: QObject | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.village = village
        self._calendar: tuple[float, dt.date, CalendarOverview] | None = None

    @property
    def actor(self) -> Actor:
        return self.ledger.actor

    @property
    def village_id(self) -> str:
        return self.village.id

    @property
    def township(self) -> bool:
        """A township database (乡镇汇总库): villages' data is only looked at here."""
        return self.ledger.mode == "township"

    def open_page(self, key: str, what: object = None) -> None:
        """Ask the main window to show page ``key`` (and ``what`` on it, e.g. a village id)."""
        self.navigate.emit(key, what)

    def can(self, *roles: str) -> bool:
        return self.actor.role in roles

    def calendar(self) -> CalendarOverview:
        """Where the current village stands in the calendar (``ledger.calendar``), read once
        for the status bar and 首页 when both ask within a moment and nothing changed."""
        now, today = time.monotonic(), dt.date.today()
        kept = self._calendar
        if kept is not None and now - kept[0] < CALENDAR_REUSE_S and kept[1] == today:
            return kept[2]
        overview = self.ledger.calendar(self.village_id)
        self._calendar = (now, today, overview)
        return overview

    def apply(self, op: Op[T]) -> T:
        """Broadcast what a finished mutation changed (once) and hand back its value."""
        changes: Change = op.changes
        if not changes:
            return op.value
        self._calendar = None
        if Change.VILLAGE in changes and self.village.id:
            self.village = self.ledger.villages.get(self.village.id)
        self.changed.emit(changes)
        return op.value


def township_place(ledger: Ledger) -> VillageInfo:
    """The stand-in village of a township database's context: the township's name and code."""
    from jifen_desktop.sync import SyncService

    me = SyncService(ledger).identity()
    return VillageInfo("", me.code, me.name, me.name, me.code, 0, "carry_over", False)
