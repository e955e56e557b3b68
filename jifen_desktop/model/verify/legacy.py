"""``jifen verify``: stamps that earlier versions of the program wrote without an audit row of
the record's values, told apart from edits made behind the program's back.

Until issue 16 the program itself left two such stamps: drafting a 公示 stamped the
publication again after its audit row (a refresh stamped it with none), and a password change
audited no values. A ledger written then must not read as tampered forever. Each of those
stamps is pinned by a chained row the same transaction wrote right after it, by the same
replica, at the next sequence number:

- a draft's snapshot: its first line (or 补记 line) of the draft's current version;
- a password change: the ``operator.password`` audit row.

Such a stamp is let pass only with that row, and only if every value the old program did not
change there still equals the record's last audited values. Today's program refuses any stamp
without an audit row of the record's values (``Tx`` raises ``UnauditedChange``), so no new
ledger needs this.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ..schema import AuditRow, PublicationLateEntry, PublicationRow

STAMP = {"hlc", "change_seq", "changed_by_replica"}
# What the old draft and refresh changed after the audit row (snapshot figures, and on a
# refresh the contact and note), and what a password change changed (masked in the log).
CHANGED_BY_OLD_PROGRAM = {
    "publications": STAMP | {"version", "taken_at", "pending_entries", "contact", "note"},
    "operators": STAMP | {"password_hash"},
}


def stamped_by_old_program(
    session: Session, table: str, values: dict[str, Any], afters: list[dict[str, Any]]
) -> bool:
    """Whether a record whose stamp no audit row carries was stamped so by an earlier version
    of the program (see the module's docstring), not by hand."""
    free = CHANGED_BY_OLD_PROGRAM.get(table)
    if free is None or not afters:
        return False
    last = max(afters, key=lambda after: after.get("hlc") or 0)
    if any(last.get(key) != value for key, value in values.items() if key not in free):
        return False
    if table == "publications":
        return values.get("status") == "draft" and _snapshot_follows(session, values)
    return _password_audit_follows(session, values)


def _next_row_exists(session: Session, table: Any, values: dict[str, Any], *where: Any) -> bool:
    """Whether ``table`` has the row the stamp's transaction wrote next (same replica, next
    sequence number) meeting ``where``."""
    next_row = (table.replica_id == values["changed_by_replica"]) & (
        table.seq == values["change_seq"] + 1
    )
    return bool(session.scalar(select(exists().where(next_row, *where))))


def _snapshot_follows(session: Session, values: dict[str, Any]) -> bool:
    return any(
        _next_row_exists(
            session,
            table,
            values,
            table.publication_id == values["id"],
            table.version == values["version"],
        )
        for table in (PublicationRow, PublicationLateEntry)
    )


def _password_audit_follows(session: Session, values: dict[str, Any]) -> bool:
    return _next_row_exists(
        session,
        AuditRow,
        values,
        AuditRow.object_id == values["id"],
        AuditRow.action == "operator.password",
    )
