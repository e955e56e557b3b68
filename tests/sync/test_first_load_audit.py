"""A first load's notes of the audit rows it added (``sync.first_load_audit``): a chunk is
taken as held nowhere only when none of its rows can be; anything else is looked up."""

from __future__ import annotations

from jifen_desktop.sync.first_load_audit import MAX_SEQ, LoadedAudit

AT = (0, 1, 2)  # replica, seq, id


def _rows(replica: str, *seqs: object) -> list[list[object]]:
    return [[replica, seq, f"{replica}-{seq}"] for seq in seqs]


def test_rows_never_added_are_held_nowhere() -> None:
    loaded = LoadedAudit()
    assert loaded.none_held(_rows("r1", 1, 2, 3), AT)
    loaded.add("r1", 2)
    assert loaded.none_held(_rows("r1", 1, 3, 9), AT)
    assert loaded.none_held(_rows("r2", 2), AT)  # another replica's seq 2


def test_a_row_added_before_is_looked_up() -> None:
    loaded = LoadedAudit()
    for seq in (5, 6, 700):
        loaded.add("r1", seq)
    assert not loaded.none_held(_rows("r1", 1, 700), AT)
    assert not loaded.none_held(_rows("r2", 1) + _rows("r1", 6), AT)


def test_the_townships_own_ids_are_looked_up() -> None:
    loaded = LoadedAudit(own_ids=frozenset({"r1-4"}))
    assert not loaded.none_held(_rows("r1", 4), AT)


def test_odd_values_are_left_to_the_lookup() -> None:
    loaded = LoadedAudit()
    for odd in (-1, MAX_SEQ, 2.0, "3", True, None):
        assert not loaded.none_held(_rows("r1", 1, odd), AT), odd
    assert not loaded.none_held([[["r1"], 1, "x"]], AT)  # a replica that is no text
    assert not loaded.none_held([["r1", 1, ["x"]]], AT)
    loaded.add("r1", MAX_SEQ)  # too far to note: never answered for
    assert not loaded.none_held(_rows("r1", MAX_SEQ), AT)
