"""The ledger's tables, every one: importing this package puts them all on ``Base`` (typed SQLAlchemy 2.x). Alembic migrations create them; nothing else does.

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
"""

from .audit_members import AuditMember
from .base import NAMING_CONVENTION, UUID_LEN, AppendOnlyRecord, Base, MutableRecord
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
from .summaries import HouseholdTotal, MemberTotal, VillageTotal
from .sync import SyncAck, SyncBundle, SyncConflict, SyncPeer, SyncRange

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
    "VillageTotal",
    "YearEndClosing",
]
