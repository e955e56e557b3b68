"""How a chain link's list of rows is stored: packed bytes, read back as the canonical text.

A link lists each row it seals as ``"<seq> <table> <16 hex digits>"``, one a line (``chain``);
its hash covers that text, bundles carry that text, and every reader gets that text. Stored, the
list is packed (about a third of the text)::

    0x01, varint(row count), varint(seq deltas) ..., table codes ..., digest bytes (8 a row)

a row's seq as the difference from the one before (the first from 0), its table as its place in
``TABLES``, its 16 hex digits as 8 bytes. A list is packed only when unpacking gives the text
back byte for byte (a table not in ``TABLES``, a digest in capitals, a hand-made list ... stay
text: ``0x00`` and the UTF-8 text, or the UTF-8 text itself when it does not start with 0x00 or
0x01). A value that does not unpack (changed behind the program's back) reads as a text no link
hash matches, so ``jifen verify`` names its link.

``TABLES`` is append-only: a code, once given, means that table for ever (links already stored
use it). The column is ``LargeBinary`` (bytea on PostgreSQL); a text value (a ledger before
migration 0017, or one written by hand) reads as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate
from typing import Any

from sqlalchemy import LargeBinary
from sqlalchemy.types import TypeDecorator

PACKED = 1
TEXT = 0
DIGEST_BYTES = 8
# The synced tables as of migration 0017, in the order of their codes. Append only.
TABLES = (
    "audit_log",
    "villages",
    "grids",
    "operators",
    "review_sessions",
    "rule_categories",
    "stocktakes",
    "store_goods",
    "year_end_closings",
    "households",
    "publications",
    "rule_items",
    "stocktake_lines",
    "household_changes",
    "household_status_changes",
    "members",
    "point_expiries",
    "publication_rows",
    "entries",
    "honour_awards",
    "redemptions",
    "entry_decisions",
    "evidence_files",
    "objections",
    "publication_late_entries",
    "redemption_lines",
    "redemption_returns",
    "stock_movements",
    "vetoes",
)
CODES = {name: code for code, name in enumerate(TABLES)}
UNREADABLE = "无法读取的哈希链行表："  # what a value that does not unpack reads as (then hex)


def pack(text: str) -> bytes:
    """The stored form of a link's rows text."""
    packed = _packed(text)
    if packed is not None and unpack(packed) == text:
        return packed
    raw = text.encode()
    return raw if raw[:1] not in (b"\x00", b"\x01") else b"\x00" + raw


def unpack(value: bytes | str) -> str:
    """The rows text of a stored value (a text value as it is)."""
    if isinstance(value, str):
        return value
    data = bytes(value)
    if data[:1] == b"\x01":
        try:
            return _unpacked(data)
        except (IndexError, ValueError):
            return UNREADABLE + data.hex()
    raw = data[1:] if data[:1] == b"\x00" else data
    return raw.decode(errors="replace")


def _packed(text: str) -> bytes | None:
    """The packed form, or None where the text is not a list this form holds. Column-wise,
    not line by line (a township's first load packs millions of rows): fields that do not
    make three a line, a table without a code, a seq out of order or a digest not of 16 hex
    digits give None; ``pack`` checks the rest (the form unpacks to the very text)."""
    if not text:
        return None
    count = text.count("\n") + 1
    fields = text.replace("\n", " ").split(" ")
    if len(fields) != 3 * count:
        return None
    shorts = fields[2::3]
    try:
        seqs = list(map(int, fields[0::3]))
        codes = bytes(map(CODES.__getitem__, fields[1::3]))
        digests = bytes.fromhex("".join(shorts))
    except (ValueError, KeyError):
        return None
    deltas = [after - before for before, after in zip([0, *seqs[:-1]], seqs, strict=True)]
    if len(digests) != DIGEST_BYTES * count or min(deltas) < 0:
        return None
    steps = bytes(deltas) if max(deltas) < 0x80 else b"".join(map(_varint, deltas))
    return bytes([PACKED]) + _varint(count) + steps + codes + digests


def _unpacked(data: bytes) -> str:
    count, at = _read_varint(data, 1)
    deltas, at = _deltas(data, at, count)
    codes = data[at : at + count]
    hexed = data[at + count :].hex()
    if len(codes) != count or len(hexed) != count * 2 * DIGEST_BYTES:
        raise ValueError("length")
    width = 2 * DIGEST_BYTES
    digests = [hexed[i : i + width] for i in range(0, len(hexed), width)]
    seqs = map(str, accumulate(deltas))
    names = map(TABLES.__getitem__, codes)
    return "\n".join(map(" ".join, zip(seqs, names, digests, strict=True)))


def _deltas(data: bytes, at: int, count: int) -> tuple[Sequence[int], int]:
    """The rows' seq deltas and where they end: a byte each in the common case."""
    run = data[at : at + count]
    if len(run) == count and (not run or max(run) < 0x80):
        return run, at + count
    deltas = []
    for _ in range(count):
        delta, at = _read_varint(data, at)
        deltas.append(delta)
    return deltas, at


def _varint(number: int) -> bytes:
    out = bytearray()
    while number >= 0x80:
        out.append(number & 0x7F | 0x80)
        number >>= 7
    out.append(number)
    return bytes(out)


def _read_varint(data: bytes, at: int) -> tuple[int, int]:
    number = shift = 0
    while True:
        byte = data[at]
        at += 1
        number |= (byte & 0x7F) << shift
        if byte < 0x80:
            return number, at
        shift += 7


class LinkRows(TypeDecorator[str]):
    """A link's rows: text in Python, packed bytes in the database (see the module)."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> bytes | None:
        if value is None or isinstance(value, bytes):
            return value
        return pack(str(value))

    def process_result_value(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else unpack(value)
