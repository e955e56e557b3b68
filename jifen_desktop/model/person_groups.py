"""The groups persons are ranked in (seed 001 篇2 scores 村民、党员、村干部 apart), each code
with its Chinese name. Plain data with no database code, so the command line offers them in
``--help`` without loading SQLAlchemy."""

from __future__ import annotations

GROUP_NAMES = {"all": "全体村民", "party": "党员", "cadre": "村干部"}
