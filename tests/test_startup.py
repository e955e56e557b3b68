"""``startup.loading``: no collection while modules load, what they made frozen afterwards, and
the collector left as it was found."""

from __future__ import annotations

import gc

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
