"""Verify's check of the township's summary tables (``model.summaries``): every row is made
again and compared with the row kept, so a wrong total in the cross-village ranking or the
villages overview is named, never shown silently. Quarter rows are made from the entries; a
year's rows add up the quarter rows kept, and a village's add up its households' rows kept (as
an import makes them), so a wrong row there is named in those tables too.

The summaries are derived (the entries are the record), so a difference is no loss: the
finding says to rebuild them (``jifen township rebuild-summaries``). The check costs one
grouped read of the entries per table, a small part of verify's reading every row for the
hash chain. The rows kept and the rows made are compared by the database (one query per
table, on SQLite and PostgreSQL alike: each row made looked up among the kept by its id): a
county's rows are never all held in memory. A village keeps no summaries: a row there is
named too."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, func, select, union_all
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
    "village_person_totals": "村个人参与汇总",
}


def check_summaries(session: Session, report: VerifyReport, village_id: str | None = None) -> None:
    """Name each summary table whose rows (of one village's, if given) differ from what the
    entries give."""
    township = summaries.kept(session)
    for table in summaries.TABLES:
        name = table.__tablename__
        extra, missing = (
            _differences(session, table, village_id)
            if township
            else (_count(session, table, village_id), 0)
        )
        if extra or missing:
            report.add("summary", _message(name, extra, missing), name)


def _count(session: Session, table: Any, village_id: str | None = None) -> int:
    stmt = select(func.count()).select_from(table)
    if village_id is not None:
        stmt = stmt.where(table.village_id == village_id)
    return session.scalar(stmt) or 0


def _differences(session: Session, table: Any, village_id: str | None) -> tuple[int, int]:
    """(rows kept that the entries do not give, rows the entries give that are not kept), as
    sets compare. Each row made again is looked up among those kept by its id (the primary
    key: one at most) and compared column by column; the rows made are distinct (grouped by
    their key columns, a quarter's and a year's of periods of different lengths), so the rows
    equal are as many on each side, and the rest differ."""
    columns = list(table.__table__.columns)
    part = None if village_id is None else summaries.Part("village_id", [village_id])
    made = union_all(*(rows(part) for of, rows in summaries.STEPS if of is table)).subquery()
    made_columns = list(made.c)
    same = and_(*(k.is_not_distinct_from(m) for k, m in zip(columns, made_columns, strict=True)))
    on = made_columns[0] == table.__table__.c.id
    stmt = select(func.count(), func.coalesce(func.sum(case((same, 1), else_=0)), 0))
    total, equal = session.execute(stmt.select_from(made.outerjoin(table.__table__, on))).one()
    return _count(session, table, village_id) - int(equal), int(total) - int(equal)


def _message(name: str, extra: int, missing: int) -> str:
    parts = [
        f"{n} 行{what}" for n, what in ((extra, "与积分记录不符或多余"), (missing, "缺少")) if n
    ]
    return f"{NAMES[name]}表（{name}）有{'、'.join(parts)}。{REBUILD}"
