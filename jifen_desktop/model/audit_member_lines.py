"""Reading a township's audit member lines fast, for ``jifen verify`` (``verify.members``): a
township of 1,000,000 entries holds some 2,000,000 lines, and ``json.loads`` of each took most
of verify's time on them.

* ``time_and_village``: of a line that is the canonical form the program wrote (its sha256 is
  the digest its hash-chain link lists), only its time and village, without reading its
  before/after values: the time is the third value, found after the second string's closing
  quote (checked: every quote before it escaped); the village the last, a plain id or
  ``null``. A line that does not have that form gives None, and is read whole (``one_line``).
"""

from __future__ import annotations

from typing import Any

from .audit_members import MemberRow, audit_form


def one_line(line: bytes) -> list[Any] | None:
    """The line's values; None if it is no JSON array."""
    try:
        return MemberRow(0, line).values()
    except (ValueError, RecursionError):
        return None


def _shape_holds() -> bool:
    """Whether an audit row's time is its third value and its village its last (the columns
    in order of name: action, after_json, at, … village_id)."""
    columns = audit_form().columns
    return columns.index("at") == 2 and columns[-1] == "village_id"


SHAPE = _shape_holds()


def time_and_village(line: bytes) -> tuple[str, str | None] | None:
    """(time, village id or None) of a line (valid JSON) of the form ``["action","after",
    "time",…,"village"]``: the action and time strings with nothing escaped in them, the
    village ``null`` or such a string; None when the line is not of that form. (Written for
    speed: two million lines.)"""
    if not SHAPE or not line.startswith(b'["'):
        return None
    if line.endswith(b",null]"):
        village = None
    else:
        start = line.rfind(b'"', 0, -2)
        if not line.endswith(b'"]') or line[start - 1] != COMMA or line.find(BACKSLASH, start) >= 0:
            return None
        village = line[start + 1 : -2]
    after = line.find(b'"', 2) + 1  # the action's closing quote, then ',"'
    if line.find(BACKSLASH, 2, after) >= 0 or line[after : after + 2] != b',"':
        return None
    end = line.find(b'","', after + 2)  # the after-values' closing quote, if …
    if (
        end < 0
        or line[end - 1] == BACKSLASH_BYTE
        or line.find(ESCAPED_BACKSLASH_QUOTE, after + 2, end) >= 0
    ):
        end = _string_end(line, after + 2)  # (an escaped backslash: the long way)
    elif line.count(b'"', after + 2, end) != line.count(ESCAPED_QUOTE, after + 2, end):
        return None  # (it closed before)
    close = line.find(b'"', end + 3)
    at = line[end + 3 : close]
    if end < 0 or close < 0 or BACKSLASH in at or line[close + 1 : close + 2] != b",":
        return None
    try:
        return at.decode(), None if village is None else village.decode()
    except UnicodeDecodeError:
        return None


BACKSLASH, ESCAPED_QUOTE, ESCAPED_BACKSLASH_QUOTE = b"\\", b'\\"', b'\\\\"'
BACKSLASH_BYTE, COMMA = ord("\\"), ord(",")


def _string_end(line: bytes, start: int) -> int:
    """Where the JSON string whose body starts at ``start`` closes, if a string follows it
    (``","``); else -1. A ``","`` whose quote is escaped is passed over; one with a quote
    before it that is not escaped is not the end (escaped backslashes are taken out first,
    in pairs from the left as JSON reads them)."""
    end = start - 1
    while True:
        end = line.find(b'","', end + 1)
        if end < 0:
            return -1
        rest = line[start:end].replace(b"\\\\", b"")
        if rest.count(b'"') != rest.count(ESCAPED_QUOTE):
            return -1  # (it closed before)
        if not rest.endswith(BACKSLASH):
            return end
