"""A recorded entry survives the process being killed right after the call returns, and two
processes writing at once cannot both pass a monthly cap."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap

from jifen_desktop.model.ledger import Ledger

CHILD = textwrap.dedent("""
    import datetime as dt, sys, time
    from pathlib import Path
    from jifen_desktop.model.ledger import Ledger
    from jifen_desktop.model.entry_checks import EntryDraft
    ledger = Ledger.open(Path(sys.argv[1]))
    village = ledger.villages.list()[0]
    household = ledger.households.by_number(village.id, "001")
    entry = ledger.entries.record(village.id, EntryDraft(household.id, sys.argv[2],
                                                         dt.date(2026, 3, 10))).value
    print(entry.id, flush=True)
    time.sleep(60)
""")


def start_child(folder, rule):
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), rule],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_entry_survives_kill_right_after_record(world):
    world.household("001", "王建国")
    folder = world.ledger.folder
    world.ledger.close()
    child = start_child(folder, "B05")
    entry_id = child.stdout.readline().strip()
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert entry_id, child.stderr.read()
    reopened = Ledger.open(folder)
    entry = reopened.entries.get(entry_id)
    assert (entry.rule_code, entry.points, entry.status) == ("B05", 5, "pending")
    audit = reopened.audit.list(object_id=entry_id)
    assert [a.action for a in audit] == ["entry.create"]
    reopened.close()


def test_two_processes_cannot_both_take_a_monthly_cap(world):
    world.household("001", "王建国")
    folder = world.ledger.folder
    children = [start_child(folder, "E08") for _ in range(2)]
    outputs = []
    for child in children:
        try:
            line = child.stdout.readline().strip()
        finally:
            child.kill()
        child.wait()
        outputs.append((line, child.stderr.read()))
    recorded = [line for line, _ in outputs if line]
    assert len(recorded) == 1, outputs
    assert any("当月限一次" in err for _, err in outputs)
    entries = world.ledger.entries.list(world.village.id)
    assert [(e.rule_code, e.occurred_on) for e in entries] == [("E08", dt.date(2026, 3, 10))]
