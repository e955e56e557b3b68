"""No new import cycle in jifen_desktop. The graph is read from the source (tests/import_graph.py):
late imports inside functions count, imports under ``if TYPE_CHECKING:`` do not. The cycles of
today are listed below, each with why it waits; the list may only shrink: a cycle that grows or
a new one fails, and so does a listed one that is gone (delete its line)."""

from __future__ import annotations

import import_graph

M = "jifen_desktop.model."


def _cycle(prefix: str, *names: str) -> frozenset[str]:
    return frozenset(prefix + n for n in names)


KNOWN = {
    _cycle(M, "households", "household_search", "members"): (
        "a household's members and search keys are written with it (a late import each way); "
        "waits for the roster/ subpackage and a small protocol instead of Ledger"
    ),
    _cycle(M, "entries", "corrections", "base_points"): (
        "corrections write reversal entries through entries, which hands out the base-points "
        "service; waits for services typed against a protocol (issue 23)"
    ),
    _cycle(M, "ledger", "backup.service", "backup.restore"): (
        "the ledger backs up before a migration and a restore reopens a ledger; waits for "
        "services typed against a protocol (issue 23)"
    ),
}


def test_no_import_cycle_beyond_the_known_ones():
    found = import_graph.cycles(import_graph.graph())
    new = [sorted(c) for c in found if not any(c <= known for known in KNOWN)]
    assert new == [], "a new import cycle (or a known one grew)"
    gone = [sorted(k) for k in KNOWN if not any(k <= c for c in found)]
    assert gone == [], "a known cycle is gone or smaller: update KNOWN so the list only shrinks"


def test_a_late_import_makes_a_cycle_and_a_type_only_one_does_not(tmp_path):
    root = tmp_path / "jifen_desktop"
    (root / "model").mkdir(parents=True)
    (root / "model" / "a.py").write_text("from . import b\n", encoding="utf-8")
    (root / "model" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .c import C\n"
        "def later():\n    from .a import x\n",
        encoding="utf-8",
    )
    (root / "model" / "c.py").write_text("from jifen_desktop.model.b import later\n")
    edges = import_graph.graph(root)
    assert edges["jifen_desktop.model.b"] == {"jifen_desktop.model.a"}
    assert import_graph.cycles(edges) == [
        frozenset({"jifen_desktop.model.a", "jifen_desktop.model.b"})
    ]
