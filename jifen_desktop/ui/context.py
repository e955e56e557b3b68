"""The GUI's one handle on the ledger: the open ``Ledger`` acting as the logged-in operator,
the current village, and the ``changed`` signal that broadcasts what each mutation changed.

Screens call ``ctx.apply(ledger_call_result)`` after a mutating service call; every page then
refreshes only if the changed kinds of data are ones it shows (Anki's OpChanges pattern).
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.tx import Actor, Change, Op
from jifen_desktop.model.villages import VillageInfo

T = TypeVar("T")


class AppContext(QObject):
    """Shared by every page. Never hands out ORM objects: services return dataclasses."""

    changed = Signal(object)  # a jifen_desktop.model.tx.Change

    def __init__(self, ledger: Ledger, village: VillageInfo, parent: QObject | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.village = village

    @property
    def actor(self) -> Actor:
        return self.ledger.actor

    @property
    def village_id(self) -> str:
        return self.village.id

    def can(self, *roles: str) -> bool:
        return self.actor.role in roles

    def apply(self, op: Op[T]) -> T:
        """Broadcast what a finished mutation changed (once) and hand back its value."""
        changes: Change = op.changes
        if not changes:
            return op.value
        if Change.VILLAGE in changes:
            self.village = self.ledger.villages.get(self.village.id)
        self.changed.emit(changes)
        return op.value
