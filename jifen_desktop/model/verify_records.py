"""``jifen verify``, part 4: the records that may change (households, members, rule items,
goods, sessions ...) against their audit log.

Every change the program makes to such a record stamps it (hybrid clock, replica, sequence) and
writes an audit row holding the record's values after the change, stamp included; the audit
rows are in the hash chain. So the audit row carrying a record's current stamp must hold the
record's current values. A record edited behind the program's back (an SQLite editor) either
keeps its stamp and then differs from that audit row, or got a stamp no audit row carries.

Not covered: records no audit row mentions at all (rule items copied from the template before
this version audited them one by one) are counted, not named; a password hash is masked in the
audit log, so it is not compared.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .row_form import SyncedTable, synced_tables, to_json_values
from .tables import AuditRow

IN_CHUNK = 900
NOT_COMPARED = {"password_hash"}
LABEL_COLUMNS = ("number", "head_name", "code", "name", "username", "title")

RECORD_NAMES = {
    "villages": "村",
    "grids": "网格",
    "operators": "操作员",
    "households": "农户",
    "members": "家庭成员",
    "rule_categories": "细则类别",
    "rule_items": "积分细则",
    "store_goods": "商品",
    "review_sessions": "审核会议",
    "publications": "公示",
    "objections": "异议",
    "vetoes": "一票否决",
}


def check_records(session: Session) -> tuple[int, int, list[tuple[str, str, str]]]:
    """(records checked, records no audit row mentions, problems as (table, record id,
    message)) over every mutable table."""
    checked = unaudited = 0
    problems: list[tuple[str, str, str]] = []
    for synced in synced_tables():
        if not synced.mutable:
            continue
        for values, afters in _records_with_audit(session, synced):
            checked += 1
            if not afters:
                unaudited += 1
                continue
            problem = _compare(synced, values, afters)
            if problem:
                problems.append(
                    (synced.name, values[synced.index("id")], _label(synced, values) + problem)
                )
    return checked, unaudited, problems


def _records_with_audit(
    session: Session, synced: SyncedTable
) -> Iterator[tuple[list[Any], list[dict[str, Any]]]]:
    """Each record of the table (JSON-ready values) with the after-values of its audit rows."""
    cols = [synced.table.c[name] for name in synced.columns]
    id_at = synced.index("id")
    rows = [to_json_values(synced, row) for row in session.execute(select(*cols))]
    for start in range(0, len(rows), IN_CHUNK):
        part = rows[start : start + IN_CHUNK]
        afters: dict[str, list[dict[str, Any]]] = {}
        stmt = select(AuditRow.object_id, AuditRow.after_json).where(
            AuditRow.object_id.in_([row[id_at] for row in part])
        )
        for object_id, after_json in session.execute(stmt):
            after = _parse(after_json)
            if after is not None:
                afters.setdefault(object_id, []).append(after)
        for row in part:
            yield row, afters.get(row[id_at], [])


def _label(synced: SyncedTable, values: list[Any]) -> str:
    """What a clerk recognises the record by (its number, name or code), then its id."""
    named = dict(zip(synced.columns, values, strict=True))
    parts = [str(named[key]) for key in LABEL_COLUMNS if named.get(key)][:2]
    return f"{' '.join(parts)}（{named['id']}）" if parts else str(named["id"])


def _parse(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _compare(synced: SyncedTable, values: list[Any], afters: list[dict[str, Any]]) -> str:
    """What is wrong with the record (empty if nothing)."""
    stamp = values[synced.index("hlc")]
    matching = [after for after in afters if after.get("hlc") == stamp]
    if not matching:
        return " 的修改时间戳没有对应的审计记录：它在程序之外被改动过"
    after = matching[-1]
    changed = [
        name
        for name, value in zip(synced.columns, values, strict=True)
        if name in after and name not in NOT_COMPARED and after[name] != value
    ]
    if changed:
        return f" 的 {'、'.join(changed)} 与审计记录里最后一次修改后的值不同：它在程序之外被改动过"
    return ""


def record_name(table: str) -> str:
    return RECORD_NAMES.get(table, table)
