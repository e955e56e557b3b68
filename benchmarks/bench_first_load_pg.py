"""The first load of a township on PostgreSQL alone (issue 20: 30 villages, 1,000,000 entries
< 90 s wall on two cores): the wall time, and the CPU of this process, of its worker processes
and of the server, with the load average.

    python benchmarks/bench_first_load_pg.py [--villages 3] [--entries 100000]
        [--database URL|throwaway] [--in-process] [--verify]

The villages' bundles are bench_sync's (``village_bundles``: built once from the cached demo
village and kept in the benchmark cache; this script only reads them). ``--in-process`` loads
the one-process way (``JIFEN_FIRST_LOAD_IN_PROCESS=1``) for a side-by-side figure.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_gui import CACHE, line  # noqa: E402
from pg_cpu import CpuClock, throwaway_url  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from jifen_desktop.model.schema import Entry  # noqa: E402
from jifen_desktop.model.setup import AdminDetails, create_township  # noqa: E402
from jifen_desktop.sync import SyncService  # noqa: E402

INDEXING = "正在建立索引"  # (the progress message when every row is in)


def cached_bundles(villages: int, entries: int) -> list[Path]:
    """bench_sync's bundles of ``villages`` villages and ``entries`` entries (the newest)."""
    found = sorted(p for p in CACHE.glob(f"sync-v{villages}-e{entries}-*") if p.is_dir())
    if not found:
        raise SystemExit(f"no cached bundles: run bench_sync.py --villages {villages} first")
    return sorted(found[-1].glob("*.jfb"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--villages", type=int, default=3)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--database", default="throwaway")
    parser.add_argument("--in-process", action="store_true")
    parser.add_argument("--verify", action="store_true")
    args = parser.parse_args()
    if args.in_process:
        os.environ["JIFEN_FIRST_LOAD_IN_PROCESS"] = "1"
    url = throwaway_url() if args.database == "throwaway" else args.database
    bundles = cached_bundles(args.villages, args.entries)
    work = Path(tempfile.mkdtemp(prefix="bench-first-load-pg-"))
    township, _admin = create_township(
        work / "township",
        "张集镇",
        "420881100",
        AdminDetails("xiang", "乡镇办", "secret-123"),
        database=url,
    )
    town = SyncService(township)
    for bundle in bundles:
        town.enrol(bundle, trust=True)
    clock = CpuClock.start(url)
    started = time.perf_counter()
    marks: dict[str, float] = {}
    at_indexing: list[float | None] = []

    def heard(_fraction: float, message: str) -> None:
        marks.setdefault(message, time.perf_counter() - started)
        if message == INDEXING and not at_indexing:
            at_indexing.append(clock.read()[1])

    town.import_bundles(bundles, heard)
    wall = time.perf_counter() - started
    indexing = marks.get(INDEXING)
    client, server = clock.read()
    workers = clock.workers()
    with township.read() as session:
        entries = session.scalar(select(func.count()).select_from(Entry)) or 0
    report(args, entries, wall, (client, workers, server))
    if indexing is not None:
        line("  of which indexes, keys, summaries and commit", f"{wall - indexing:.1f} s")
        if server is not None and at_indexing[0] is not None:
            line("    the server's CPU in that time", f"{server - at_indexing[0]:.1f} s")
    if args.verify:
        started = time.perf_counter()
        found = township.verify()
        print(f"verify: {time.perf_counter() - started:.1f} s, clean: {found.ok}", flush=True)
    township.close()


def report(
    args: argparse.Namespace, entries: int, wall: float, cpu: tuple[float, float, float | None]
) -> None:
    """The figures, each against the issue's target where it has one."""
    client, workers, server = cpu
    way = "one process" if args.in_process else "with workers"
    per_million = wall * 1_000_000 / max(entries, 1)
    line(f"first load into PostgreSQL ({way}): {entries:,} entries", f"{wall:.1f} s")
    line("  wall time per 1,000,000 entries", f"{per_million:.0f} s", "< 90 s", per_million < 90)
    line("  CPU, this process (user + sys)", f"{client:.1f} s")
    line("  CPU, worker processes", f"{workers:.1f} s")
    line("  CPU, server (all its processes)", "unknown" if server is None else f"{server:.1f} s")
    total = client + workers + (server or 0.0)
    line("  CPU in all, per 1,000,000 entries", f"{total * 1_000_000 / max(entries, 1):.0f} s")
    line(
        "  floor on two cores (CPU in all / 2) per 1,000,000", f"{total * 500_000 / entries:.0f} s"
    )
    one, five, _fifteen = os.getloadavg()
    print(f"  (load average {one:.1f} / {five:.1f})", flush=True)


if __name__ == "__main__":
    main()
