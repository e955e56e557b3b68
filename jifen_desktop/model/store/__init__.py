"""The 积分超市 (store): goods and services, the stock ledger, redemptions and returns, the
year-end expiry of available points and the store's figures. ``ledger.store`` is the one
service; each part lives in its own module."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .common import MOVEMENT_NAMES, GoodsInfo, fen_text, yuan_to_fen
from .expiry import ExpiryOps, ExpiryRow, YearEndResult
from .figures import FigureOps, StockValue, StoreFigures
from .goods import GoodsOps
from .receipts import RedemptionInfo, RedemptionLineInfo
from .redemptions import RedemptionOps, redemption_refusal_for_veto
from .stock import MovementInfo, StockOps, StocktakeInfo, StocktakeLineInfo

if TYPE_CHECKING:
    from ..ledger import Ledger

__all__ = [
    "MOVEMENT_NAMES",
    "ExpiryRow",
    "GoodsInfo",
    "MovementInfo",
    "RedemptionInfo",
    "RedemptionLineInfo",
    "StockValue",
    "StocktakeInfo",
    "StocktakeLineInfo",
    "StoreFigures",
    "StoreService",
    "YearEndResult",
    "fen_text",
    "redemption_refusal_for_veto",
    "yuan_to_fen",
]


class StoreService(GoodsOps, StockOps, RedemptionOps, ExpiryOps, FigureOps):
    """``ledger.store``: every call is one transaction, as elsewhere in the model."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
