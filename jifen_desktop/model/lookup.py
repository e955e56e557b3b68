"""Short ids to full ids: what a person types for a record (the 8 characters a list prints, or
any unique beginning or end of at least 8, or the full id) turned into the id the services
take, within one village. The ``jifen`` command line asks here (``ledger.lookup``) so that it
holds no SQL of its own; names (a household number, a grid's name) are the services' own calls.

Our ids are time-ordered (UUIDv7): the first 8 characters are the same for everything recorded
within about a minute, so lists print the last 8, which are random."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, select

from .errors import NotFound, ValidationError
from .schema import Entry, HonourAward, Household, Member, Objection, ReviewSession, Veto

if TYPE_CHECKING:
    from .ledger import Ledger

MOST_SHOWN = 6  # more than one match is refused; a few are enough to know that


def _of_village(table: Any) -> Callable[[str], Select[Any]]:
    """The ids of ``table`` (a record with ``id`` and ``village_id``) of one village."""
    return lambda village_id: select(table.id).where(table.village_id == village_id)


def _members_of(village_id: str) -> Select[Any]:
    """The ids of the village's members (a member belongs to a village through its household)."""
    return (
        select(Member.id)
        .join(Household, Member.household_id == Household.id)
        .where(Household.village_id == village_id)
    )


# kind → (the record in words, for messages; its ids in one village, its id column)
KINDS: dict[str, tuple[str, Callable[[str], Select[Any]], Any]] = {
    "entry": ("记录", _of_village(Entry), Entry.id),
    "member": ("成员", _members_of, Member.id),
    "review_session": ("审核会", _of_village(ReviewSession), ReviewSession.id),
    "objection": ("异议", _of_village(Objection), Objection.id),
    "veto": ("一票否决", _of_village(Veto), Veto.id),
    "honour_award": ("荣誉称号", _of_village(HonourAward), HonourAward.id),
}


def id_condition(column: Any, text: str, what: str) -> Any:
    """``column`` equal to the full id ``text``, or beginning or ending with it (8 or more of
    its characters); a text that cannot be an id is refused, saying what to write."""
    value = text.strip().lower()
    if not re.fullmatch(r"[0-9a-f-]{8,36}", value):
        raise ValidationError(f"{what}编号“{text}”不对：请写列表里显示的8位编号（或完整编号）。")
    if len(value) == 36:
        return column == value
    return column.startswith(value, autoescape=True) | column.endswith(value, autoescape=True)


class LookupService:
    """Records named by what a person typed; reads only."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def full_id(self, kind: str, village_id: str, text: str) -> str:
        """The full id of the one ``kind`` record (a key of ``KINDS``) of the village whose id
        is ``text`` or begins or ends with it; none, or more than one, is refused."""
        what, ids_of, column = KINDS[kind]
        stmt = ids_of(village_id).where(id_condition(column, text, what)).limit(MOST_SHOWN)
        with self.ledger.read() as s:
            found = list(s.scalars(stmt))
        if not found:
            raise NotFound(f"找不到编号为“{text}”的{what}，请先用列表命令查看编号。")
        if len(found) > 1:
            raise ValidationError(
                f"编号“{text}”对应不止一条{what}：请写列表里显示的8位编号（完整编号的最后8位），"
                "或写完整编号（可用 --json 查看）。"
            )
        return str(found[0])
