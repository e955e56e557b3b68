"""``jifen verify``: values the program cannot read (a date that is no date, a sequence number
that is no number), found with one query per table before any row is read, named, and left
out of the other checks (reading them would stop verify with an error instead of naming them).

SQLite-specific (``typeof``, ``date``, ``datetime``): the one place verify asks the engine how a
value is stored.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    String,
    Table,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from ..audit_labels import field_name
from ..engine_sql import loose_typing
from ..row_form import synced_tables
from .report import TABLE_NAMES, VerifyReport, id_note

# table -> ids (chain_links: hashes) of its rows the program cannot read
Unreadable = dict[str, set[str]]


def find_unreadable(session: Session, report: VerifyReport) -> Unreadable:
    """Every row of a synced table with a value the program cannot read, each named in
    ``report``. (A chain link whose sequence numbers are no numbers: ``verify.chain``.)"""
    found: Unreadable = {}
    if not loose_typing(session):
        return found  # a PostgreSQL column holds only values of its type
    for table, key in [(t.table, "id") for t in synced_tables()]:
        for row_id, column in _unreadable_rows(session, table, key):
            found.setdefault(table.name, set()).add(row_id)
            value = session.scalar(
                select(type_coerce(table.c[column], String)).where(table.c[key] == row_id)
            )
            report.add(
                "row_changed",
                f"{_name(table.name)}{id_note(row_id)}的{field_name(column, table.name)}"
                f"是“{value}”，程序读不了：它在程序之外被改动过。",
                table.name,
                row_id,
            )
    return found


def _name(table: str) -> str:
    return TABLE_NAMES.get(table, table)


def _unreadable_rows(session: Session, table: Table, key: str) -> list[tuple[str, str]]:
    checks = [(col.name, cond) for col in table.c if (cond := _condition(col)) is not None]
    if not checks:
        return []
    first_bad = case(*[(cond, literal(name)) for name, cond in checks])
    stmt = select(table.c[key], first_bad).where(or_(*[cond for _name, cond in checks]))
    return [(str(row_id), str(column)) for row_id, column in session.execute(stmt)]


def _condition(col: Column[Any]) -> Any:
    """When ``col``'s stored value is one the program cannot read (None: any value reads)."""
    kind = col.type
    if isinstance(kind, Boolean):
        number = type_coerce(col, Integer)
        return and_(col.is_not(None), or_(func.typeof(col) != "integer", number.not_in([0, 1])))
    if isinstance(kind, Integer):
        return func.typeof(col).not_in(["integer", "null"])
    if isinstance(kind, DateTime):
        raw = type_coerce(col, String)
        again = func.datetime(raw, "+0 days")
        return and_(
            col.is_not(None),
            or_(func.typeof(col) != "text", again.is_(None), again != func.substr(raw, 1, 19)),
        )
    if isinstance(kind, Date):
        raw = type_coerce(col, String)
        again = func.date(raw, "+0 days")
        return and_(
            col.is_not(None), or_(func.typeof(col) != "text", again.is_(None), again != raw)
        )
    return None
