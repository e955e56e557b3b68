"""The slowest test files first, so that two xdist workers finish together.

``--dist loadfile`` keeps a file's tests on one worker and hands out files in the order they are
collected (with ``--no-loadscope-reorder``; without it xdist puts files with more tests first,
so the files of one long test, such as a year through the GUI, come last). Measured on
2026-12-07 (the whole suite, load 10 to 19, its junit times fed to a simulation of xdist's
scheduler, which gave the run's own wall time within 1 %): the two workers already ended
within 1.5 % of each other in xdist's order (5,517 s and 5,444 s; slowest first: 5,480 s each),
because the invariant machine is 35 % of the suite, under half. So this order buys little today;
it keeps a long file from landing last as the suite grows. The seconds below are that run's
per-file times (wall time under load, 7 to 11 times a quiet machine's): the order matters,
not the figures. Files not named here follow in collection order, which ends with tests/ui's
many short files. Reordering changes no test: each file's tests keep their own order."""

from __future__ import annotations

import pytest

SECONDS: dict[str, float] = {
    "tests/model/test_verify_invariant.py": 3848,
    "tests/ui/test_layout_sizes.py": 486,
    "tests/ui/test_demo_process.py": 367,
    "tests/sync/test_merge_pg.py": 332,
    "tests/reports/test_notice_layout.py": 222,
    "tests/sync/test_convergence.py": 197,
    "tests/sync/test_verify_peers.py": 186,
    "tests/sync/test_first_load_workers.py": 176,
    "tests/ui/test_whole_year.py": 125,
    "tests/sync/test_three_laptops.py": 77,
    "tests/durability/test_kill_import.py": 34,
}


def slowest_files_first(items: list[pytest.Item]) -> None:
    """Sort ``items`` in place, files named in ``SECONDS`` first, the longest first; stable."""
    items.sort(key=lambda item: -SECONDS.get(item.nodeid.split("::")[0], 0.0))
