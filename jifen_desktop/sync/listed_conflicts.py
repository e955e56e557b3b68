"""Conflicts listed once (issue 20): a record set aside as a conflict that arrives again (the
loser of two decisions on one entry re-imported in a later bundle, say) changes nothing and
is not listed a second time.

Without this the ``sync_conflicts`` list depended on the order of imports: a decision that
lost (the other was made first) was listed once when it was displaced, and again every time a
bundle carried it back, while the same bundles in another order listed it once. A conflict is
the same when its table, record, local and arriving values are; resolved ones count too (a
clerk who dealt with it is not asked again).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jifen_desktop.model.schema.sync import SyncConflict


def _key(local: dict[str, Any], remote: dict[str, Any]) -> tuple[str, str]:
    return json.dumps(local, sort_keys=True), json.dumps(remote, sort_keys=True)


class ListedConflicts:
    """The conflicts a merge has met: those listed here before, and those of this merge."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.met: set[tuple[str, str, tuple[str, str]]] = set()

    def again(
        self, table: str, record_id: str, local: dict[str, Any], remote: dict[str, Any]
    ) -> bool:
        """Whether this conflict was listed already (here before, or earlier in this merge);
        it is noted as met either way."""
        key = (table, record_id, _key(local, remote))
        if key in self.met:
            return True
        self.met.add(key)
        held = self.session.execute(
            select(SyncConflict.local_json, SyncConflict.remote_json).where(
                SyncConflict.table_name == table, SyncConflict.record_id == record_id
            )
        )
        return any(_key(json.loads(a), json.loads(b)) == key[2] for a, b in held)
