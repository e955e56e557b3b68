"""``jifen verify``: the after-values of a township's audit member lines that the check of the
records (``verify.records``) will use, and only those.

A township of 1,000,000 entries holds some 100,000 member lines carrying a record's stamp
(every change to a household, person, rule item ...); kept whole until the records' check
they took some 150 MB. The records are few and read first (their ids and stamps, ``stamps``),
so each line is judged as it is read, and kept only if the records' check may use it:

* of a record held here: a line carrying the record's stamp (the audit row of its last
  change, ``records._compare``), or one with a stamp higher than every line before it for
  that record (``legacy.stamped_by_old_program`` looks at the one with the highest stamp,
  the first of equals); a stamp that is no number is kept as it is.
* of a record that is gone: the last of those with the highest stamp, and only of a kind the
  check knows (``records._check_gone`` names the record by it).

What is kept is in the lines' order, so the check sees what it saw when every line was kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..audit_ref import MARK

# record id -> the stamps of the records of that id (one, unless an id was copied by hand)
Stamps = dict[str, list[Any]]


@dataclass
class KeptAfters:
    """(object_type, after_json) of the lines that may count, by record id (``afters``)."""

    stamps: Stamps
    kinds: frozenset[str]  # the object types of the records that may change
    kept: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _highest: dict[str, int] = field(default_factory=dict)

    def add(self, object_id: str, object_type: str, text: str) -> None:
        stamps = self.stamps.get(object_id)
        if stamps is None:
            self._add_gone(object_id, object_type, text)
        elif text.startswith(MARK) or self._counts(object_id, stamps, parse_after(text)):
            # (a reference form is read by its expansion, ``audit_ref``: kept as it is)
            self.kept.setdefault(object_id, []).append((object_type, text))

    def _counts(self, object_id: str, stamps: list[Any], after: dict[str, Any] | None) -> bool:
        """Whether the values of a held record's line may count (see the module's docstring)."""
        if after is None:
            return False  # (a line that is no record's values counts for nothing)
        stamp = after.get("hlc")
        if not all(map(_is_number, (stamp, *stamps))) or any(stamp == s for s in stamps):
            return True
        highest = self._highest.get(object_id)
        if highest is None or (stamp or 0) > highest:
            self._highest[object_id] = stamp or 0
            return True
        return False

    def _add_gone(self, object_id: str, object_type: str, text: str) -> None:
        if object_type not in self.kinds:
            return
        after = parse_after(text) or {}
        stamp = after.get("hlc")
        stamp = stamp if isinstance(stamp, int) else 0
        if stamp >= self._highest.get(object_id, stamp):
            self._highest[object_id] = stamp
            self.kept[object_id] = [(object_type, text)]

    def by_record(self) -> Mapping[str, list[tuple[str, str]]]:
        return self.kept


def _is_number(value: Any) -> bool:
    return isinstance(value, int) or value is None


def parse_after(text: str) -> dict[str, Any] | None:
    """An audit row's after-values; None if they are no JSON object."""
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def stamps_of(rows: Iterable[tuple[str, Any]]) -> Stamps:
    """record id -> its stamps, from (id, hlc) of the records that may change."""
    stamps: Stamps = {}
    for record_id, stamp in rows:
        stamps.setdefault(record_id, []).append(stamp)
    return stamps
