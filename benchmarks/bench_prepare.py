"""A first load with worker processes (issue 20 part 2), run by ``bench_sync.py --prepare``.

``--villages`` bundles (``bench_sync``'s renamed copies of the cached 2,000 × 5 demo village,
``--entries`` in all) go into an empty SQLite township through ``SyncService.import_bundles``:
a first load, one transaction. Once with worker processes (``sync.first_load_parallel``: two
workers merge groups of bundles into scratch files, the writer copies their rows set-based),
and, up to ``IN_PROCESS_UP_TO`` entries, once the usual way in this process
(``JIFEN_FIRST_LOAD_IN_PROCESS=1``) in the same run, before and after side by side, and the
raw load of the same rows into the same lean schema at every size (``bench_lean.raw_lean``,
reading and loading one bundle at a time: what the ratio target compares with).

Each figure gives the wall time and the CPU time (user + sys) of this process and of the
worker processes it waited for (``RUSAGE_CHILDREN``). The machine is shared: the load average
is printed with each figure, and the wall time of two idle cores cannot be less than the
larger of the writer's CPU and half the CPU of all processes (``floor``).
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
from bench_gui import CACHE, line
from bench_lean import raw_lean
from bench_sync import village_bundles
from sqlalchemy import func, select

from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.schema import Entry
from jifen_desktop.model.setup import AdminDetails, create_township
from jifen_desktop.sync import SyncService, first_load_parallel

TODAY = dt.date(2026, 11, 21)
TARGET_S = 90  # at 1,000,000 entries, pro rata below
RATIO_TARGET = 1.5
# The usual way runs up to this many entries: at 1,000,000 it takes half an hour at a load of 15.
IN_PROCESS_UP_TO = 300_000


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


class Steps:
    """The writer's CPU and wall time per step (its functions wrapped while it loads)."""

    NAMES = ("copy_group", "keep_import", "build_indexes", "_wait")

    def __init__(self) -> None:
        self.cpu: dict[str, float] = dict.fromkeys(self.NAMES, 0.0)
        self.wall: dict[str, float] = dict.fromkeys(self.NAMES, 0.0)
        self.saved: dict[str, Any] = {}

    def __enter__(self) -> Steps:
        writer = first_load_parallel.Writer
        for name in self.NAMES:
            owner = writer if name == "_wait" else first_load_parallel
            self.saved[name] = getattr(owner, name)
            setattr(owner, name, self._wrapped(name, self.saved[name]))
        return self

    def _wrapped(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed_step(*args: Any, **kwargs: Any) -> Any:
            cpu, wall = time.process_time(), time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.cpu[name] += time.process_time() - cpu
                self.wall[name] += time.perf_counter() - wall

        return timed_step

    def __exit__(self, *exc: object) -> None:
        writer = first_load_parallel.Writer
        for name, function in self.saved.items():
            setattr(writer if name == "_wait" else first_load_parallel, name, function)

    def say(self) -> None:
        parts = [f"{n} {self.cpu[n]:.1f} s cpu / {self.wall[n]:.1f} s wall" for n in self.NAMES]
        line("  the writer's steps", "; ".join(parts), "(_wait: waiting for the workers)")


def load() -> str:
    return "load " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def _bundles(work: Path, villages: int, entries: int, today: dt.date) -> list[Path]:
    """The cached village bundles; made from the demo village's full bundle when not cached
    (that bundle cached too, or exported from the newest cached demo village)."""
    kept = sorted(CACHE.glob(f"h2000-y5-s2026-{today:%Y%m%d}-*-full.jfb"))
    if kept:
        return village_bundles(kept[-1], villages, entries, today)
    demo, _day = newest_cache(f"h2000-y5-s2026-{today:%Y%m%d}-*")
    return village_bundles(exported(demo, work), villages, entries, today)


def _township(work: Path, bundles: list[Path]) -> tuple[Ledger, SyncService]:
    township, _admin = create_township(
        work / "township", "张集镇", "420881100", AdminDetails("xiang", "乡镇办", "secret-123")
    )
    town = SyncService(township)
    for bundle in bundles:
        town.enrol(bundle, trust=True)
    return township, town


def _first_load(work: Path, villages: int, entries: int, workers: bool) -> tuple[float, ...]:
    """One first load in a new township under ``work``: (wall, own CPU, workers' CPU)."""
    if workers:
        os.environ.pop(first_load_parallel.IN_PROCESS, None)
    else:
        os.environ[first_load_parallel.IN_PROCESS] = "1"
    bundles = _bundles(work, villages, entries, TODAY)
    township, town = _township(work, bundles)
    with Steps() as steps:
        wall, own, children = timed(lambda: town.import_bundles(bundles))
    with township.read() as s:
        total = s.scalar(select(func.count()).select_from(Entry)) or 0
    township.close()
    how = "2 worker processes + the writer" if workers else "the usual way, one process"
    floor = max(own, (own + children) / 2)
    target = TARGET_S * entries / 1_000_000
    line(
        f"first load, {len(bundles)} villages, {total:,} entries, {how}",
        f"{wall:.1f} s wall",
        f"< {target:.0f} s: cpu {own:.1f} + workers {children:.1f} s, floor {floor:.1f} s; {load()}",
        wall < target,
    )
    if workers:
        steps.say()
    return wall, own, children, floor


def _raw(work: Path, villages: int, entries: int) -> tuple[float, float]:
    """(wall, CPU) of reading the bundles' rows and loading them raw into a lean township."""
    bundles = _bundles(work, villages, entries, TODAY)
    raw = raw_lean(bundles, work / "raw")
    line(
        f"reading + raw load of the same {raw.rows:,} rows, lean",
        f"{raw.wall:.1f} s wall",
        f"cpu {raw.read_cpu:.1f} + {raw.load_cpu:.1f} s (wall {raw.read_wall:.1f} + "
        f"{raw.load_wall:.1f}); {load()}",
    )
    return raw.wall, raw.cpu


def prepare_main(villages: int, entries: int) -> None:
    print(f"first load with workers, {villages} villages, {entries:,} entries; {load()}")
    work = Path(tempfile.mkdtemp(prefix="bench-prepare-"))
    try:
        after = _first_load(work / "workers", villages, entries, workers=True)
        if entries <= IN_PROCESS_UP_TO:
            before = _first_load(work / "usual", villages, entries, workers=False)
            line("  workers / usual way, wall", f"{after[0] / before[0]:.2f}×", "< 1.00×")
            line(
                "  workers / usual way, floor on two idle cores / CPU",
                f"{after[3] / before[1]:.2f}×",
                "< 1.00×",
                after[3] < before[1],
            )
        _against_raw(work / "raw", villages, entries, after)
    finally:
        os.environ.pop(first_load_parallel.IN_PROCESS, None)
        shutil.rmtree(work, ignore_errors=True)
    print(load(), flush=True)


def _against_raw(work: Path, villages: int, entries: int, after: tuple[float, ...]) -> None:
    raw_wall, raw_cpu = _raw(work, villages, entries)
    line(
        "  first load with workers / (reading + raw load), wall",
        f"{after[0] / raw_wall:.2f}×",
        f"≤ {RATIO_TARGET}×",
        after[0] <= RATIO_TARGET * raw_wall,
    )
    line(
        "  the same, floor on two idle cores / raw CPU",
        f"{after[3] / raw_cpu:.2f}×",
        f"≤ {RATIO_TARGET}×",
        after[3] <= RATIO_TARGET * raw_cpu,
    )
    line(
        "  the same, all CPU (writer + workers) / raw CPU",
        f"{(after[1] + after[2]) / raw_cpu:.2f}×",
        f"≤ {RATIO_TARGET}×",
        after[1] + after[2] <= RATIO_TARGET * raw_cpu,
    )
