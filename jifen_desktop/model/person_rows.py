"""One person, several member rows: 分户 and 合户 move a person by marking their row 迁出 and
giving them a new row in the receiving household (``household_moves.move_member``), so that each
household's history keeps the rows it had. The person views (points, ranking, archive, 连续两年)
join a person's rows by ID number within the village, and by the 分户/合户 records too: a
change names the members it moved, whose old row is 迁出 on its day and whose new row is in the
receiving household under the same name (``moved_rows``), so a person recorded without an ID
number is one person across the move as well. A name the change cannot tell apart (two rows of
that name on either side) is left unjoined.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import TypeVar

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from .balances import PointsTotal
from .schema import Household, Member
from .schema.household_changes import HouseholdChange

T = TypeVar("T")


def person_key(member: Member, moved: dict[str, str] | None = None) -> str:
    """The ID number, else the person's first row as the 分户/合户 records join them."""
    return member.id_number or (moved or {}).get(member.id, member.id)


def moved_rows(session: Session, village_id: str | None = None) -> dict[str, str]:
    """Member row id -> the id of the same person's first row, for every row a 分户 or 合户
    made (a person moved twice leads back to their first row); other rows are not listed."""
    stmt = select(HouseholdChange).where(
        HouseholdChange.kind.in_(("split", "merge")), HouseholdChange.to_household_id.is_not(None)
    )
    if village_id is not None:
        stmt = stmt.where(HouseholdChange.village_id == village_id)
    first: dict[str, str] = {}
    for change in session.scalars(stmt.order_by(HouseholdChange.recorded_at)):
        for old, new in _moved_pairs(session, change):
            first[new] = first.get(old, old)
    return first


def _moved_pairs(session: Session, change: HouseholdChange) -> list[tuple[str, str]]:
    """(old row, new row) of each member ``change`` names: the row 迁出 from the household
    that gave on the change's day, and the row of that name in the one that received (one that
    had left it before the change is someone's old row, not the new one)."""
    names = set(json.loads(change.members or "[]"))
    live = (Member.name.in_(names), ~Member.is_deleted)
    left = session.execute(
        select(Member.name, Member.id).where(
            Member.household_id == change.from_household_id,
            Member.status == "moved_out",
            Member.status_since == change.effective_on,
            *live,
        )
    ).all()
    since = or_(Member.status_since.is_(None), Member.status_since >= change.effective_on)
    came = session.execute(  # not a row that had left the receiving household before
        select(Member.name, Member.id).where(
            Member.household_id == change.to_household_id,
            or_(Member.status == "present", since),
            *live,
        )
    ).all()
    olds, news = _only_one_a_name(left), _only_one_a_name(came)
    return [(olds[name], news[name]) for name in names if name in olds and name in news]


def _only_one_a_name(rows: Iterable[tuple[str, str]]) -> dict[str, str]:
    """name -> row id, for the names held by one row only."""
    seen: dict[str, list[str]] = {}
    for name, row_id in rows:
        seen.setdefault(name, []).append(row_id)
    return {name: ids[0] for name, ids in seen.items() if len(ids) == 1}


def current_first(rows: Sequence[tuple[Member, T]]) -> list[tuple[Member, T]]:
    """The rows of one person, the one they are in now first (present, then the latest move)."""
    return sorted(
        rows,
        key=lambda r: (r[0].status == "present", r[0].status_since or dt.date.min),
        reverse=True,
    )


def one_row_a_person(
    found: Iterable[tuple[Member, T]], moved: dict[str, str] | None = None
) -> list[tuple[tuple[Member, T], list[str]]]:
    """Each person once, as their current row, with the ids of all their rows found (joined by
    ID number, and by ``moved``, the village's ``moved_rows``)."""
    by_person: dict[str, list[tuple[Member, T]]] = {}
    for row in found:
        by_person.setdefault(person_key(row[0], moved), []).append(row)
    merged = []
    for rows in by_person.values():
        ordered = current_first(rows)
        merged.append((ordered[0], [m.id for m, _rest in ordered]))
    return merged


def rows_of_person(session: Session, member: Member, village_id: str) -> list[str]:
    """The ids of every member row of ``member``'s person in the village (``member``'s first)."""
    if not member.id_number:
        rows = _rows_moved_with(session, member, village_id)
    else:
        rows = _rows_of_id_number(session, member.id_number, village_id)
    return [member.id, *(i for i in rows if i != member.id)]


def _rows_moved_with(session: Session, member: Member, village_id: str) -> list[str]:
    """The member's rows a 分户 or 合户 led to or from (a person with no ID number)."""
    moved = moved_rows(session, village_id)
    first = moved.get(member.id, member.id)
    return [first, *(i for i, f in moved.items() if f == first)]


def _rows_of_id_number(session: Session, id_number: str, village_id: str) -> list[str]:
    """The village's member rows of one ID number."""
    stmt = (
        select(Member.id)
        .join(Household, Household.id == Member.household_id)
        .where(Household.village_id == village_id, Member.id_number == id_number)
    )
    return list(session.scalars(stmt))


def keys_of(session: Session, member_ids: Iterable[str]) -> dict[str, str]:
    """member id -> person key, for comparing persons across periods."""
    wanted = list(member_ids)
    stmt = select(Member.id, Member.id_number).where(Member.id.in_(wanted))
    moved = moved_rows(session)
    return {i: number or moved.get(i, i) for i, number in session.execute(stmt)}


def total_of(totals: dict[str, PointsTotal], ids: Iterable[str]) -> PointsTotal:
    parts = [totals[i] for i in ids if i in totals]
    return PointsTotal(
        sum(p.added for p in parts), sum(p.deducted for p in parts), sum(p.entries for p in parts)
    )
