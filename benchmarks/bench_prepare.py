"""Preparing bundles in worker processes (issue 20 part 2), run by ``bench_sync.py --prepare``.

``--villages`` bundles (``bench_sync``'s renamed copies of the cached 2,000 × 5 demo village,
``--entries`` in all) go into an empty SQLite township through ``SyncService.import_bundles``
(a first load: one transaction), then are imported again (every check runs, nothing is new),
once with every bundle checked in this process (``JIFEN_PREPARE_IN_PROCESS=1``: what the import
did before ``sync.prepare``) and once with the next bundles' hashes checked in two worker
processes while the writer applies the current one (``WORKERS_FROM_BYTES`` set to 0: the
import uses workers only for 512 MB of bundles or more). Each figure gives the wall time and the CPU
time (user + sys) of this process and of the worker processes it waited for; the machine is
shared, so the load average is printed at the start and the end.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_county import exported, newest_cache
from bench_gui import line
from bench_sync import village_bundles
from sqlalchemy import func, select

from jifen_desktop.model.schema import Entry
from jifen_desktop.model.setup import AdminDetails, create_township
from jifen_desktop.sync import SyncService, prepare


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + sys) of this process, and of its children waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def timed(work: Callable[[], Any]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of this process, CPU seconds of the worker processes)."""
    (own, children), wall = _cpu(), time.perf_counter()
    work()
    after_own, after_children = _cpu()
    return time.perf_counter() - wall, after_own - own, after_children - children


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def _figure(what: str, wall: float, own: float, workers: float) -> None:
    line(what, f"{wall:.1f} s", f"cpu {own:.1f} + workers {workers:.1f} s")


def _one_mode(bundles: list[Path], folder: Path, in_process: bool) -> float:
    """The first load and the re-import in ``folder``; the first load's wall time."""
    if in_process:
        os.environ["JIFEN_PREPARE_IN_PROCESS"] = "1"
    else:  # workers however small the bundles (below ``WORKERS_FROM_BYTES`` they are not used)
        os.environ.pop("JIFEN_PREPARE_IN_PROCESS", None)
        prepare.WORKERS_FROM_BYTES = 0
    township, _admin = create_township(
        folder, "张集镇", "420881100", AdminDetails("xiang", "乡镇办", "secret-123")
    )
    town = SyncService(township)
    for bundle in bundles:
        town.enrol(bundle, trust=True)
    how = "in this process" if in_process else "2 worker processes"
    wall, own, workers = timed(lambda: town.import_bundles(bundles))
    with township.read() as s:
        total = s.scalar(select(func.count()).select_from(Entry)) or 0
    _figure(f"first load, {total:,} entries, checked {how}", wall, own, workers)
    again = timed(lambda: town.import_bundles(bundles))
    _figure(f"re-import (checks only), checked {how}", *again)
    township.close()
    return wall


def prepare_main(villages: int, entries: int) -> None:
    print(f"preparing bundles, {villages} villages, {entries:,} entries; {load()}", flush=True)
    today = dt.date(2026, 11, 21)
    work = Path(tempfile.mkdtemp(prefix="bench-prepare-"))
    try:
        demo, _day = newest_cache(f"h2000-y5-s2026-{today:%Y%m%d}-*")
        bundles = village_bundles(exported(demo, work), villages, entries, today)
        size = sum(b.stat().st_size for b in bundles) / 1e6
        print(f"{len(bundles)} bundles, {size:.0f} MB", flush=True)
        before = _one_mode(bundles, work / "in-process", in_process=True)
        after = _one_mode(bundles, work / "workers", in_process=False)
        line(
            "first load, workers / in this process",
            f"{after / before:.2f}×",
            "< 1.00×",
            after < before,
        )
    finally:
        os.environ.pop("JIFEN_PREPARE_IN_PROCESS", None)
        shutil.rmtree(work, ignore_errors=True)
    print(load(), flush=True)
