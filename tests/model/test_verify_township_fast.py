"""The fast paths of a township's ``jifen verify`` (issue 20's 60 s for 1,000,000 entries) still
name what the slow ones named:

* of a township's audit member line that matches its link only the time and the village are
  read (``audit_member_lines.time_and_village``): exactly what reading the line whole gives;
  a line changed (so that it runs into the next, one JSON value over two lines, say) is named;
* a link listing rising sequence numbers with gaps (a sealing link) goes into verify's arrays
  at once and keeps what adding its rows one by one keeps (``verify.listed``);
* the summary tables are compared with the entries by the database (``verify.summaries``): a
  row edited, deleted or slipped in is named with its counts, and after ``jifen township
  rebuild-summaries`` verify is clean again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from pathlib import Path

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st
from ledger_world import START, actor_of, copy_ledger, tamperable_tables, templates

from jifen_desktop.model import paths, summaries
from jifen_desktop.model.audit_member_lines import one_line, time_and_village
from jifen_desktop.model.audit_members import unpack
from jifen_desktop.model.chain import row_line
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.row_form import canonical
from jifen_desktop.model.summary_service import rebuild_summaries
from jifen_desktop.model.verify.listed import ListedRows
from jifen_desktop.model.verify.summaries import NAMES, _message

# -- the members' lines: a canonical line's time and village only -------------------------------

TEXT = st.text(max_size=12)
VALUE = st.none() | st.booleans() | st.integers() | TEXT
AUDIT_ROW = st.tuples(
    TEXT,
    st.dictionaries(TEXT, VALUE, max_size=4).map(lambda d: json.dumps(d, ensure_ascii=False)),
    TEXT,
    st.lists(VALUE, min_size=9, max_size=9),
    st.none() | TEXT,
).map(lambda p: [p[0], p[1], p[2], *p[3], p[4]])
LINE = st.one_of(
    AUDIT_ROW.map(lambda values: canonical(values).encode()),  # as the program writes them
    st.lists(VALUE, max_size=14).map(lambda values: canonical(values).encode()),
    st.sampled_from([b"", b'["a","b","c",', b'["a","b","c","d\\"]', b'["a",null,"c","d"]']),
    st.sampled_from(['q",', 'q\\",', "q\\", '","', '\\","']).map(  # after-values ending oddly
        lambda after: canonical(["a", after, "2026-12-07T09:00:00", None]).encode()
    ),
)


def _plain(value: object) -> bool:
    """A string JSON writes as it is, nothing escaped."""
    return isinstance(value, str) and canonical([value]) == f'["{value}"]'


@settings(max_examples=500)
@given(LINE)
def test_a_lines_time_and_village_are_what_reading_it_whole_gives(line: bytes) -> None:
    """Read quickly exactly when the action, time and village are plain (the village may be
    null) and the after-values a string: then what reading the whole line gives."""
    values = one_line(line)
    quick = time_and_village(line)
    if values is None:
        return  # (a line that is no JSON does not match its link: it is read whole)
    of_form = (
        len(values) >= 4
        and _plain(values[0])
        and isinstance(values[1], str)
        and _plain(values[2])
        and (values[-1] is None or _plain(values[-1]))
    )
    assert quick == ((values[2], values[-1]) if of_form else None), (quick, values)


def test_the_line_of_a_real_audit_row_is_read_quickly(tmp_path: Path) -> None:
    with time_machine.travel(START, tick=True):
        _township(tmp_path).close()
    _member_id, _seqs, lines = _first_member(tmp_path / "township")
    assert all(time_and_village(line) is not None for line in lines if b'"hlc\\":' not in line)


def _township(tmp_path: Path) -> Ledger:
    return copy_ledger(templates().township, tmp_path / "township")


def _first_member(folder: Path) -> tuple[int, list[int], list[bytes]]:
    with sqlite3.connect(paths.db_path(folder)) as conn:
        member_id, seqs, lines = conn.execute(
            "SELECT id, seqs, lines FROM audit_members ORDER BY id LIMIT 1"
        ).fetchone()
    rows = unpack(seqs, lines)
    return member_id, [r.seq for r in rows], [r.line for r in rows]


def test_a_member_line_run_into_the_next_is_named(tmp_path: Path) -> None:
    """Two lines made one JSON value over both: read as one text, the value would end on
    the second line; each line is judged alone, and both are named against their links."""
    with time_machine.travel(START, tick=True):
        town = _township(tmp_path)
        assert town.verify().ok
        town.close()
        member_id, seqs, lines = _first_member(tmp_path / "township")
        assert len(lines) >= 3
        lines[1], lines[2] = lines[1][:-1] + b",", lines[2][1:]  # "[…," and "…]"
        with sqlite3.connect(paths.db_path(tmp_path / "township")) as conn:
            conn.execute(
                "UPDATE audit_members SET lines = ? WHERE id = ?",
                (zlib.compress(b"\n".join(lines)), member_id),
            )
        with Ledger.open(tmp_path / "township") as town:
            report = town.verify()
    changed = [f.message for f in report.findings if f.kind == "row_changed"]
    for seq in seqs[1:3]:
        assert any(f"序号 {seq}，" in m and "乡镇库保存的审计记录" in m for m in changed), changed


# -- rising links with gaps -----------------------------------------------------------------------


def _digest(n: int) -> str:
    return hashlib.sha256(str(n).encode()).hexdigest()


def _state(listed: ListedRows) -> tuple[list[tuple[str, int, str]], list[tuple[str, bytes]]]:
    """What is listed, and each row's table and digest prefix as bytes (a row kept apart, as
    one far past the others is, gives its prefix as hex: ``matches`` reads both alike)."""
    left = list(listed.left())
    taken = [listed.take(replica_id, seq) or ("", b"") for replica_id, seq, _table in left]
    return left, [
        (t, bytes.fromhex(short) if isinstance(short, str) else short) for t, short in taken
    ]


RISING = st.lists(
    st.tuples(
        st.sampled_from(["r1", "r2"]),
        st.lists(st.integers(1, 5000), min_size=1, max_size=60, unique=True).map(sorted),
        st.sampled_from(["entries", "audit_log", "entry_decisions"]),
    ),
    max_size=6,
)


@settings(max_examples=200)
@given(RISING)
def test_rising_links_with_gaps_keep_what_row_by_row_keeps(
    links: list[tuple[str, list[int], str]],
) -> None:
    at_once, one_by_one = ListedRows(), ListedRows()
    for replica_id, seqs, table in links:
        text = "\n".join(row_line(seq, table, _digest(seq * 7 + len(table))) for seq in seqs)
        assert at_once.add_link(replica_id, text)
        for seq in seqs:
            one_by_one.add(replica_id, seq, table, _digest(seq * 7 + len(table))[:16])
    assert _state(at_once) == _state(one_by_one)


# -- the summaries, compared by the database -------------------------------------------------------

TAMPERING = {
    "edit": "UPDATE {t} SET {n} = {n} + 1 WHERE id = (SELECT min(id) FROM {t})",
    "delete": "DELETE FROM {t} WHERE id = (SELECT min(id) FROM {t})",
    "insert": "INSERT INTO {t} ({columns}) VALUES ({values})",  # a row no entry gives
}
NUMBERS = {
    "household_totals": "points",
    "member_totals": "entries",
    "village_totals": "active",
    "village_person_totals": "present",
}
# (the template township's entries name no person: member_totals has no row to change)
CASES = [(t, k) for t in sorted(NAMES) for k in sorted(TAMPERING)]
CASES = [(t, k) for t, k in CASES if t != "member_totals" or k == "insert"]


def _made_up(conn: sqlite3.Connection, table: str) -> dict[str, object]:
    """A summary row of a household, person or village that has no entry."""
    village = conn.execute("SELECT id FROM villages LIMIT 1").fetchone()[0]
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    given = {"id": f"2026:{village}:unit", "period": "2026", "village_id": village}
    given |= {"kind": "unit", "last_entry_on": "2026-06-01"}
    return {
        c: given.get(c, "00000000-0000-0000-0000-000000000000" if c.endswith("_id") else 1)
        for c in columns
    }


def _as_sets(town: Ledger) -> dict[str, str]:
    """Per summary table, the counts the rows kept and made give as Python sets (the way
    verify compared them before the database did), in the words of a finding."""
    found = {}
    with town.read() as s:
        for table in summaries.TABLES:
            kept, made = summaries.stored(s, table), summaries.computed(s, table, None)
            if kept != made:
                found[table.__tablename__] = _message(
                    table.__tablename__, len(kept - made), len(made - kept)
                )
    return found


@pytest.mark.parametrize(("table", "kind"), CASES)
def test_a_summary_row_tampered_with_is_named_and_a_rebuild_clears_it(
    tmp_path: Path, table: str, kind: str
) -> None:
    """The tampered table is named (a household's or a quarter's row shows in the rows made
    from it too: a village's, a year's), with the counts comparing sets gives."""
    folder = tmp_path / "township"
    with time_machine.travel(START, tick=True):
        _township(tmp_path).close()
        with sqlite3.connect(paths.db_path(folder)) as conn:
            row = _made_up(conn, table)
            sql = TAMPERING[kind].format(
                t=table, n=NUMBERS[table], columns=", ".join(row), values=", ".join("?" * len(row))
            )
            assert conn.execute(sql, list(row.values()) if kind == "insert" else []).rowcount == 1
        with Ledger.open(folder) as town:
            named = {f.table: f.message for f in town.verify().findings if f.kind == "summary"}
            assert table in named and named == _as_sets(town), named
            rebuild_summaries(town.as_actor(actor_of(town, "xiang")))
            report = town.verify()
            assert report.ok, [f.message for f in report.findings]


def test_the_machines_last_tampering_may_pick_a_summary_table(tmp_path: Path) -> None:
    """The invariant machine tampers with one row of any table that has rows at its end
    (``ledger_world.tamper``): the township's summary tables are among them."""
    with time_machine.travel(START, tick=True):
        _township(tmp_path).close()
    found = tamperable_tables(paths.db_path(tmp_path / "township"))
    assert set(NAMES) <= set(found), found
