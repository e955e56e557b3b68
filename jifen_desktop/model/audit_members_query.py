"""The 审计日志 of a township over its members (``model.audit_members``): the latest rows that
match the page's filters (village, action, record, operator, dates, text), newest first.

Members are read newest first by the time of their latest row, and reading stops once the rows
found fill the page and no member left can hold a newer one: the page's first view opens a few
members, not all. A member that cannot hold a match is skipped before its rows are parsed (its
bytes do not contain the record's id, the operator's name or the text).
"""

from __future__ import annotations

import datetime as dt
import heapq
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .audit_members import audit_form, unpack
from .schema import AuditMember, Entry, Household, Member

MANY = 200  # ids of records a text names, beyond which each line is read instead
Key = tuple[str, int]  # (at as ISO text, seq): the order of the 审计日志


@dataclass(frozen=True)
class AuditFilter:
    """What ``AuditService.list`` asks for; ``about``: ids of the records the text names (its
    households and their entries), or None without a text."""

    village_id: str | None = None
    action: str | None = None
    object_id: str | None = None
    operator: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    text: str | None = None
    about: frozenset[str] | None = None
    # the village whose members can hold the record asked for (``village_of``)
    members_of: str | None = None

    @property
    def start(self) -> dt.datetime | None:
        return dt.datetime.combine(self.since, dt.time()) if self.since else None

    @property
    def end(self) -> dt.datetime | None:
        return dt.datetime.combine(self.until, dt.time.max) if self.until else None

    def line_test(self, data: bytes) -> Callable[[bytes], bool] | None:
        """A quick test of a line of the member ``data`` that every match passes; None when
        the member holds no match."""
        needles = [_needle(v) for v in (self.object_id, self.operator) if v]
        if any(n is not None and n not in data for n in needles):
            return None
        musts = [n for n in needles if n is not None]
        either: list[bytes] = []
        if self.text:
            text = _needle(self.text)
            ids = [i.encode() for i in sorted(self.about or ()) if i.encode() in data]
            if text is not None and len(ids) <= MANY:
                either = [*([text] if text in data else []), *ids]
                if not either:
                    return None
        return lambda line: (
            all(n in line for n in musts) and (not either or any(n in line for n in either))
        )

    def matches(self, row: dict[str, Any]) -> bool:
        if self.village_id and row["village_id"] != self.village_id:
            return False
        if self.action and not str(row["action"]).startswith(self.action):
            return False
        if self.object_id and row["object_id"] != self.object_id:
            return False
        if self.operator and row["operator_name"] != self.operator:
            return False
        start, end = self.start, self.end
        if start and row["at"] < start.isoformat():
            return False
        if end and row["at"] > end.isoformat():
            return False
        if self.text:
            return self.text in str(row["summary"]) or row["object_id"] in (self.about or ())
        return True


def village_of(session: Session, object_id: str) -> str | None:
    """The village of the household, entry or household member ``object_id`` (None for
    another record): only that village's bundles brought rows about it."""
    for stmt in (
        select(Household.village_id).where(Household.id == object_id),
        select(Entry.village_id).where(Entry.id == object_id),
        select(Household.village_id)
        .join(Member, Member.household_id == Household.id)
        .where(Member.id == object_id),
    ):
        found = session.scalar(stmt)
        if found:
            return str(found)
    return None


def _needle(value: str) -> bytes | None:
    """``value`` as a line holds it; None if a line escapes it (a quote, a backslash, a
    control character)."""
    if value.isprintable() and not set(value) & {'"', "\\"}:
        return value.encode()
    return None


def latest_member_rows(conn: Any, wanted: AuditFilter, limit: int) -> list[dict[str, Any]]:
    """The ``limit`` latest rows of the members matching ``wanted`` (by column name), newest
    first."""
    best: list[tuple[Key, int, dict[str, Any]]] = []  # a min-heap of the newest found
    number = 0
    for at_to, member_id in _candidates(conn, wanted):
        if len(best) >= limit and at_to.isoformat() < best[0][0][0]:
            break
        for row in _member_rows(conn, member_id, wanted):
            number += 1
            item = ((str(row["at"]), int(row["seq"])), number, row)
            if len(best) < limit:
                heapq.heappush(best, item)
            elif item[0] > best[0][0]:
                heapq.heapreplace(best, item)
    return [row for _key, _n, row in sorted(best, key=lambda x: x[0], reverse=True)]


def _candidates(conn: Any, wanted: AuditFilter) -> list[tuple[dt.datetime, int]]:
    stmt = select(AuditMember.at_to, AuditMember.id).order_by(AuditMember.at_to.desc())
    village = wanted.village_id or wanted.members_of
    if village:
        stmt = stmt.where(AuditMember.village_id == village)
    if wanted.start:
        stmt = stmt.where(AuditMember.at_to >= wanted.start)
    if wanted.end:
        stmt = stmt.where(AuditMember.at_from <= wanted.end)
    return [(at_to, member_id) for at_to, member_id in conn.execute(stmt)]


def _member_rows(conn: Any, member_id: int, wanted: AuditFilter) -> Iterator[dict[str, Any]]:
    seqs, lines = conn.execute(
        select(AuditMember.seqs, AuditMember.lines).where(AuditMember.id == member_id)
    ).one()
    data = zlib.decompress(lines)
    test = wanted.line_test(data)
    if test is None:
        return
    columns = audit_form().columns
    for row in unpack(seqs, lines, data):
        if not test(row.line):
            continue
        named = dict(zip(columns, row.values(), strict=True))
        if wanted.matches(named):
            yield named


def operator_names(conn: Any, operator_ids: list[str]) -> dict[str, str]:
    """Operator id -> the name the members' rows give it (the latest by its rows' order), for
    operators a township lacks the records of."""
    found: dict[str, str] = {}
    needles = [(i, i.encode()) for i in operator_ids if _needle(i) is not None]
    for seqs, lines in conn.execute(select(AuditMember.seqs, AuditMember.lines)):
        data = zlib.decompress(lines)
        present = [(i, n) for i, n in needles if n in data]
        for row in unpack(seqs, lines, data) if present else ():
            named = dict(zip(audit_form().columns, row.values(), strict=True))
            if named["operator_id"] in dict(present):
                found[named["operator_id"]] = named["operator_name"]
    return found
