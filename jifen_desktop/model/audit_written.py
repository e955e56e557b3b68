"""The audit rows a transaction writes, as they read, for its link in the hash chain (``Tx``).

An audit row may be stored shorter than it reads: in the reference form (``audit_ref``) or, a
decision's, derived from its entry (``audit_decision``). The chain digests how a row reads.
The transaction knows both texts of each row it stored so, having checked where it wrote them
that the stored form reads back as the full one; so a row read back exactly as it was stored
takes its full texts from the transaction, and only any other row is expanded from the
records it names (``audit_ref.read_form``), which reads those records again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from . import audit_decision, chain
from .audit_ref import read_form
from .row_form import by_name

AUDIT_TABLE = "audit_log"
Texts = tuple[str, str]  # a decision's (summary, before_json)


def derive(session: Session, rows: Sequence[dict[str, Any]]) -> dict[str, tuple[Texts, Texts]]:
    """Store the decisions' rows derived where they may (``audit_decision.derive_rows``);
    returns audit row id -> ((summary, before_json) stored, (summary, before_json) in full)
    of those stored so."""
    full = {row["id"]: (row["summary"], row["before_json"]) for row in rows}
    audit_decision.derive_rows(session, rows)
    return {
        row["id"]: ((row["summary"], row["before_json"]), full[row["id"]])
        for row in rows
        if (row["summary"], row["before_json"]) != full[row["id"]]
    }


def as_read(
    session: Session,
    ids: Sequence[str],
    full_texts: Mapping[str, Texts],
    derived: Mapping[str, tuple[Texts, Texts]],
) -> dict[str, Sequence[Any]]:
    """Audit row id -> the row as it reads (row-form order) of these rows, read back as stored
    (``full_texts``: id -> (after_json stored, after_json in full) of the rows stored as a
    reference; ``derived``: as ``derive`` returns)."""
    synced = by_name()[AUDIT_TABLE]
    at = {name: synced.index(name) for name in ("id", "after_json", "summary", "before_json")}
    known: dict[str, Sequence[Any]] = {}
    others = []
    for row in chain.read_back(session, AUDIT_TABLE, ids):
        if _take_full(row, at, full_texts.get(row[at["id"]]), derived.get(row[at["id"]])):
            known[row[at["id"]]] = row
        else:
            others.append(row)
    for expanded in read_form(session, synced, others):
        known[expanded[at["id"]]] = expanded
    return known


def _take_full(
    row: list[Any],
    at: Mapping[str, int],
    reference: Texts | None,
    derived: tuple[Texts, Texts] | None,
) -> bool:
    """Give a row read back its full texts where it reads back as stored here; whether it is
    then as it reads (False: expand it from its records)."""
    if reference is not None:
        if row[at["after_json"]] != reference[0]:
            return False
        row[at["after_json"]] = reference[1]
    if derived is not None:
        (summary, before), full = derived
        if (row[at["summary"]], row[at["before_json"]]) != (summary, before):
            return False
        row[at["summary"]], row[at["before_json"]] = full
    return reference is not None or derived is not None or not _may_expand(row, at)


def _may_expand(row: Sequence[Any], at: Mapping[str, int]) -> bool:
    """Whether a row stored in full as far as this transaction knows might still read
    otherwise (a reference or a derived decision it did not store so)."""
    return bool(
        str(row[at["after_json"]] or "").startswith('{"$')
        or audit_decision.is_derived(row[at["before_json"]])
    )
