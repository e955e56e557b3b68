"""Verify's check of the township's summary tables (``model.summaries``): every row is made
again and compared with the row kept, so a wrong total in the cross-village ranking or the
villages overview is named, never shown silently. Quarter rows are made from the entries; a
year's rows add up the quarter rows kept, and a village's add up its households' rows kept (as
an import makes them), so a wrong row there is named in those tables too.

The summaries are derived (the entries are the record), so a difference is no loss: the
finding says to rebuild them (``jifen township rebuild-summaries``). The check costs one
grouped read of the entries per table, a small part of verify's reading every row for the
hash chain. A village keeps no summaries: a row there is named too."""

from __future__ import annotations

from sqlalchemy.orm import Session

from .. import summaries
from .report import VerifyReport

REBUILD = (
    "汇总表由积分记录算出，积分记录本身没有问题：请运行 jifen township rebuild-summaries 重算。"
)
NAMES = {
    "household_totals": "户积分汇总",
    "member_totals": "个人参与汇总",
    "village_totals": "村汇总",
}


def check_summaries(session: Session, report: VerifyReport) -> None:
    """Name each summary table whose rows differ from what the entries give."""
    township = summaries.kept(session)
    for table in summaries.TABLES:
        name = table.__tablename__
        try:
            kept = summaries.stored(session, table)
            should = summaries.computed(session, table, None) if township else set()
        except (ValueError, TypeError):  # a value no date: named by ``verify.unreadable``
            continue
        if kept != should:
            report.add("summary", _message(name, len(kept - should), len(should - kept)), name)


def _message(name: str, extra: int, missing: int) -> str:
    parts = [
        f"{n} 行{what}" for n, what in ((extra, "与积分记录不符或多余"), (missing, "缺少")) if n
    ]
    return f"{NAMES[name]}表（{name}）有{'、'.join(parts)}。{REBUILD}"
