"""The ledger's model: everything the window and the command line know about a village's points,
with no Qt and no printing. This is its face: ``from jifen_desktop.model import Ledger, NotFound,
HouseholdInfo`` (the ledger, the errors a service raises, ``Op``/``Change`` of a transaction, and
the frozen ``*Info`` values services return). Everything else lives in the modules and
subpackages (``schema`` the tables, ``calendar``, ``store``, ``backup``, ``roster``, ``verify``);
docs/architecture.md says which is where.

The names load when first used (PEP 562), so that importing one small module of the model (say
``model.periods`` for ``jifen --help``) does not load the ledger and SQLAlchemy with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .audit import AuditInfo
    from .backup.files import BackupInfo
    from .calendar.honour_info import AwardInfo
    from .calendar.objections import ObjectionInfo
    from .calendar.publications import PublicationInfo
    from .calendar.review import SessionInfo
    from .calendar.vetoes import VetoInfo
    from .entry_queries import EntryInfo
    from .errors import (
        Cancelled,
        DomainError,
        LedgerReadOnly,
        LedgerStateError,
        NotFound,
        PermissionDenied,
        QuarterLocked,
        ValidationError,
    )
    from .household_change_info import ChangeInfo
    from .households import HouseholdInfo, StatusChangeInfo
    from .ledger import Ledger
    from .members import MemberInfo
    from .operators import OperatorInfo
    from .rules import CategoryInfo, RuleInfo
    from .store.common import GoodsInfo
    from .store.receipts import RedemptionInfo, RedemptionLineInfo
    from .store.stock import MovementInfo, StocktakeInfo, StocktakeLineInfo
    from .tx import Actor, Change, Op, UnauditedChange
    from .villages import GridInfo, VillageInfo

_WHERE = {
    "Ledger": "ledger",
    "Cancelled": "errors",
    "DomainError": "errors",
    "LedgerReadOnly": "errors",
    "LedgerStateError": "errors",
    "NotFound": "errors",
    "PermissionDenied": "errors",
    "QuarterLocked": "errors",
    "ValidationError": "errors",
    "Actor": "tx",
    "Change": "tx",
    "Op": "tx",
    "UnauditedChange": "tx",
    "AuditInfo": "audit",
    "AwardInfo": "calendar.honour_info",
    "BackupInfo": "backup.files",
    "CategoryInfo": "rules",
    "RuleInfo": "rules",
    "ChangeInfo": "household_change_info",
    "EntryInfo": "entry_queries",
    "GoodsInfo": "store.common",
    "GridInfo": "villages",
    "VillageInfo": "villages",
    "HouseholdInfo": "households",
    "StatusChangeInfo": "households",
    "MemberInfo": "members",
    "MovementInfo": "store.stock",
    "StocktakeInfo": "store.stock",
    "StocktakeLineInfo": "store.stock",
    "ObjectionInfo": "calendar.objections",
    "OperatorInfo": "operators",
    "PublicationInfo": "calendar.publications",
    "RedemptionInfo": "store.receipts",
    "RedemptionLineInfo": "store.receipts",
    "SessionInfo": "calendar.review",
    "VetoInfo": "calendar.vetoes",
}

__all__ = [
    "Actor",
    "AuditInfo",
    "AwardInfo",
    "BackupInfo",
    "Cancelled",
    "CategoryInfo",
    "Change",
    "ChangeInfo",
    "DomainError",
    "EntryInfo",
    "GoodsInfo",
    "GridInfo",
    "HouseholdInfo",
    "Ledger",
    "LedgerReadOnly",
    "LedgerStateError",
    "MemberInfo",
    "MovementInfo",
    "NotFound",
    "ObjectionInfo",
    "Op",
    "OperatorInfo",
    "PermissionDenied",
    "PublicationInfo",
    "QuarterLocked",
    "RedemptionInfo",
    "RedemptionLineInfo",
    "RuleInfo",
    "SessionInfo",
    "StatusChangeInfo",
    "StocktakeInfo",
    "StocktakeLineInfo",
    "UnauditedChange",
    "ValidationError",
    "VetoInfo",
    "VillageInfo",
]


def __getattr__(name: str) -> Any:
    """Load ``name`` from its module the first time it is asked for."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
