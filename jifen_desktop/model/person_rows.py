"""One person, several member rows: 分户 and 合户 move a person by marking their row 迁出 and
giving them a new row in the receiving household (``household_moves.move_member``), so that each
household's history keeps the rows it had. The person views (points, ranking, archive, 连续两年)
join a person's rows by ID number within the village; a member without an ID number is one row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from .balances import PointsTotal
from .schema import Household, Member

T = TypeVar("T")


def person_key(member: Member) -> str:
    return member.id_number or member.id


def current_first(rows: Sequence[tuple[Member, T]]) -> list[tuple[Member, T]]:
    """The rows of one person, the one they are in now first (present, then the latest move)."""
    return sorted(
        rows,
        key=lambda r: (r[0].status == "present", r[0].status_since or dt.date.min),
        reverse=True,
    )


def one_row_a_person(found: Iterable[tuple[Member, T]]) -> list[tuple[tuple[Member, T], list[str]]]:
    """Each person once, as their current row, with the ids of all their rows found."""
    by_person: dict[str, list[tuple[Member, T]]] = {}
    for row in found:
        by_person.setdefault(person_key(row[0]), []).append(row)
    merged = []
    for rows in by_person.values():
        ordered = current_first(rows)
        merged.append((ordered[0], [m.id for m, _rest in ordered]))
    return merged


def rows_of_person(session: Session, member: Member, village_id: str) -> list[str]:
    """The ids of every member row of ``member``'s person in the village (``member``'s first)."""
    if not member.id_number:
        return [member.id]
    stmt = (
        select(Member.id)
        .join(Household, Household.id == Member.household_id)
        .where(Household.village_id == village_id, Member.id_number == member.id_number)
    )
    return [member.id, *(i for i in session.scalars(stmt) if i != member.id)]


def keys_of(session: Session, member_ids: Iterable[str]) -> dict[str, str]:
    """member id -> person key, for comparing persons across periods."""
    wanted = list(member_ids)
    stmt = select(Member.id, Member.id_number).where(Member.id.in_(wanted))
    return {i: number or i for i, number in session.execute(stmt)}


def total_of(totals: dict[str, PointsTotal], ids: Iterable[str]) -> PointsTotal:
    parts = [totals[i] for i in ids if i in totals]
    return PointsTotal(
        sum(p.added for p in parts), sum(p.deducted for p in parts), sum(p.entries for p in parts)
    )
