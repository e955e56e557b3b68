"""``jifen verify``: the rows the chain's links list, kept compact (``verify.chain``).

A village of 2,000 households over five years lists some 600,000 rows. Kept as a dict of
tuples they took some 200 MB; here each replica's rows sit in flat arrays indexed by sequence
number (a replica numbers its rows 1, 2, 3 ...): a table number and the 8 bytes of the digest
prefix, some 10 bytes a row. A row with a sequence number far past the others, a table name or
a digest prefix that is not what the program writes (a link altered by hand) is kept in a
small dict instead, so nothing a link says is lost.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from operator import lt

PREFIX_BYTES = 8
MAX_TABLES = 250
SPARE = 1024  # sequence numbers beyond the highest seen so far, taken in one step
# A link's list of rows exactly as the program writes it (``chain.row_line``).
_LINE = r"[0-9]+ [a-z_]+ [0-9a-f]{16}"
WRITTEN = re.compile(f"{_LINE}(?:\n{_LINE})*")


@dataclass
class _Replica:
    base: int  # the first sequence number listed: position 0
    tables: bytearray = field(default_factory=bytearray)  # 0: nothing listed there
    digests: bytearray = field(default_factory=bytearray)
    count: int = 0

    def fits(self, seq: int) -> bool:
        """Whether the arrays may grow to hold ``seq`` (not far past what is listed)."""
        return 0 <= seq - self.base <= 4 * self.count + 4 * SPARE

    def fits_run(self, first: int, last: int, count: int) -> bool:
        """Whether the arrays may grow to hold ``count`` rows from ``first`` to ``last``."""
        return first >= self.base and last - self.base <= 4 * (self.count + count) + 4 * SPARE

    def holds(self, seq: int) -> bool:
        """Whether the arrays list a row of this sequence number already."""
        at = seq - self.base
        return 0 <= at < len(self.tables) and self.tables[at] != 0

    def grow(self, seq: int) -> int:
        at = seq - self.base
        extra = at + SPARE - len(self.tables)
        if extra > 0:
            self.tables.extend(bytes(extra))
            self.digests.extend(bytes(extra * PREFIX_BYTES))
        return at


@dataclass
class ListedRows:
    """(replica, seq) -> (table, digest prefix) of every row a link lists; ``take`` removes a
    row as it is found, and what is left was listed but is not here."""

    _replicas: dict[str, _Replica] = field(default_factory=dict)
    _names: list[str] = field(default_factory=list)
    _codes: dict[str, int] = field(default_factory=dict)
    _odd: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)

    def add(self, replica_id: str, seq: int, table: str, short: str) -> None:
        replica = self._replicas.setdefault(replica_id, _Replica(seq))
        code = self._code(table)
        packed = _packed(short)
        if (
            code is None
            or packed is None
            or not isinstance(seq, int)
            or not (replica.fits(seq) or replica.holds(seq))  # (never in both places)
        ):
            self._odd[(replica_id, seq)] = (table, short)
            return
        at = replica.grow(seq)
        if replica.tables[at] == 0:
            replica.count += 1
        self._odd.pop((replica_id, seq), None)
        replica.tables[at] = code
        replica.digests[at * PREFIX_BYTES : (at + 1) * PREFIX_BYTES] = packed

    def add_link(self, replica_id: str, text: str) -> bool:
        """Add the rows a link lists (its ``rows`` text) at once, if the text is exactly as
        the program writes it (else False, and nothing is added: ``chain.parse_rows`` and
        ``add``, row by row). A link lists one row per sequence number of its transaction,
        in order; those go into the arrays in one step (a village lists 600,000 rows), and
        rising numbers with gaps (a sealing link) without ``add``'s checks row by row."""
        if not text:
            return True
        if WRITTEN.fullmatch(text) is None:
            return False
        parts = text.split()
        seqs, tables, shorts = list(map(int, parts[0::3])), parts[1::3], parts[2::3]
        codes = [self._code(table) for table in set(tables)]
        replica = self._replicas.setdefault(replica_id, _Replica(seqs[0]))
        first, count = seqs[0], len(seqs)
        rising = all(map(lt, seqs, islice(seqs, 1, None)))
        if None in codes or not rising or not replica.fits_run(first, seqs[-1], count):
            self._each(replica_id, seqs, tables, shorts)
        elif seqs[-1] == first + count - 1:
            self._put(replica, replica_id, first, tables, "".join(shorts))
        else:
            self._put_rising(replica, replica_id, seqs, tables, "".join(shorts))
        return True

    def _each(self, replica_id: str, seqs: list[int], tables: list[str], shorts: list[str]) -> None:
        for seq, table, short in zip(seqs, tables, shorts, strict=True):
            self.add(replica_id, seq, table, short)

    def _put(
        self, replica: _Replica, replica_id: str, first: int, tables: list[str], hexes: str
    ) -> None:
        """Rows of sequence numbers ``first``, ``first + 1`` ... into the arrays at once."""
        count = len(tables)
        at = replica.grow(first + count - 1) - count + 1
        replica.count += replica.tables[at : at + count].count(0)
        replica.tables[at : at + count] = bytes(map(self._codes.__getitem__, tables))
        replica.digests[at * PREFIX_BYTES : (at + count) * PREFIX_BYTES] = bytes.fromhex(hexes)
        if self._odd:
            for seq in range(first, first + count):
                self._odd.pop((replica_id, seq), None)

    def _put_rising(
        self, replica: _Replica, replica_id: str, seqs: list[int], tables: list[str], hexes: str
    ) -> None:
        """Rows of rising sequence numbers with gaps between (a link sealing a database's
        rows lists only the append-only ones) into the arrays, one by one but without the
        checks ``add`` makes of a row a link may have altered (``add_link`` made them)."""
        replica.grow(seqs[-1])
        codes, kept, digests = self._codes, replica.tables, replica.digests
        packed = bytes.fromhex(hexes)
        base, new = replica.base, 0
        for number, (seq, table) in enumerate(zip(seqs, tables, strict=True)):
            at = seq - base
            new += not kept[at]
            kept[at] = codes[table]
            digests[at * PREFIX_BYTES : (at + 1) * PREFIX_BYTES] = packed[
                number * PREFIX_BYTES : (number + 1) * PREFIX_BYTES
            ]
        replica.count += new
        if self._odd:
            for seq in seqs:
                self._odd.pop((replica_id, seq), None)

    def _code(self, table: str) -> int | None:
        code = self._codes.get(table)
        if code is None and len(self._names) < MAX_TABLES:
            self._names.append(table)
            code = self._codes[table] = len(self._names)
        return code

    def take(self, replica_id: str, seq: int) -> tuple[str, bytes | str] | None:
        """The table and digest prefix (8 bytes; a hex string if it was no hex) a link lists
        for this row, removed from what is left; None if no link lists it."""
        odd = self._odd.pop((replica_id, seq), None) if self._odd else None
        if odd is not None or not isinstance(seq, int):  # (a value that is no number)
            return odd
        replica = self._replicas.get(replica_id)
        if replica is None:
            return None
        at = seq - replica.base
        code = replica.tables[at] if 0 <= at < len(replica.tables) else 0
        if not code:
            return None
        replica.tables[at] = 0
        replica.count -= 1
        start = at * PREFIX_BYTES
        return self._names[code - 1], bytes(replica.digests[start : start + PREFIX_BYTES])

    def take_all(self, replica_id: str, seqs: Sequence[int], table: str, prefixes: bytes) -> bool:
        """Take the rows of these sequence numbers at once if the links list each of them,
        once, as a row of ``table`` whose digest prefix is the one at its place in
        ``prefixes`` (8 bytes each): a township member's lines, 2,000,000 of them. Else
        False, and nothing is taken (``take``, row by row, says what is wrong)."""
        replica, code = self._replicas.get(replica_id), self._codes.get(table)
        count = len(seqs)
        if replica is None or code is None or not count or len(prefixes) != PREFIX_BYTES * count:
            return False
        base, kept = replica.base, replica.tables
        if min(seqs) < base or max(seqs) - base >= len(kept) or len(set(seqs)) != count:
            return False
        if self._odd and any((replica_id, seq) in self._odd for seq in seqs):
            return False
        at = list(map(base.__rsub__, seqs))
        if bytes(map(kept.__getitem__, at)) != bytes((code,)) * count:
            return False
        with memoryview(replica.digests) as raw, raw.cast("Q") as words:
            listed = array("Q", map(words.__getitem__, at)).tobytes()
        if listed != prefixes:
            return False
        for place in at:
            kept[place] = 0
        replica.count -= count
        return True

    def __bool__(self) -> bool:
        return bool(self._odd) or any(r.count for r in self._replicas.values())

    def left(self) -> Iterator[tuple[str, int, str]]:
        """(replica, seq, table) of the rows listed and not taken, in order."""
        rest = [(r, s, t) for (r, s), (t, _short) in self._odd.items()]
        for replica_id, replica in self._replicas.items():
            if replica.count:
                rest.extend(
                    (replica_id, replica.base + at, self._names[code - 1])
                    for at, code in enumerate(replica.tables)
                    if code
                )
        yield from sorted(rest)


def _packed(short: str) -> bytes | None:
    try:
        packed = bytes.fromhex(short)
    except ValueError:
        return None
    return packed if len(packed) == PREFIX_BYTES and packed.hex() == short else None


def matches(listed: bytes | str, row_digest: bytes) -> bool:
    """Whether a row's sha256 digest (raw bytes) starts with the prefix a link lists."""
    if isinstance(listed, bytes):
        return row_digest[:PREFIX_BYTES] == listed
    return row_digest.hex().startswith(listed)
