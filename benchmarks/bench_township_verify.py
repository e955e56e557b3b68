"""``jifen verify`` of a township (issue 20: 30 villages, 1,000,000 entries in < 60 s and
< 500 MB), run by ``bench_sync.py --verify``: the figure, its CPU time and peak memory, and what
each of verify's steps costs (the file's integrity check, the hash chain's links, each
append-only table's rows, the township's audit members, the summaries, the records ...).
The file's check and the summaries run in a worker thread beside the rest (``verify.beside``):
each step's CPU is its own thread's, and the main thread's CPU is printed beside the whole
process's (on two idle cores the wall time is about the larger of the two threads').

The township is ``bench_sync``'s renamed copies of the cached 2,000 × 5 demo village, loaded
into an empty SQLite township by a first load (``SyncService.import_bundles``); it is built once
per size and schema revision and kept in the benchmark cache (verify writes nothing); one
cached at an older revision is copied and upgraded instead of built again. Verify runs
in a process of its own, so its peak memory is its own (VmHWM); the target is on the 2-core
machine, so run it without ``taskset``. Then ``jifen verify --village`` of the first village
by code, in a process of its own too (the county's target, < 10 s, is for PostgreSQL).

    python benchmarks/bench_sync.py --verify --villages 3 --entries 100000
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_gui import CACHE, line
from bench_lean import enrolled_township

from jifen_desktop.model import db, paths
from jifen_desktop.model.compact import compact_after_upgrade
from jifen_desktop.model.db import HEAD_REVISION

TARGET_S_PER_MILLION = 60
MEMORY_TARGET_MB = 500
VILLAGE_TARGET_S = 10  # one village of a 10 M county on PostgreSQL (issue 20)
BESIDE = ("_check_integrity", "check_snapshots", "check_summaries")  # (``verify.beside``)
# The child times each step of ``verify.service`` by wrapping the functions it calls (their
# thread's CPU time, user + sys, summed over calls; the peak memory so far after each), then
# prints one JSON line.
CHILD = """
import json, sys, time
from collections import defaultdict
from pathlib import Path
from typing import Any
from jifen_desktop.model.verify import service
steps, peaks = defaultdict(float), {}
def hwm_kb():
    for row in open("/proc/self/status"):
        if row.startswith("VmHWM:"):
            return int(row.split()[1])
    return 0
def timed(name, work):
    def run(*args, **kwargs):
        cpu = time.thread_time()
        try:
            return work(*args, **kwargs)
        finally:
            steps[name] += time.thread_time() - cpu
            peaks[name] = hwm_kb() / 1024
    return run
for name in sys.argv[2].split(","):
    setattr(service, name, timed(name, getattr(service, name)))
from jifen_desktop.model.ledger import Ledger
ledger = Ledger.open(Path(sys.argv[1]))
village = sys.argv[3] and sorted(v.code for v in ledger.villages.list())[0]
wall, cpu, main = time.perf_counter(), time.process_time(), time.thread_time()
report = ledger.verify(village=village or None)
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
    "main": time.thread_time() - main, "village": village,
    "ok": report.ok, "rows": report.rows, "findings": [f.message for f in report.findings[:3]],
    "rss_mb": hwm_kb() / 1024, "steps": steps, "peaks": peaks}))
"""
STEPS = {
    "_check_integrity": "integrity_check, foreign_key_check",
    "check_links": "the hash chain's links",
    "check_rows": "append-only rows against the links",
    "check_members": "the township's audit members",
    "report_referring": "audit rows stored as references",
    "report_missing": "rows the links list that are gone",
    "check_snapshots": "publication snapshots",
    "check_summaries": "summary tables",
    "look_for_left": "rows not found by index (one village's)",
    "check_records": "records against their last audit row",
    "check_peers": "enrolled sync keys",
}


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def cached_township(villages: int, entries: int) -> Path:
    """A township of ``villages`` renamed demo villages holding ``entries`` entries in all,
    built by a first load once per size and schema revision."""
    folder = CACHE / f"township-v{villages}-e{entries}-{HEAD_REVISION}"
    if folder.is_dir():
        return folder
    older = sorted(CACHE.glob(f"township-v{villages}-e{entries}-0*"))
    if older:
        return _upgraded(older[-1], folder)
    today = dt.date(2026, 11, 21)
    work = Path(tempfile.mkdtemp(prefix="bench-township-", dir=CACHE))
    try:
        township, town, bundles = enrolled_township(work, villages, entries, today)
        town.import_bundles(bundles)
        township.close()
        (work / "township").rename(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return folder


def _upgraded(older: Path, folder: Path) -> Path:
    """A copy of a township cached at an older schema revision, upgraded as the program
    upgrades a file it opens (the migrations, then ``VACUUM`` if they freed much; no backup):
    building one of 1,000,000 entries again takes an hour."""
    work = Path(tempfile.mkdtemp(prefix="bench-township-", dir=CACHE))
    try:
        shutil.copytree(older, work / "township")
        engine = db.make_engine(paths.db_path(work / "township"))
        revision = db.current_revision(engine)
        db.upgrade(engine)
        compact_after_upgrade(engine, revision)
        engine.dispose()
        (work / "township").rename(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return folder


def verify_main(villages: int, entries: int) -> None:
    print(f"township verify, {villages} villages, {entries:,} entries; {load()}", flush=True)
    folder = cached_township(villages, entries)
    _print_whole(_child(folder, ""), entries)
    _print_village(_child(folder, "first"))
    print(load(), flush=True)


def _child(folder: Path, village: str) -> dict[str, Any]:
    """What the child measured: the whole verify (``village`` empty) or one village's (the
    first by code: "first")."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), ",".join(STEPS), village],
        capture_output=True,
        text=True,
        check=True,
    )
    got: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return got


def _headline(what: str, got: dict[str, Any], value: str, target: float, note: str) -> None:
    """The check's wall time against its target (PASS only if it is clean too)."""
    verdict = "clean" if got["ok"] else f"findings: {got['findings']}"
    line(
        f"{what} ({got['rows']:,} rows), {verdict}",
        value,
        f"< {target:.0f} s ({note})",
        got["wall"] < target and got["ok"],
    )


def _print_whole(got: dict[str, Any], entries: int) -> None:
    target = TARGET_S_PER_MILLION * entries / 1_000_000
    cpu = f"{got['wall']:.1f} s (cpu {got['cpu']:.1f}, main thread {got['main']:.1f})"
    _headline("jifen verify of the township", got, cpu, target, "pro rata")
    beside = sum(got["steps"].get(name, 0.0) for name in BESIDE)
    line(
        "  on two idle cores: the larger thread (cpu)",
        f"{max(got['main'], beside):.1f} s",
        f"< {target:.0f} s",
        max(got["main"], beside) < target,
    )
    line(
        "  verify's peak memory",
        f"{got['rss_mb']:.0f} MB",
        f"< {MEMORY_TARGET_MB} MB",
        got["rss_mb"] < MEMORY_TARGET_MB,
    )
    _print_steps(got)


def _print_village(got: dict[str, Any]) -> None:
    what, cpu = (
        f"jifen verify --village {got['village']}",
        f"{got['wall']:.1f} s (cpu {got['cpu']:.1f})",
    )
    _headline(what, got, cpu, VILLAGE_TARGET_S, "county's")
    line("  its peak memory", f"{got['rss_mb']:.0f} MB")
    _print_steps(got)


def _print_steps(got: dict[str, Any]) -> None:
    for name, what in STEPS.items():
        cpu, peak = got["steps"].get(name, 0.0), got["peaks"].get(name, 0.0)
        where = " (beside)" if name in BESIDE else ""
        line(f"    {what}{where}", f"cpu {cpu:.2f} s", f"peak {peak:.0f} MB")


def pg_village_main(villages: int, entries: int) -> None:
    """``jifen verify --village`` of the first village and the whole ``jifen verify`` on
    PostgreSQL: the cached township moved to a throwaway local cluster (``server_move``, as
    ``jifen township move-to-server``), then each check timed with the client's and the
    server's CPU (``pg_cpu``)."""
    from pg_cpu import CpuClock, throwaway_url

    from jifen_desktop.model import server_move
    from jifen_desktop.model.ledger import Ledger

    print(f"verify on PostgreSQL, {villages} villages, {entries:,} entries; {load()}", flush=True)
    folder, url = cached_township(villages, entries), throwaway_url()
    moved = server_move.move_to_server(folder, url)
    line("  moved to the server (with its verify)", f"{moved.seconds:.0f} s")
    ledger = Ledger.open(folder, url)
    code = sorted(v.code for v in ledger.villages.list())[0]
    for what, village in ((f"jifen verify --village {code}", code), ("jifen verify", None)):
        clock, wall = CpuClock.start(url), time.perf_counter()
        report = ledger.verify(village=village)
        wall, (client, server) = time.perf_counter() - wall, clock.read()
        verdict = "clean" if report.ok else f"{len(report.findings)} findings"
        target = f"< {VILLAGE_TARGET_S} s (county's)" if village else ""
        line(
            f"{what} ({report.rows:,} rows), {verdict}",
            f"{wall:.1f} s",
            target,
            (wall < VILLAGE_TARGET_S and report.ok) if village else None,
        )
        line("    cpu: client, server", f"{client:.1f} s, {server or 0:.1f} s")
    ledger.close()
    print(load(), flush=True)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="jifen verify of a township on PostgreSQL")
    parser.add_argument("--pg", action="store_true", help="on a throwaway PostgreSQL cluster")
    parser.add_argument("--villages", type=int, default=3)
    parser.add_argument("--entries", type=int, default=100_000)
    args = parser.parse_args()
    pg_village_main(args.villages, args.entries)
