"""``jifen verify --village CODE``: what of a township's (or a county's) ledger one village's
check reads, each part by an index, never by reading every village's rows.

* The village's replicas: the laptops enrolled under its code (``sync_peers``) and those whose
  audit members are the village's (``audit_members``' village index); their chain links (the
  links' primary key), with those of this ledger's own replicas (its rows about the village,
  the township's own, are chained there).
* Its rows: of a table holding the village, by its index on ``village_id``; of one that does
  not (a decision, a publication's line ...), joined by an indexed reference to a table that
  does (its entry, its publication ...). A row the village's links list that these reads did
  not find is looked for in its table by replica and sequence before it is named missing.
* Its records that may change, its audit members, snapshots, summaries and enrolled keys.

The database file: a village's check runs SQLite's ``quick_check`` of the whole file (beside
the others, in ``beside``'s worker thread), not the whole check's ``integrity_check`` and
``foreign_key_check``. The file is every village's, and a broken one must not be reported
clean by a village's check: ``quick_check`` reads every page and B-tree of the file and every
record's form (a page torn, lost or doubly used, a record cut short), as ``integrity_check``
does; it leaves out whether each index holds exactly its table's rows and the uniqueness and
reference checks, which read every row and are the whole check's. On a 1,000,000-entry
township it takes some 2 s of CPU against ``integrity_check``'s 8 and more, and runs while the
main thread reads the village. On PostgreSQL the pages are the server's (``pg_amcheck``), as
for the whole check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, PrimaryKeyConstraint, Select, Table, UniqueConstraint, select
from sqlalchemy.orm import Session

from ..errors import NotFound
from ..row_form import SyncedTable
from ..schema import AuditMember, Village
from ..schema.sync import SyncPeer


@dataclass(frozen=True)
class VillagePart:
    """One village of the ledger, and the replicas whose rows are its own."""

    id: str
    code: str
    name: str
    replicas: frozenset[str]  # the village's laptops (a restore gives one a new replica)

    @property
    def label(self) -> str:
        return f"{self.name}（{self.code}）"

    def rows(self, synced: SyncedTable, stmt: Select[Any]) -> Select[Any]:
        """``stmt`` (a select of the table's columns) narrowed to the village's rows, by an
        index (``_route``)."""
        table = synced.table
        if table.name == "villages":
            return stmt.where(table.c.id == self.id)
        column, parent = _route(table)
        if parent is None:
            return stmt.where(column == self.id)
        return stmt.join(parent, column == parent.c.id).where(parent.c.village_id == self.id)


def village_part(session: Session, code: str) -> VillagePart:
    """The village of this code, with its replicas; ``NotFound`` (in words that say what to
    do) when this ledger has none."""
    village = session.scalars(select(Village).where(Village.code == code.strip())).first()
    if village is None:
        raise NotFound(
            f"本台账里没有村代码为“{code}”的村。请用 jifen township overview 查看各村的代码"
            "（村代码是 12 位数字，例如 420881100001）；还没有导入过的村，请先导入它的同步包。"
        )
    peers = select(SyncPeer.replica_id).where(SyncPeer.code == village.code)
    members = select(AuditMember.replica_id).where(AuditMember.village_id == village.id)
    replicas = frozenset(session.scalars(peers)) | frozenset(session.scalars(members.distinct()))
    return VillagePart(village.id, village.code, village.name, replicas)


def quick_file_problems(conn: Any) -> list[str]:
    """SQLite's ``quick_check`` of the whole file (["ok"] when it is sound); none on PostgreSQL
    ([]: the pages are the server's)."""
    if conn.dialect.name != "sqlite":
        return []
    return [str(row[0]) for row in conn.exec_driver_sql("PRAGMA quick_check")]


def _route(table: Table) -> tuple[Column[Any], Table | None]:
    """How a table's rows are found by village: (its ``village_id``, None) when an index
    leads with it; else (a reference column every row fills and an index leads with, the
    table it refers to, which has an index on ``village_id``); else its ``village_id`` read
    without an index (a small table: objections, vetoes ...)."""
    if _leads(table, "village_id"):
        return table.c.village_id, None
    for column in table.c:
        for key in column.foreign_keys:
            parent = key.column.table
            if (
                parent is not table
                and not column.nullable  # (every row refers to one)
                and _leads(parent, "village_id")
                and _leads(table, column.name)
            ):
                return column, parent
    if "village_id" in table.c:
        return table.c.village_id, None
    raise LookupError(f"{table.name}: no way to its village")


def _leads(table: Table, column: str) -> bool:
    """Whether an index (or a unique constraint, or the primary key) starts with ``column``."""
    keys = [c for c in table.constraints if isinstance(c, UniqueConstraint | PrimaryKeyConstraint)]
    firsts: Iterable[Any] = [
        *(next(iter(index.columns), None) for index in table.indexes),
        *(next(iter(key.columns), None) for key in keys),
    ]
    return any(first is not None and first.name == column for first in firsts)
