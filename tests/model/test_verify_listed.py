"""``verify_listed.ListedRows`` keeps what the links list compactly and loses nothing: odd
sequence numbers, table names and digest prefixes (a link altered by hand) included."""

from __future__ import annotations

import hashlib

from jifen_desktop.model.verify.listed import ListedRows, matches

DIGEST = hashlib.sha256(b"row").digest()
SHORT = DIGEST.hex()[:16]


def test_rows_are_taken_once_and_what_is_left_comes_in_order() -> None:
    listed = ListedRows()
    for seq in (3, 1, 2, 5000):
        listed.add("r1", seq, "entries", SHORT)
    listed.add("r2", 7, "audit_log", SHORT)
    taken = listed.take("r1", 2)
    assert taken is not None and taken[0] == "entries" and matches(taken[1], DIGEST)
    assert listed.take("r1", 2) is None
    assert listed.take("r1", 4) is None and listed.take("r3", 1) is None
    assert list(listed.left()) == [
        ("r1", 1, "entries"),
        ("r1", 3, "entries"),
        ("r1", 5000, "entries"),
        ("r2", 7, "audit_log"),
    ]
    for replica_id, seq, _table in list(listed.left()):
        listed.take(replica_id, seq)
    assert not listed and list(listed.left()) == []


def test_what_a_hand_altered_link_says_is_kept_as_it_says_it() -> None:
    listed = ListedRows()
    listed.add("r1", 10, "entries", SHORT)
    listed.add("r1", 10**12, "entries", SHORT)  # far past the others
    listed.add("r1", 11, "entries", "XYZ-not-hex-123")
    listed.add("r1", 12, "entries", SHORT.upper())  # not as the program writes it
    assert listed.take("r1", 10**12) == ("entries", SHORT)
    assert listed.take("r1", 11) == ("entries", "XYZ-not-hex-123")
    upper = listed.take("r1", 12)
    assert upper is not None and not matches(upper[1], DIGEST)
    assert listed.take("r1", "x") is None  # type: ignore[arg-type]
    assert [seq for _r, seq, _t in listed.left()] == [10]


def test_a_prefix_matches_only_its_own_digest() -> None:
    other = hashlib.sha256(b"other").digest()
    listed = ListedRows()
    listed.add("r1", 1, "entries", SHORT)
    taken = listed.take("r1", 1)
    assert taken is not None
    assert matches(taken[1], DIGEST) and not matches(taken[1], other)
    assert matches(SHORT, DIGEST) and not matches(SHORT, other)
