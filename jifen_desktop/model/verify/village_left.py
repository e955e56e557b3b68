"""``jifen verify --village``: the rows the village's links list that its reads by index did
not find (``verify.village``), looked for by replica and sequence number before any is named
missing, so that a row the village's indexes do not lead to (an audit row of no village, say)
is checked as the whole ledger's check would, not named as deleted."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..row_form import synced_tables
from .chain import Expected, RowChecks, check_digested, program_digests
from .report import VerifyReport

CHUNK = 900  # sequence numbers in one IN list


def look_for_left(
    session: Session, expected: Expected, checks: RowChecks, report: VerifyReport
) -> None:
    """Check the rows of the village's replicas still listed and not found, wherever their
    table keeps them (a few, read by replica: usually none)."""
    part = checks.part
    if part is None or not expected:
        return
    wanted: dict[tuple[str, str], list[int]] = {}
    for replica_id, seq, table in list(expected.left()):
        if replica_id in part.replicas:
            wanted.setdefault((table, replica_id), []).append(seq)
    tables = {synced.name: synced for synced in synced_tables() if not synced.mutable}
    for (name, replica_id), seqs in sorted(wanted.items()):
        synced = tables.get(name)
        if synced is None:
            continue  # (a table no row can be in: named missing)
        cols = [synced.table.c[column] for column in synced.columns]
        for start in range(0, len(seqs), CHUNK):
            stmt = select(*cols).where(
                synced.origin_column == replica_id,
                synced.seq_column.in_(seqs[start : start + CHUNK]),
            )
            rows = program_digests(session, synced, stmt)
            check_digested(session, synced, rows, (expected, checks), report)
