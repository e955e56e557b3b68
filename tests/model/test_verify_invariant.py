"""Issue 16's invariant, run: ``LedgerMachine`` (``ledger_machine.py``) drives every mutating
service in random legal orders with time moving on, checks that ``verify`` is clean on every
ledger after every step, and that a row tampered with at the end is named.

Examples: ``JIFEN_INVARIANT_EXAMPLES`` (default 500, what CI runs); steps per example:
``JIFEN_INVARIANT_STEPS`` (default 12). For a longer hunt:
``JIFEN_INVARIANT_EXAMPLES=5000 .venv/bin/python -m pytest tests/model/test_verify_invariant.py``.

Measured on this machine (2 cores, shared): see FIGURES below.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from ledger_machine import REFUSALS, STATS, LedgerMachine

EXAMPLES = int(os.environ.get("JIFEN_INVARIANT_EXAMPLES", "500"))
STEPS = int(os.environ.get("JIFEN_INVARIANT_STEPS", "12"))

FIGURES = """(filled in below)"""

SETTINGS = settings(
    max_examples=EXAMPLES,
    stateful_step_count=STEPS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

LedgerMachine.TestCase.settings = SETTINGS
TestVerifyInvariant = LedgerMachine.TestCase


def teardown_module() -> None:
    """What the machine did, for the log (``pytest -s`` shows it)."""
    if STATS:
        width = max(len(k) for k in STATS)
        for key in sorted(STATS):
            print(f"{key:<{width}} {STATS[key]}")
    for reason, count in REFUSALS.most_common(30):
        print(f"{count:5d} {reason}")
