"""The ledger's size per entry before and after migration 0017 (issue 19/20 size): chain links'
rows packed, decisions' audit rows stored derived.

    python benchmarks/bench_size.py [LEDGER.sqlite3]
    python benchmarks/bench_size.py --township 100000     # a lean township's link rows

LEDGER (default: the newest cached 2,000 × 5 demo village at revision 0016) is copied; the
copy's size per entry (vacuumed, ``ledger_size``) is measured, then the copy is upgraded to the
newest revision (CPU and wall time of the migration) and measured again. Prints each figure with
its target, PASS or MISS, and the load average at the start and the end (the machine is shared:
compare CPU time, not wall time, when the load is high). Run it on one core (``taskset -c 0``).

``--township N``: a lean township of 3 villages and N entries (``bench_lean.enrolled_township``)
first loaded, then its file per entry, and its chain links' rows as stored (packed) and as the
text they read as (what they took before 0017), per entry.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

from bench_county import newest_cache
from bench_gui import line
from ledger_size import parts, vacuumed

from jifen_desktop.model import db

TARGET = 1700  # bytes per entry (issue 19: < 200 MB for 2,000 households × 5 years)
SHOWN = ("chain_links", "audit_log")


def measured(ledger: Path, work: Path, label: str) -> float:
    """Print the vacuumed copy's size per entry and its chain links' and audit log's part."""
    copy = vacuumed(ledger, work, f"{label}.sqlite3")
    with closing(sqlite3.connect(copy)) as raw:
        (entries,) = raw.execute("SELECT count(*) FROM entries").fetchone()
        sizes = {part.name: part.size for part in parts(raw)}
    per = copy.stat().st_size / max(entries, 1)
    line(f"{label}: ledger per entry ({entries:,} entries)", f"{per:,.0f} B", f"< {TARGET:,} B")
    for name in SHOWN:
        line(f"{label}:   {name} per entry", f"{sizes.get(name, 0) / max(entries, 1):,.0f} B")
    copy.unlink()
    return per


def upgraded(ledger: Path) -> None:
    """Upgrade ``ledger`` in place to the newest revision; print the migration's time."""
    engine = db.make_engine(ledger)
    wall, cpu = time.perf_counter(), time.process_time()
    db.upgrade(engine)
    engine.dispose()
    spent = time.process_time() - cpu
    line("migration to the newest revision, CPU", f"{spent:.1f} s")
    line("migration to the newest revision, wall", f"{time.perf_counter() - wall:.1f} s")


def township(entries: int) -> None:
    """A lean township's file and its link rows per entry, packed and as text."""
    from bench_lean import enrolled_township

    from jifen_desktop.model import paths
    from jifen_desktop.model.schema.link_rows import unpack

    with tempfile.TemporaryDirectory(prefix="jifen-bench-size-") as tmp:
        ledger, town, bundles = enrolled_township(Path(tmp), 3, entries, dt.date(2026, 11, 21))
        town.import_bundles(bundles)
        path = paths.db_path(ledger.folder)
        ledger.close()
        with closing(sqlite3.connect(path)) as raw:
            (total,) = raw.execute("SELECT count(*) FROM entries").fetchone()
            links = raw.execute("SELECT rows FROM chain_links").fetchall()
        per = max(total, 1)
        line(f"township file per entry ({total:,} entries)", f"{path.stat().st_size / per:,.0f} B")
        packed = sum(len(value) for (value,) in links)
        text = sum(len(unpack(value).encode()) for (value,) in links)
        line("  link rows per entry, stored (packed)", f"{packed / per:,.0f} B")
        line("  link rows per entry, as text (before 0017)", f"{text / per:,.0f} B")


def main() -> None:
    if sys.argv[1:2] == ["--township"]:
        print(f"load average at the start: {os.getloadavg()}", flush=True)
        township(int(sys.argv[2]))
        print(f"load average at the end: {os.getloadavg()}", flush=True)
        return
    if len(sys.argv) > 1:
        source = Path(sys.argv[1])
    else:
        folder, _day = newest_cache("h2000-y5-s2026-*-0016")
        source = folder / "ledger.sqlite3"
    print(f"load average at the start: {os.getloadavg()}; ledger {source}", flush=True)
    with tempfile.TemporaryDirectory(prefix="jifen-bench-size-") as tmp:
        work = Path(tmp)
        copy = work / "ledger.sqlite3"
        copy.write_bytes(source.read_bytes())
        before = measured(copy, work, "before")
        upgraded(copy)
        after = measured(copy, work, "after")
    line("saved per entry", f"{before - after:,.0f} B")
    line(
        "ledger per entry after the migration", f"{after:,.0f} B", f"< {TARGET:,} B", after < TARGET
    )
    print(f"load average at the end: {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    main()
