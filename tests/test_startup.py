"""``startup.loading``: no collection while modules load, what they made frozen afterwards, and
the collector left as it was found, the source lines read meanwhile dropped."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

from jifen_desktop.startup import loading


def test_loading_pauses_the_collector_and_freezes_what_was_made() -> None:
    assert gc.isenabled()
    before = gc.get_freeze_count()
    try:
        with loading():
            assert not gc.isenabled()
            made = [[i] for i in range(1000)]  # tracked objects, as an import makes
        assert gc.isenabled()
        assert gc.get_freeze_count() >= before + len(made)
    finally:
        gc.unfreeze()  # the test process's objects back in the collector's sight


def test_a_paused_collector_stays_paused() -> None:
    gc.disable()
    try:
        with loading():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


PROBE = """
import json, linecache
import PySide6.QtCore
from jifen_desktop.startup import loading
import fractions
read = [name for name, entry in linecache.cache.items() if len(entry) > 1]
with loading():
    import statistics
kept = [name for name, entry in linecache.cache.items() if len(entry) > 1]
print(json.dumps({"read": read, "kept": kept}))
"""


def test_loading_drops_the_source_lines_pyside_read() -> None:
    """Once PySide6 is loaded it reads every newly imported module's source (its
    ``__feature__`` check), which ``linecache`` would keep for good; ``loading`` drops them."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert any(name.endswith("fractions.py") for name in found["read"]), found["read"]
    assert found["kept"] == []
