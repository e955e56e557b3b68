"""The slowest test files first, so that two xdist workers finish together.

``--dist loadfile`` keeps a file's tests on one worker and hands out files in the order they are
collected (with ``--no-loadscope-reorder``; without it xdist puts files with more tests first:
the invariant machine, about six minutes in seven tests, came about a quarter of the way in, and
files of one long test (the kill tests, a year through the GUI, the three-laptop machine) came
last, where one worker ran them while the other had nothing left). Handing out the longest
files first lets the short ones fill the gap at the end. The seconds below are one process's
CPU time for the file alone, measured under load on 2026-12-07 (the invariant: its docstring's
figure): the order matters, not the figures. Files not named here follow in collection order,
which ends with tests/ui's many short files. Reordering changes no test: each file's tests keep
their own order."""

from __future__ import annotations

import pytest

SECONDS: dict[str, float] = {
    "tests/model/test_verify_invariant.py": 337.0,
    "tests/ui/test_whole_year.py": 47.6,
    "tests/sync/test_three_laptops.py": 42.7,
    "tests/durability/test_kill_import.py": 20.9,
}


def slowest_files_first(items: list[pytest.Item]) -> None:
    """Sort ``items`` in place, files named in ``SECONDS`` first, the longest first; stable."""
    items.sort(key=lambda item: -SECONDS.get(item.nodeid.split("::")[0], 0.0))
