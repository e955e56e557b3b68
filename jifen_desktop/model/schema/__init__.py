"""The ledger's tables (typed SQLAlchemy 2.x). Alembic migrations create them; nothing else does.

Two kinds of record, ready for sync between replicas (PRODUCT.md "Sync"):

* mutable records (villages, grids, households, members, rules, operators, store goods) carry a
  hybrid-logical-clock stamp ``hlc``, the replica that last changed them and that replica's
  sequence number; a delete is a tombstone (``is_deleted``), never a removed row;
* append-only records (entries, decisions on entries, household status changes, evidence, audit
  rows; the store's redemptions, returns, stock movements, stocktakes and year-end expiries)
  carry the replica that wrote them and its sequence number and are never updated in place.

Every record's primary key is a UUID string.

Natural keys that two laptops of one village can hand out independently (a household number, a
receipt number, a rule code, a grid or goods name, a username, a year's closing) are indexed, not
unique: the services check them before writing, and a sync merge keeps both records and lists
the clash for the village to settle (``sync.clashes``). One decision per entry and one return
per redemption stay unique: a second one arriving by sync goes to the conflict list.

Loading (issue 19, "start fast"): ``ledger`` loads with the package — it holds every table a
foreign key names but one: ``entry_decisions.session_id`` names ``review_sessions`` (in
``calendar``), a key SQLAlchemy looks up only to sort tables (``Base.metadata``, Alembic, an ORM
flush of a decision, which never happens: decisions are inserted as rows, ``Tx.insert``) and
passes over when it infers a join. Each other module of tables, ``calendar`` included, loads
when one of its names is first asked for (``from .schema import SyncPeer`` or ``from
.schema.sync import …``), so that a command declares only the tables it uses: the calendar's
six tables cost ``jifen balance`` about 5 % of its CPU, the sync, summary, honour and
audit-member tables as much again. ``Base``
asked for here (or ``load_all()``) loads every module first, so whatever reads ``Base.metadata``
or ``Base.registry`` through this package sees every table, as Alembic and the sync's row forms
need (``Base`` taken from ``schema.base`` directly holds only the tables loaded so far).
The modules of tables do without ``from __future__ import annotations``: with it, SQLAlchemy
turns every ``Mapped[...]`` annotation back from text with ``eval`` as it declares the table
(about 2 % of ``jifen balance``'s CPU).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .base import NAMING_CONVENTION, UUID_LEN, AppendOnlyRecord, MutableRecord
from .ledger import (
    AuditRow,
    Entry,
    EntryDecision,
    EvidenceFile,
    Grid,
    Household,
    HouseholdStatusChange,
    Member,
    Operator,
    Replica,
    RuleCategory,
    RuleItem,
    Village,
)

if TYPE_CHECKING:
    from .audit_members import AuditMember
    from .base import Base
    from .calendar import (
        Objection,
        Publication,
        PublicationLateEntry,
        PublicationRow,
        ReviewSession,
        Veto,
    )
    from .chain import ChainLink
    from .honours import HonourAward
    from .household_changes import HouseholdChange
    from .search import HouseholdSearchKeys
    from .store import (
        PointExpiry,
        Redemption,
        RedemptionLine,
        RedemptionReturn,
        StockMovement,
        Stocktake,
        StocktakeLine,
        StoreGoods,
        YearEndClosing,
    )
    from .summaries import HouseholdTotal, MemberTotal, VillagePersonTotal, VillageTotal
    from .sync import SyncAck, SyncBundle, SyncConflict, SyncPeer, SyncRange

# The modules loaded on first use, and their tables' classes.
LATER = {
    "audit_members": ("AuditMember",),
    "calendar": (
        "Objection",
        "Publication",
        "PublicationLateEntry",
        "PublicationRow",
        "ReviewSession",
        "Veto",
    ),
    "chain": ("ChainLink",),
    "honours": ("HonourAward",),
    "household_changes": ("HouseholdChange",),
    "search": ("HouseholdSearchKeys",),
    "store": (
        "PointExpiry",
        "Redemption",
        "RedemptionLine",
        "RedemptionReturn",
        "StockMovement",
        "Stocktake",
        "StocktakeLine",
        "StoreGoods",
        "YearEndClosing",
    ),
    "summaries": ("HouseholdTotal", "MemberTotal", "VillagePersonTotal", "VillageTotal"),
    "sync": ("SyncAck", "SyncBundle", "SyncConflict", "SyncPeer", "SyncRange"),
}
_HOME = {name: module for module, names in LATER.items() for name in names}


def load_all() -> None:
    """Declare every table: ``Base.metadata`` and ``Base.registry`` then hold them all."""
    for module in LATER:
        importlib.import_module(f"{__name__}.{module}")


def __getattr__(name: str) -> Any:
    """A class of a module loaded on first use; ``Base`` with every module loaded."""
    if name == "Base":
        load_all()
        value: Any = importlib.import_module(f"{__name__}.base").Base
    elif name in _HOME:
        value = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


__all__ = [
    "AppendOnlyRecord",
    "AuditMember",
    "AuditRow",
    "Base",
    "ChainLink",
    "Entry",
    "EntryDecision",
    "EvidenceFile",
    "Grid",
    "HonourAward",
    "Household",
    "HouseholdChange",
    "HouseholdSearchKeys",
    "HouseholdStatusChange",
    "HouseholdTotal",
    "Member",
    "MemberTotal",
    "MutableRecord",
    "NAMING_CONVENTION",
    "Objection",
    "Operator",
    "PointExpiry",
    "Publication",
    "PublicationLateEntry",
    "PublicationRow",
    "Redemption",
    "RedemptionLine",
    "RedemptionReturn",
    "Replica",
    "ReviewSession",
    "RuleCategory",
    "RuleItem",
    "StockMovement",
    "Stocktake",
    "StocktakeLine",
    "StoreGoods",
    "SyncAck",
    "SyncBundle",
    "SyncConflict",
    "SyncPeer",
    "SyncRange",
    "UUID_LEN",
    "Veto",
    "Village",
    "VillagePersonTotal",
    "VillageTotal",
    "YearEndClosing",
]
