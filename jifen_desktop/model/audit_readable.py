"""Audit rows a village auditor can read: the action in Chinese, the household the row is
about (a decision, a reversal, an objection, a redemption name theirs), the village, and the
record's fields in words; for a change only the fields that changed, as "字段：旧 → 新". Sync
bookkeeping (ids, stamps, sequence numbers) is left out. Names are looked up in batches for
all the rows at once (``audit_names``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from .audit import AuditInfo
from .audit_labels import NONE, action_name, field_name, field_order, hidden, table_of
from .audit_names import LOOKUPS, REFERENCES, Names, reference_ids

if TYPE_CHECKING:
    from .ledger import Ledger

# Tables whose audit rows are about one household, found through the record itself.
THROUGH_RECORD = ("households", "entries", "redemptions", "members")


@dataclass(frozen=True)
class FieldChange:
    """One field of the record: its value before (None for a new record) and after (None for
    a record removed)."""

    label: str
    before: str | None
    after: str | None

    def text(self) -> str:
        if self.before is None:
            return f"{self.label}：{self.after}"
        if self.after is None:
            return f"{self.label}：{self.before}"
        return f"{self.label}：{self.before} → {self.after}"


@dataclass(frozen=True)
class ReadableAudit:
    info: AuditInfo
    action_name: str
    village: str
    household: str
    subject: str  # the record, as a clerk knows it ('' when the household says it all)
    changes: tuple[FieldChange, ...]

    @property
    def content(self) -> str:
        """The row's summary; for an edit, with what changed."""
        summary = self.info.summary
        if self.info.action.endswith(".update") and self.changes:
            return f"{summary}：{'；'.join(c.text() for c in self.changes)}"
        return summary

    def detail(self) -> str:
        """Everything about the row, one item a line."""
        lines = [f"操作：{self.action_name}"]
        if self.village:
            lines.append(f"村：{self.village}")
        if self.household:
            lines.append(f"农户：{self.household}")
        if self.subject:
            lines.append(f"记录：{self.subject}")
        lines.append(f"内容：{self.info.summary}")
        if self.changes:
            lines.append("")
            heading = "修改了：" if self.info.before and self.info.after else "记录的内容："
            lines.append(heading)
            lines += [c.text() for c in self.changes]
        return "\n".join(lines)


def read_rows(ledger: Ledger, rows: Sequence[AuditInfo]) -> list[ReadableAudit]:
    """``rows`` (from ``ledger.audit.list``) in words, in one read."""
    with ledger.read() as session:
        return readable_rows(session, rows)


def readable_rows(session: Session, rows: Sequence[AuditInfo]) -> list[ReadableAudit]:
    names = Names.load(session, wanted_ids(rows))
    return [readable(row, names) for row in rows]


def wanted_ids(rows: Iterable[AuditInfo]) -> dict[str, set[str]]:
    """The ids to look up for ``rows``, by table: the records they are about, what their
    values point at, their villages."""
    wanted: dict[str, set[str]] = {}
    for row in rows:
        table = table_of(row.object_type)
        if table in LOOKUPS:
            wanted.setdefault(table, set()).add(row.object_id)
        if row.village_id:
            wanted.setdefault("villages", set()).add(row.village_id)
        for values in (row.before, row.after):
            for key, value in (values or {}).items():
                for record_id in reference_ids(key, value):
                    wanted.setdefault(REFERENCES[key], set()).add(record_id)
    return wanted


def readable(row: AuditInfo, names: Names) -> ReadableAudit:
    table = table_of(row.object_type)
    return ReadableAudit(
        row,
        action_name(row.action, row.object_type),
        names.label("villages", row.village_id) if row.village_id else "",
        _household(row, table, names),
        _subject(row, table, names),
        tuple(changes(table, row.before, row.after, names)),
    )


def _household(row: AuditInfo, table: str, names: Names) -> str:
    if table in THROUGH_RECORD:
        found = names.household_of(table, row.object_id)
        if found:
            return found
    return _household_in_values(row, names)


def _household_in_values(row: AuditInfo, names: Names) -> str:
    """The household the row's values name (after, else before), by its label; '' if none."""
    for values in (row.after, row.before):
        household_id = (values or {}).get("household_id")
        if isinstance(household_id, str) and household_id:
            return names.label("households", household_id)
    return ""


def _subject(row: AuditInfo, table: str, names: Names) -> str:
    """The record a decision or other short row is about, when its values do not say it."""
    if any(key in (row.after or {}) for key in ("rule_code", "receipt_no")):
        return ""
    if table in ("entries", "redemptions") and row.object_id in names.labels.get(table, {}):
        return names.label(table, row.object_id)
    return ""


def changes(
    table: str, before: dict[str, Any] | None, after: dict[str, Any] | None, names: Names
) -> list[FieldChange]:
    """The fields a clerk reads: of a new record those with a value, of a change those that
    changed."""
    keys = sorted(
        {k for k in (*(before or {}), *(after or {})) if not hidden(table, k)}, key=field_order
    )
    found = []
    for key in keys:
        old = _shown(table, key, before, names)
        new = _shown(table, key, after, names)
        if before and after:
            if before.get(key) == after.get(key):
                continue
            old, new = old or NONE, new or NONE
        elif (old or new) == NONE:
            continue
        found.append(FieldChange(field_name(key, table), old, new))
    return found


def _shown(table: str, key: str, values: dict[str, Any] | None, names: Names) -> str | None:
    if not values or key not in values:
        return None
    return names.value(table, key, values[key])
