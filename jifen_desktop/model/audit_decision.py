"""Decision audit rows stored without what their entry already holds (store each fact once).

The audit row of a decision on an entry (``entry.approved`` / ``entry.rejected`` /
``entry.withdrawn``, about the entry: ``entry_writes.decide``) used to hold::

    summary      已通过：B01 遵纪守法… +100分，理由：2022年度基础分
    before_json  {"status": "pending"}

The summary's head (status, rule code and name, points) is the entry's, and entries are
append-only and never removed. Such a row may now be stored *derived*: ``before_json`` is
``DERIVED`` and ``summary`` keeps only what follows the head (the reason part, often empty).
Its expansion is the head made from its action and its entry (``head``) followed by the stored
summary, and ``{"status": "pending"}`` before; ``after_json`` stays as it was (the status and
the reason). A row is stored so only where the expansion gives the old texts byte for byte
(checked where it is written: ``Tx.finish``, and migration 0017). Every reader reads the
expansion (``audit_ref.read_form``, ``audit.AuditService``): the hash chain digests it,
bundles carry it, so links written before still match and a replica may hold either form.

The words and the form of the head are frozen here: changing them would change every
expansion, and with it every digest of the rows stored so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Integer, String, case, cast, column, select, table

DERIVED = "@entry"
PENDING = '{"status": "pending"}'
# What a decision's summary starts with (``entry_queries.STATUS_NAMES`` when 0017 was written).
STATUS_WORDS = {"entry.approved": "已通过", "entry.rejected": "未通过", "entry.withdrawn": "已撤回"}
IN_CHUNK = 900

ENTRIES = table(
    "entries",
    column("id"),
    column("rule_code", String),
    column("rule_name", String),
    column("points", Integer),
)
Parts = tuple[str, str, int]  # an entry's rule code, rule name and points


def head(action: str, parts: Parts) -> str:
    """The head of a decision's summary: status, rule and points."""
    code, name, points = parts
    return f"{STATUS_WORDS[action]}：{code} {name} {points:+d}分"


def _usable(parts: Parts | None) -> bool:
    """Whether an entry's parts are of the types the program writes (not changed by hand
    into a number of another kind, a NULL ...)."""
    if parts is None:
        return False
    code, name, points = parts
    return isinstance(code, str) and isinstance(name, str) and type(points) is int


def is_derived(before_json: str | None) -> bool:
    return before_json == DERIVED


def entry_parts(conn: Any, ids: Iterable[str]) -> dict[str, Parts]:
    """Entry id -> (rule code, rule name, points) of these entries (a query per 900)."""
    listed = sorted(set(ids))
    found: dict[str, Parts] = {}
    for start in range(0, len(listed), IN_CHUNK):
        stmt = select(ENTRIES.c.id, ENTRIES.c.rule_code, ENTRIES.c.rule_name, ENTRIES.c.points)
        part = listed[start : start + IN_CHUNK]
        for entry_id, code, name, points in conn.execute(stmt.where(ENTRIES.c.id.in_(part))):
            found[entry_id] = (code, name, points)
    return found


def derived_form(
    action: str, summary: str, before_json: str, parts: Parts | None
) -> tuple[str, str] | None:
    """(stored summary, stored before_json) of a decision's audit row stored derived, or None
    where it may not be (not a decision, its entry unknown, its texts not the ones derived)."""
    if action not in STATUS_WORDS or not _usable(parts) or before_json != PENDING:
        return None
    assert parts is not None
    start = head(action, parts)
    return (summary[len(start) :], DERIVED) if summary.startswith(start) else None


def expansion(action: str, summary: str, parts: Parts | None) -> tuple[str, str] | None:
    """(summary, before_json) of a row stored derived; None where its entry is not here or
    its action is no decision (removed or changed behind the program's back: verify names it)."""
    if action not in STATUS_WORDS or not _usable(parts) or not isinstance(summary, str):
        return None
    assert parts is not None
    return head(action, parts) + summary, PENDING


def derive_rows(conn: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Store the decisions' audit rows about to be inserted (``Tx``) derived where they may
    (not one stored as a reference: ``audit_ref``)."""
    wanted = [
        r
        for r in rows
        if r["action"] in STATUS_WORDS
        and r.get("before_json") == PENDING
        and not str(r.get("after_json") or "").startswith('{"$')  # a reference: ``audit_ref``
    ]
    if not wanted:
        return
    parts = entry_parts(conn, (r["object_id"] for r in wanted))
    for row in wanted:
        form = derived_form(row["action"], row["summary"], PENDING, parts.get(row["object_id"]))
        if form is not None:
            row["summary"], row["before_json"] = form


def read_texts(
    conn: Any, rows: Sequence[tuple[str, str, str, str]]
) -> list[tuple[str, str]] | None:
    """(summary, before_json) as they read of audit rows given as (action, object_id, summary,
    before_json); None when none of them is stored derived (each reads as it is)."""
    if not any(before == DERIVED for _a, _o, _s, before in rows):
        return None
    parts = entry_parts(conn, (o for _a, o, _s, before in rows if before == DERIVED))
    return [
        (before == DERIVED and expansion(action, summary, parts.get(object_id)))
        or (summary, before)
        for action, object_id, summary, before in rows
    ]


def expand_values(
    conn: Any, rows: Sequence[Sequence[Any]], at: Mapping[str, int]
) -> list[Sequence[Any]]:
    """Audit rows (values in row-form order; ``at``: column -> index) with those stored
    derived expanded."""
    action, object_id, summary, before = (
        at[name] for name in ("action", "object_id", "summary", "before_json")
    )
    texts = read_texts(conn, [(r[action], r[object_id], r[summary], r[before]) for r in rows])
    if texts is None:
        return list(rows)
    result: list[Sequence[Any]] = []
    for row, (read_summary, read_before) in zip(rows, texts, strict=True):
        if read_before is row[before]:
            result.append(row)
            continue
        values = list(row)
        values[summary], values[before] = read_summary, read_before
        result.append(values)
    return result


def stored_texts(conn: Any, rows: Sequence[Any]) -> list[tuple[str, str]]:
    """(summary, before_json) as they read, of audit rows read as objects (``AuditRow``)."""
    pairs = [(r.action, r.object_id, r.summary, r.before_json) for r in rows]
    return read_texts(conn, pairs) or [(r.summary, r.before_json) for r in rows]


def summary_sql(audit: Any) -> Any:
    """SQL of an audit row's summary as it reads (for a search by its text)."""
    sign = case((ENTRIES.c.points >= 0, "+"), else_="")
    words = case(*[(audit.c.action == a, w) for a, w in STATUS_WORDS.items()], else_="")
    start = (
        select(
            words
            + "："
            + ENTRIES.c.rule_code
            + " "
            + ENTRIES.c.rule_name
            + " "
            + sign
            + cast(ENTRIES.c.points, String)
            + "分"
        )
        .where(ENTRIES.c.id == audit.c.object_id)
        .scalar_subquery()
    )
    return case((audit.c.before_json == DERIVED, start + audit.c.summary), else_=audit.c.summary)
