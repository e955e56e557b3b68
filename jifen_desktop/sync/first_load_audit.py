"""Which arriving audit rows a first load may take as new without asking the database.

In a township the villages' audit rows are kept as members (``model.audit_members``); before
a chunk of them merges, the Merger looks up which are held already: by id in ``audit_log``
(the township's own rows) and by (replica, sequence number) in the members. In a first load
into an empty township the members hold only what this load put there, so the load can know
it without reading them back: ``LoadedAudit`` notes the (replica, seq) of every audit row the
load adds (a byte per sequence number and replica) and the ids of the township's own rows
at the start of each bundle. A chunk none of whose rows is among them is held nowhere, and
the Merger's lookup (two queries and the members' rows unpacked again) is skipped; any other
chunk is looked up as always. It is only ever a shortcut to the same answer: noted means
"may be held", never "held".

The notes live in the session (``session.info``) from the load's first bundle to its end.
A township that already holds members, or a sequence number beyond ``MAX_SEQ`` (no ledger
numbers its rows that far), gives no shortcut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jifen_desktop.model.audit_members import any_members
from jifen_desktop.model.schema import AuditRow

from .first_load import loading_first

KEY = "jifen.first_load.audit"
MAX_SEQ = 1 << 24


@dataclass
class LoadedAudit:
    """The audit rows a first load has added so far, and the township's own rows' ids."""

    seqs: dict[str, bytearray] = field(default_factory=dict)  # replica -> a byte per seq
    own_ids: frozenset[str] = frozenset()

    @classmethod
    def of(cls, session: Session) -> LoadedAudit | None:
        """The load's notes (made at its first bundle), with the township's own ids read
        again; None outside a first load or where members were held before it."""
        if not loading_first(session):
            return None
        if KEY not in session.info:
            held = any_members(session.connection())
            session.info[KEY] = None if held else cls()
        found: LoadedAudit | None = session.info[KEY]
        if found is not None:
            found.own_ids = frozenset(session.scalars(select(AuditRow.id)))
        return found

    def none_held(self, rows: Sequence[Sequence[Any]], at: tuple[int, int, int]) -> bool:
        """Whether no row of ``rows`` (replica, seq and id at ``at``) can be held here (a
        chunk at once: a township's first load asks this of millions of rows)."""
        replica_at, seq_at, id_at = at
        try:
            if not self.own_ids.isdisjoint([values[id_at] for values in rows]):
                return False
            replicas = {values[replica_at] for values in rows}
            return all(self._none_of(rows, replica, at) for replica in replicas)
        except TypeError:  # (a value of no kind a row holds: the Merger's lookup answers)
            return False

    def _none_of(self, rows: Sequence[Sequence[Any]], replica: Any, at: tuple[int, ...]) -> bool:
        """Whether none of the rows of ``replica`` has a sequence number noted."""
        replica_at, seq_at = at[0], at[1]
        seqs = [values[seq_at] for values in rows if values[replica_at] == replica]
        if not isinstance(replica, str) or min(seqs) < 0 or max(seqs) >= MAX_SEQ:
            return False
        if set(map(type, seqs)) != {int}:  # (not a bool, a float, a text)
            return False
        marks = self.seqs.get(replica)
        if marks is None:
            return True
        if max(seqs) >= len(marks):
            marks.extend(bytes(max(seqs) + 1 - len(marks)))
        return not any(map(marks.__getitem__, seqs))

    def add(self, replica: str, seq: int) -> None:
        """Note an audit row the load adds (kept in a member by the end of its bundle)."""
        if not _fits(seq):
            return  # (``none_held`` never answers for such a seq)
        marks = self.seqs.setdefault(replica, bytearray())
        if seq >= len(marks):
            marks.extend(bytes(max(seq + 1 - len(marks), len(marks))))
        marks[seq] = 1


def _fits(seq: Any) -> bool:
    """A sequence number the notes can hold (a byte for each up to it)."""
    return isinstance(seq, int) and 0 <= seq < MAX_SEQ
