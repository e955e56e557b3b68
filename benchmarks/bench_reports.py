"""Timing of the printouts and spreadsheets on a township-sized demo village, with targets.

    python benchmarks/bench_reports.py [--households 2000 --years 5 --rounds 3]

On the cached demo village (built once by ``bench_gui.cached_village``, the same code as
``jifen demo``) it times, each on a fresh copy: the 季度公示表 of the latest quarter published
for the whole village, the 户积分卡 of every household for the last full year in one PDF, and
the 积分台账 (Excel) of that year. The notice and the ledger are the median of ``--rounds``
runs; the cards run once. Prints one line per figure with its target and PASS or MISS, and the
pages and sizes; always exits 0 (it reports, it does not gate).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_gui import cached_village, fresh_copy, line

from jifen_desktop.demo import DEMO_PASSWORD
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.reports.card import write_cards
from jifen_desktop.reports.common import Written
from jifen_desktop.reports.excel_ledger import write_ledger
from jifen_desktop.reports.fonts import find_font
from jifen_desktop.reports.notice import write_notice

NOTICE_TARGET_S = 3.0
CARDS_TARGET_S = 30.0
LEDGER_TARGET_S = 5.0


def timed(make: Callable[[Path], Written], out: Path, rounds: int) -> tuple[float, Written]:
    """The median seconds of ``rounds`` runs of ``make`` and the last file it wrote."""
    samples, written = [], None
    for i in range(rounds):
        started = time.perf_counter()
        written = make(out / f"{i}")
        samples.append(time.perf_counter() - started)
    assert written is not None
    return statistics.median(samples), written


def size_text(written: Written) -> str:
    size = written.path.stat().st_size / 1_000_000
    pages = f"{written.pages} pages, " if written.pages else ""
    return f"  {pages}{written.rows} rows, {size:.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    today = dt.date.today()
    village_folder = cached_village(args.households, args.years, args.seed, today)
    find_font()  # registering the font is a one-off of the program, not of a report
    with tempfile.TemporaryDirectory(prefix="jifen-bench-reports-") as tmp:
        work = Path(tmp)
        ledger = Ledger.open(fresh_copy(village_folder, work))
        ledger.login("admin", DEMO_PASSWORD)
        village = ledger.villages.list()[0]
        whole = [p for p in ledger.publications.list(village.id) if p.grid_id is None]
        pub = next(p for p in whole if p.status != "draft")
        year = today.year - 1
        print(f"  {village.name}: {pub.households} households in {pub.quarter}", file=sys.stderr)

        seconds, written = timed(
            lambda p: write_notice(ledger, pub.id, p.with_suffix(".pdf")), work, args.rounds
        )
        line(f"季度公示表 {pub.quarter}, whole village", f"{seconds:.2f} s", "< 3 s",
             seconds < NOTICE_TARGET_S)  # fmt: skip
        print(size_text(written), file=sys.stderr)

        seconds, written = timed(
            lambda p: write_cards(ledger, village.id, year, p.with_suffix(".pdf")), work, 1
        )
        line(f"户积分卡 of every household, {year}", f"{seconds:.1f} s", "< 30 s",
             seconds < CARDS_TARGET_S)  # fmt: skip
        print(size_text(written), file=sys.stderr)

        seconds, written = timed(
            lambda p: write_ledger(ledger, village.id, str(year), p.with_suffix(".xlsx")),
            work,
            args.rounds,
        )
        line(f"积分台账 Excel, {year}", f"{seconds:.2f} s", "< 5 s", seconds < LEDGER_TARGET_S)
        print(size_text(written), file=sys.stderr)
        ledger.close()


if __name__ == "__main__":
    main()
