"""The type-ahead search over a village's households: each household's search keys (number,
names, pinyin initials and full pinyin, derived data kept in ``household_search_keys``) and the
``HouseholdService`` calls that search them."""

from __future__ import annotations

import builtins
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from . import authz, db
from .household_rows import HouseholdInfo, info_query
from .pinyin_keys import name_keys
from .schema import Household, HouseholdSearchKeys, Member

if TYPE_CHECKING:
    from .ledger import Ledger

IN_CHUNK = 900


def rebuild_search_keys(session: Session, household: Household) -> None:
    """Recompute the derived search text of one household (number, names, pinyin)."""
    rebuild_many_search_keys(session, [household])


def rebuild_many_search_keys(session: Session, households: Sequence[Household]) -> None:
    """``rebuild_search_keys`` of several households, their members' names and their keys'
    rows read in a query per 900 (a roster import writes thousands)."""
    ids = [h.id for h in households]
    names: dict[str, list[str]] = {h.id: [h.head_name, h.unit_name] for h in households}
    rows: dict[str, HouseholdSearchKeys] = {}
    for start in range(0, len(ids), IN_CHUNK):
        part = ids[start : start + IN_CHUNK]
        for household_id, name in session.execute(
            select(Member.household_id, Member.name).where(
                Member.household_id.in_(part), ~Member.is_deleted
            )
        ):
            names[household_id].append(name)
        kept = select(HouseholdSearchKeys).where(HouseholdSearchKeys.household_id.in_(part))
        rows |= {row.household_id: row for row in session.scalars(kept)}
    for household in households:
        keys = _keys(household.number, names[household.id])
        row = rows.get(household.id)
        if row is None:
            session.add(
                HouseholdSearchKeys(
                    household_id=household.id, village_id=household.village_id, keys=keys
                )
            )
        else:
            row.keys = keys


def _keys(number: str, names: Sequence[str]) -> str:
    tokens = {number.lower()}
    for name in filter(None, names):
        tokens.add(name)
        tokens |= name_keys(name)
    return "|" + "|".join(sorted(tokens)) + "|"


class HouseholdSearch:
    """The search half of ``HouseholdService``."""

    ledger: Ledger

    def ensure_search_keys(self, village_id: str) -> int:
        """Make the search keys a township left for later: its import of a village's bundle
        drops the keys of the households it changed instead of spending seconds on pinyin;
        the first search of that village makes them (derived data, not a ledger change)."""
        if self.ledger.mode != "township":
            return 0
        missing = (
            select(Household)
            .outerjoin(HouseholdSearchKeys, HouseholdSearchKeys.household_id == Household.id)
            .where(Household.village_id == village_id, HouseholdSearchKeys.household_id.is_(None))
        )
        with self.ledger.read() as s:
            if s.scalar(select(func.count()).select_from(missing.subquery())) == 0:
                return 0
        with (
            self.ledger.refusing_read_only(),
            Session(db.writer(self.ledger.engine)) as s,
            s.begin(),
        ):
            households = list(s.scalars(missing))
            for household in households:
                rebuild_search_keys(s, household)
        return len(households)

    def matching_ids(self, village_id: str, query: str) -> set[str]:
        """Every household the operator may see whose number, names or pinyin match ``query``
        (as ``search`` finds them, unranked and unlimited: for filtering a whole table)."""
        authz.require_village(self.ledger.actor, village_id)
        q = _search_text(query)
        if not q:
            return set()
        self.ensure_search_keys(village_id)
        actor = self.ledger.actor
        with self.ledger.read() as s:
            rows = s.execute(_matching(select(Household.id, Household.grid_id), village_id, q))
            return {hid for hid, grid_id in rows if authz.can_see_grid(actor, grid_id)}

    def search(self, village_id: str, query: str, limit: int = 20) -> builtins.list[HouseholdInfo]:
        """Type-ahead: household number, head or member name, pinyin initials or full pinyin."""
        authz.require_village(self.ledger.actor, village_id)
        q = _search_text(query)
        if not q:
            return []
        self.ensure_search_keys(village_id)
        stmt = _matching(info_query().add_columns(HouseholdSearchKeys.keys), village_id, q)
        with self.ledger.read() as s:
            rows = s.execute(stmt).all()
        actor = self.ledger.actor
        found = []
        for *fields, keys in rows:
            info = HouseholdInfo(*fields)
            if authz.can_see_grid(actor, info.grid_id):
                found.append((_search_rank(info, keys, q), info))
        found.sort(key=lambda ranked: ranked[0])
        return [info for _rank, info in found[:limit]]


SelectT = TypeVar("SelectT", bound=Select)


def _search_text(query: str) -> str:
    """The query as the keys are kept: full-width digits and letters typed with a Chinese
    input method (``０１``, ``ｗｊｇ``) as ASCII; LIKE's wildcards dropped."""
    text = unicodedata.normalize("NFKC", query).strip().lower()
    return text.replace("%", "").replace("_", "")


def _matching(stmt: SelectT, village_id: str, q: str) -> SelectT:
    """``stmt`` narrowed to the village's households whose search keys match ``q``."""
    pattern = f"%|{q}%" if q.isascii() else f"%{q}%"
    return stmt.join(HouseholdSearchKeys, HouseholdSearchKeys.household_id == Household.id).where(
        HouseholdSearchKeys.village_id == village_id,
        HouseholdSearchKeys.keys.like(pattern),
        ~Household.is_deleted,
    )


def _search_rank(h: HouseholdInfo, keys: str, q: str) -> tuple[int, int, str]:
    """Exact number first, then number prefix, head name, then the rest; active before others.

    ``keys`` is the household's stored search text: the head's pinyin is only worked out when
    the query is one of its words, which keeps a search over thousands of households fast and
    pypinyin unloaded until then."""
    if h.number.lower() == q:
        tier = 0
    elif h.number.lower().startswith(q):
        tier = 1
    elif h.head_name.startswith(q) or (f"|{q}|" in keys and q in name_keys(h.head_name)):
        tier = 2
    else:
        tier = 3
    return (tier, 0 if h.status == "active" else 1, h.number)
