"""What backups cost (issue 19): the ledger's size, one compressed backup's size and time, and
what the rotation keeps after a year of daily starts, pinned to one core.

    python benchmarks/bench_backups.py [--households 2000 --years 5]
    python benchmarks/bench_backups.py --quick      # 200 households, 1 year

The big village is the cached demo (``bench_gui.cached_village``); its backup is the real
``backups.make_backup`` (online copy, integrity check, xz) on a fresh copy of it, on CPU 0 only
(as ``taskset -c 0``). The year of starts is the real ``backups.daily`` with a fake calendar (its
``now``) on a small ledger (``--year-households``, default 100 × 1 year: the big one would take
hours), which does not grow during the simulated year; the rotation's total is then given as a
multiple of that ledger, and projected onto the big one: the kept backups counted by the small
run times the big one's measured compressed size (a projection, so said). The machine's load
average is printed before and after. One line per figure with its target; always exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench_first_start import load
from bench_gui import cached_village, fresh_copy, line

from jifen_desktop.model import paths
from jifen_desktop.model.backup import service as backups
from jifen_desktop.model.backup.files import backups_in, describe, size_text
from jifen_desktop.model.backup.rotation import CAP_TIMES_LEDGER

ROTATION_TARGET = 3.0  # all backups kept by the rotation < 3× the ledger
LEDGER_TARGET_MB = 200  # 2,000 households × 5 years (issue 19's table)


def one_backup(folder: Path) -> tuple[int, int, float, float, float]:
    """(ledger bytes, backup bytes, wall seconds, CPU seconds) of one backup by hand, and the
    milliseconds the lists take to describe it."""
    ledger = paths.db_path(folder).stat().st_size
    cpu = time.process_time()
    made = backups.make_backup(folder, "manual")
    cpu = time.process_time() - cpu
    started = time.monotonic()
    described = describe(made.backup.path)
    listed_ms = (time.monotonic() - started) * 1000
    assert described.readable
    return ledger, made.backup.size, made.seconds, cpu, listed_ms


def simulated_year(folder: Path, days: int) -> tuple[int, int, dict[str, int]]:
    """The daily backup of ``days`` days of starts (one each morning, the rotation after each)
    on ``folder``: (ledger bytes, bytes kept, kept files by kind)."""
    start = dt.datetime(2026, 1, 1, 8, 30)
    for day in range(days):
        backups.daily(folder, now=start + dt.timedelta(days=day))
    kept = backups_in(backups.backups_dir(folder))
    kinds: dict[str, int] = {}
    for backup in kept:
        kinds[backup.kind] = kinds.get(backup.kind, 0) + 1
    return paths.db_path(folder).stat().st_size, sum(b.size for b in kept), kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--year-households", type=int, default=100)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--quick", action="store_true", help="200 households, 1 year")
    parser.add_argument("--cores", choices=("one", "all"), default="one")
    args = parser.parse_args(argv)
    if args.quick:
        args.households, args.years = 200, 1
    if args.cores == "one" and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    print(f"before: {load()}", flush=True)
    today = dt.date.today()
    big = cached_village(args.households, args.years, args.seed, today)
    small = cached_village(args.year_households, 1, args.seed, today)
    with tempfile.TemporaryDirectory(prefix="bench-backups-") as scratch:
        ledger, packed, wall, cpu, listed_ms = one_backup(fresh_copy(big, Path(scratch)))
        size_mb = ledger / 1e6
        what = f"{args.households}×{args.years}"
        line(
            f"ledger size, {what}",
            f"{size_mb:.0f} MB",
            f"< {LEDGER_TARGET_MB} MB",
            size_mb < LEDGER_TARGET_MB,
        )
        line(f"one compressed backup, {what}", size_text(packed), f"ratio {ledger / packed:.1f}:1")
        line("  its time, one core (wall / CPU)", f"{wall:.1f} s", f"CPU {cpu:.1f} s (on a worker)")
        line("  listed (read from the file)", f"{listed_ms:.0f} ms", "< 100 ms", listed_ms < 100)
        year_folder = fresh_copy(small, Path(scratch))
        shutil.rmtree(backups.backups_dir(year_folder), ignore_errors=True)
        small_ledger, small_kept, kinds = simulated_year(year_folder, args.days)
    times = small_kept / small_ledger
    line(
        f"rotation after {args.days} daily starts, {args.year_households}×1 (real)",
        f"{times:.2f}×",
        f"< {ROTATION_TARGET:g}× (cap {CAP_TIMES_LEDGER:g}×)",
        times < ROTATION_TARGET,
    )
    count = sum(kinds.values())
    projected = count * packed / ledger
    line(
        f"  projected onto {what}: {count} kept × {size_text(packed)}",
        f"{projected:.2f}×",
        f"< {ROTATION_TARGET:g}×",
        projected < ROTATION_TARGET,
    )
    print(f"  kept by kind: {kinds}; small ledger {small_ledger / 1e6:.1f} MB", flush=True)
    print(f"after: {load()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
