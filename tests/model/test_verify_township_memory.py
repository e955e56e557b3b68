"""Township verify's two shortcuts for its audit members say what the long way says:

* ``ListedRows.take_all`` takes a member's rows at once only when taking them one by one
  (``take``) would find every row listed, of the audit log, with its line's digest; else it
  takes nothing, and what is left is the same as before;
* ``afters.KeptAfters`` keeps of the member lines' after-values only those the records' check
  uses: for a record held, the lines carrying its stamp (in order) and the one with the
  highest stamp (the first of equals); for a record gone, the last with the highest stamp.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.verify.afters import KeptAfters
from jifen_desktop.model.verify.listed import PREFIX_BYTES, ListedRows


def _short(seq: int, salt: str = "") -> str:
    return hashlib.sha256(f"{seq}{salt}".encode()).hexdigest()[:16]


LISTING = st.lists(
    st.tuples(st.integers(1, 60), st.sampled_from(["audit_log", "entries"]), st.booleans()),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(LISTING, st.data())
def test_take_all_takes_a_member_only_where_taking_row_by_row_finds_every_row(
    listing: list[tuple[int, str, bool]], data: st.DataObject
) -> None:
    fast, slow, fresh = ListedRows(), ListedRows(), ListedRows()
    for seq, table, odd in listing:
        short = _short(seq).upper() if odd else _short(seq)  # (upper case: a hand-made link)
        for listed in (fast, slow, fresh):
            listed.add("r1", seq, table, short)
    audited = sorted({seq for seq, table, _odd in listing if table == "audit_log"})
    seqs = data.draw(st.lists(st.sampled_from(audited or [1]) | st.integers(0, 70), max_size=25))
    changed = data.draw(st.sets(st.integers(0, max(len(seqs) - 1, 0))))
    prefixes = b"".join(
        bytes.fromhex(_short(seq, "x" if n in changed else "")) for n, seq in enumerate(seqs)
    )
    took = fast.take_all("r1", seqs, "audit_log", prefixes)
    every = [slow.take("r1", seq) for seq in seqs]
    found = all(
        got is not None and got[0] == "audit_log" and got[1] == prefixes[n * 8 : n * 8 + 8]
        for n, got in enumerate(every)
    )
    assert took == (bool(seqs) and found)
    assert list(fast.left()) == list((slow if took else fresh).left())


def test_take_all_wants_one_prefix_per_row() -> None:
    listed = ListedRows()
    for seq in (1, 2, 3):
        listed.add("r1", seq, "audit_log", _short(seq))
    prefixes = b"".join(bytes.fromhex(_short(s)) for s in (1, 2, 3))
    assert not listed.take_all("r1", [1, 2], "audit_log", prefixes)
    assert not listed.take_all("r1", [1, 1, 2], "audit_log", prefixes)  # (a number twice)
    assert not listed.take_all("r2", [1, 2, 3], "audit_log", prefixes)
    assert listed.take_all("r1", [1, 2, 3], "audit_log", prefixes[: 3 * PREFIX_BYTES])
    assert not listed and listed.take("r1", 2) is None


# -- the after-values kept -----------------------------------------------------------------------

PLAIN = st.none() | st.integers(-3, 6)
ODD = PLAIN | st.sampled_from(["7", 2.5])  # (no number: only lines altered by hand)


def _lines(stamp: st.SearchStrategy[object]) -> st.SearchStrategy[list[Any]]:
    kinds = st.sampled_from(["household", "member", "publication_row"])
    shapes = st.sampled_from(["value", "value", "value", "not json", "list"])
    line = st.tuples(st.sampled_from(["a", "b", "c"]), kinds, stamp, shapes)
    return st.lists(line, max_size=30)


def _held(stamp: st.SearchStrategy[object]) -> st.SearchStrategy[dict[str, list[object]]]:
    return st.dictionaries(st.sampled_from(["a", "b"]), st.lists(stamp, min_size=1, max_size=2))


def _text(stamp: object, shape: str, number: int) -> str:
    if shape == "not json":
        return "{not json"
    if shape == "list":
        return json.dumps([stamp])
    return json.dumps({"hlc": stamp, "n": number} if stamp is not None else {"n": number})


def _key(after: dict[str, object]) -> object:
    return after.get("hlc") or 0


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([PLAIN, ODD]).flatmap(lambda stamp: st.tuples(_lines(stamp), _held(stamp))))
def test_what_is_kept_gives_the_records_check_what_every_line_gave(
    example: tuple[list[tuple[str, str, object, str]], dict[str, list[object]]],
) -> None:
    lines, held = example
    kinds = frozenset({"household", "member"})
    kept = KeptAfters({k: list(v) for k, v in held.items()}, kinds)
    every: dict[str, list[tuple[str, str]]] = {}
    for number, (object_id, kind, stamp, shape) in enumerate(lines):
        text = _text(stamp, shape, number)
        kept.add(object_id, kind, text)
        every.setdefault(object_id, []).append((kind, text))
    for object_id, texts in every.items():
        assert _seen(object_id, texts, held, kinds) == _seen(
            object_id, kept.by_record().get(object_id, []), held, kinds
        )


def _seen(
    object_id: str,
    texts: list[tuple[str, str]],
    held: dict[str, list[object]],
    kinds: frozenset[str],
) -> object:
    """What ``verify.records`` takes from a record's lines: held, the lines with its stamp
    and the one with the highest (``legacy``); gone, the last with the highest stamp."""
    afters = [a for a in (_parse(text) for _k, text in texts) if a is not None]
    if object_id in held:
        matching = [[a for a in afters if a.get("hlc") == stamp] for stamp in held[object_id]]
        try:
            highest: object = max(afters, key=_key) if afters else None  # type: ignore[arg-type]
        except TypeError:
            highest = TypeError
        return matching, highest
    gone = None
    for kind, text in texts:
        if kind in kinds:
            after = _parse(text) or {}
            stamp = after.get("hlc") if isinstance(after.get("hlc"), int) else 0
            if gone is None or stamp >= gone[0]:  # type: ignore[operator]
                gone = (stamp, kind, after)
    return gone


def _parse(text: str) -> dict[str, object] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


# -- on a township: a village's record against the member line of its last change ---------------

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "township-rev0013.sqlite3"


def test_a_village_record_edited_on_a_township_is_named_from_its_member_line(
    tmp_path: Path,
) -> None:
    """A household changed behind the program's back on a township, whose audit rows are all
    in members: named with the field changed; its stamp changed too: named as unaudited."""
    shutil.copy(FIXTURE, paths.db_path(tmp_path))
    with Ledger.open(tmp_path) as ledger:
        assert ledger.verify().ok
        with ledger.engine.begin() as conn:
            ids = conn.execute(sa.text("SELECT id FROM households ORDER BY id LIMIT 2")).scalars()
            edited, stamped = list(ids)
            conn.execute(
                sa.text("UPDATE households SET head_name = head_name || '改' WHERE id = :id"),
                {"id": edited},
            )
            conn.execute(
                sa.text("UPDATE households SET hlc = hlc + 1 WHERE id = :id"), {"id": stamped}
            )
        report = ledger.verify()
        named = {f.record_id: f.message for f in report.findings if f.kind == "record"}
        assert set(named) == {edited, stamped}, named
        assert "户主" in named[edited] and "程序之外被改动过" in named[edited]
        assert "修改时间戳没有对应的审计记录" in named[stamped]
