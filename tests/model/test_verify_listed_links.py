"""``ListedRows.add_link`` takes a link's list of rows at once and keeps exactly what adding
them row by row keeps; a list not as the program writes it is left to the row-by-row way."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from jifen_desktop.model.chain import parse_rows, row_line
from jifen_desktop.model.verify.listed import ListedRows


def _digest(n: int) -> str:
    return hashlib.sha256(str(n).encode()).hexdigest()


def _text(rows: list[tuple[int, str]]) -> str:
    return "\n".join(row_line(seq, table, _digest(seq)) for seq, table in rows)


LINKS = [
    ("r1", [(seq, "entries") for seq in range(1, 40)]),  # one row per sequence number
    ("r1", [(40, "audit_log"), (42, "entries"), (44, "audit_log")]),  # gaps: records changed
    ("r1", [(45, "a_table_new_here"), (46, "entries")]),
    ("r1", [(20, "entries")]),  # listed again (a link altered by hand)
    ("r1", [(10**9, "entries")]),  # far past the others
    ("r2", [(seq, "entry_decisions") for seq in range(500, 3000)]),
    ("r2", [(3000 + 5 * 1024, "entries")]),
]


def _state(listed: ListedRows) -> tuple[list[tuple[str, int, str]], list[object]]:
    left = list(listed.left())
    return left, [listed.take(replica_id, seq) for replica_id, seq, _table in left]


def test_a_link_at_once_keeps_what_row_by_row_keeps() -> None:
    at_once, one_by_one = ListedRows(), ListedRows()
    for replica_id, rows in LINKS:
        assert at_once.add_link(replica_id, _text(rows))
        for row in parse_rows(_text(rows)):
            one_by_one.add(replica_id, row.seq, row.table, row.digest)
    assert _state(at_once) == _state(one_by_one)
    assert not at_once and not one_by_one


def test_a_list_not_as_the_program_writes_it_is_left_to_the_rows() -> None:
    listed = ListedRows()
    assert listed.add_link("r1", "")
    for odd in (
        _text([(1, "entries")]).upper(),
        _text([(1, "entries")]) + "\n",
        _text([(1, "entries")]).replace(" ", "  "),
        "+1 entries " + _digest(1)[:16],
        "1 entries " + _digest(1)[:15],
    ):
        assert not listed.add_link("r1", odd)
    assert not listed


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(
            st.tuples(st.integers(1, 400), st.sampled_from(["entries", "audit_log", "members"])),
            min_size=1,
            max_size=40,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_rising_links_with_gaps_at_once_keep_what_row_by_row_keeps(
    links: list[list[tuple[int, str]]],
) -> None:
    """Links of rising sequence numbers with gaps (a sealing link: taken as one span when
    nothing is listed in it yet), overlapping or not, keep what adding each row keeps."""
    at_once, one_by_one = ListedRows(), ListedRows()
    for rows in links:
        rising = sorted({seq: (seq, table) for seq, table in rows}.values())
        assert at_once.add_link("r1", _text(rising))
        for row in parse_rows(_text(rising)):
            one_by_one.add("r1", row.seq, row.table, row.digest)
    assert _state(at_once) == _state(one_by_one)
