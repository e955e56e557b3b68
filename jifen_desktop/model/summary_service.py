"""Rebuilding the township's summary tables on request (``jifen township rebuild-summaries``):
every row made again from the entries in one transaction, for when ``jifen verify`` names a
difference or a township was moved or restored by hand. Derived rows, like the search keys:
no record changes, so no audit row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from . import authz
from .errors import ValidationError
from .schema.summaries import HouseholdTotal
from .summaries import kept, rebuild

if TYPE_CHECKING:
    from .ledger import Ledger
    from .tx import Op, Tx


def rebuild_summaries(ledger: Ledger) -> Op[int]:
    """Make every summary row again; the number of household rows made."""
    authz.require(ledger.actor, authz.ADMIN_ROLES, "重算跨村汇总表")
    with ledger.read() as session:
        if not kept(session):
            raise ValidationError(
                "只有乡镇库保存跨村汇总表；村里的排名和统计直接从积分记录算出，不需要重算。"
            )

    def work(tx: Tx) -> int:
        rebuild(tx.session)
        return tx.session.scalar(select(func.count()).select_from(HouseholdTotal)) or 0

    return ledger.run(work)
