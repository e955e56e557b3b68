"""No import cycle in jifen_desktop. The graph is read from the source (tests/import_graph.py):
late imports inside functions count, imports under ``if TYPE_CHECKING:`` do not. A cycle that
has to wait is listed in KNOWN with why; the list may only shrink: a cycle that grows or a new
one fails, and so does a listed one that is gone (delete its line)."""

from __future__ import annotations

import import_graph

# Cycles of today, each with why it waits (frozensets of module names); none is left: the three
# of issue 23 were broken by moving the shared piece into a module both sides import
# (household_rows, entry_writes, backup.making, write_session) and by passing entries'
# writer into corrections.
KNOWN: dict[frozenset[str], str] = {}


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
