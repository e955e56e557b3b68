"""What a bundle leaves out for its destination: village operators' password hashes.

A township logs in only its own operators, so a bundle made for the township carries no
village password hash, and a township keeps none (a bundle of an older version, or one made
before the township's key was enrolled, still carries them: they are dropped at import). The
laptops of one village need them (a clerk logs in on either), so bundles between them carry
them, as does the full bundle that sets up a new laptop (``jifen bundle export --new-laptop``).

A hash left out is the empty string. It never displaces a hash held: an operator row arriving
without one keeps the one held here, and a row held without one gets the hash when the same
change arrives with it. ``jifen verify`` does not compare hashes (the audit log masks them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from jifen_desktop.model.row_form import SyncedTable
from jifen_desktop.model.schema import Operator

WITHHELD = ""
TABLE = "operators"
COLUMN = "password_hash"

Row = list[Any]


def for_township(synced: SyncedTable) -> Callable[[Row], Row]:
    """What a township is sent of a row of ``synced``."""
    if synced.name != TABLE:
        return lambda values: values
    at = synced.index(COLUMN)
    return lambda values: _with(values, at, WITHHELD)


def _with(values: Row, at: int, value: Any) -> Row:
    return [*values[:at], value, *values[at + 1 :]]


@dataclass
class HashKeeper:
    """Keeps password hashes where they belong while operator rows merge."""

    township: bool
    fills: dict[str, str] = field(default_factory=dict)  # operator id -> hash to fill in

    def adjust(self, synced: SyncedTable, rows: list[Row], local: dict[str, Row]) -> list[Row]:
        """The arriving rows as this database keeps them; ``local`` rows held without a hash
        are compared as if they had the arriving one (and get it: ``fill``)."""
        if synced.name != TABLE:
            return rows
        at, id_at = synced.index(COLUMN), synced.index("id")
        stamp = (synced.index("hlc"), synced.index("changed_by_replica"))
        adjusted = []
        for values in rows:
            mine = local.get(values[id_at])
            if self.township:
                values = _with(values, at, mine[at] if mine is not None else WITHHELD)
            elif mine is not None and values[at] == WITHHELD:
                values = _with(values, at, mine[at])
            elif mine is not None and mine[at] == WITHHELD and _same(mine, values, stamp):
                local[values[id_at]] = _with(mine, at, values[at])
                self.fills[values[id_at]] = values[at]
            adjusted.append(values)
        return adjusted

    def fill(self, session: Session) -> None:
        """Write the hashes of rows held without one (the same change arrived with it)."""
        if not self.fills:
            return
        stmt = (
            update(Operator.__table__)  # type: ignore[arg-type]
            .where(Operator.id == bindparam("_id"), Operator.password_hash == WITHHELD)
            .values(password_hash=bindparam("_hash"))
        )
        session.connection().execute(
            stmt, [{"_id": k, "_hash": v} for k, v in sorted(self.fills.items())]
        )


def _same(mine: Row, values: Row, stamp: tuple[int, int]) -> bool:
    return all(mine[at] == values[at] for at in stamp)


def scrub_password_hashes(session: Session) -> None:
    """A township keeps no village password hash (rows of older bundles included)."""
    session.execute(
        update(Operator)
        .where(Operator.village_id.is_not(None), Operator.password_hash != WITHHELD)
        .values(password_hash=WITHHELD)
    )
