"""积分台账 (jifen-desktop): an offline-first ledger for village points-based governance."""

__version__ = "0.1.0"
