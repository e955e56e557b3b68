"""A started background task is kept alive by the module until it hands back its result, even
when its caller keeps no reference (a collected task once left the program waiting forever)."""

from __future__ import annotations

import gc
import threading

from jifen_desktop.ui import background


def test_a_task_nobody_keeps_still_reports(qtbot):
    release = threading.Event()
    results: list[object] = []

    def work(progress, cancel):
        release.wait(5)
        return 42

    background.run_in_background(None, "test", work, results.append, show_dialog=False)
    assert background.running_tasks() == 1
    gc.collect()
    release.set()
    qtbot.waitUntil(lambda: results == [42], timeout=5000)
    assert background.running_tasks() == 0


def test_a_failed_task_is_let_go_too(qtbot):
    errors: list[BaseException] = []

    def work(progress, cancel):
        raise ValueError("不行")

    background.run_in_background(
        None, "test", work, lambda _v: None, errors.append, show_dialog=False
    )
    gc.collect()
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
    assert isinstance(errors[0], ValueError) and background.running_tasks() == 0
