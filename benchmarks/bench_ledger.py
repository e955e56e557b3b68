"""Timing of the ledger on a township-sized demo village, with the targets it must meet.

    python benchmarks/bench_ledger.py [--households 2000 --years 5 --searches 200]

Builds the demo village in a temporary folder (through the public services, as ``jifen demo``
does), then measures recording one durable entry, ranking the village for a year and the
household type-ahead search over 5,000 households. Prints one line per figure with its target
and PASS or MISS; always exits 0 (it reports, it does not gate).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from jifen_desktop.demo import DEMO_PASSWORD, generate_demo
from jifen_desktop.model import periods
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.ledger import Ledger

SEARCH_QUERIES = ("wjg", "wang", "shan", "建", "0123", "zjh", "li", "秀英", "oy", "2345")


def line(what: str, value: str, target: str = "", ok: bool | None = None) -> None:
    verdict = "" if ok is None else ("PASS" if ok else "MISS")
    print(f"{what:<46} {value:>12}   {target:<16} {verdict}".rstrip(), flush=True)


def median_ms(run: Callable[[], object], times: int) -> float:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def quiet_progress(label: str) -> Callable[[float, str], None]:
    last = [-1.0]

    def report(fraction: float, message: str) -> None:
        if fraction - last[0] >= 0.25 or fraction >= 1.0:
            last[0] = fraction
            print(f"  … {label} {fraction:4.0%} {message}", file=sys.stderr, flush=True)

    return report


def bench_record(ledger: Ledger, village_id: str, times: int) -> float:
    """One entry at a time, as a grid worker does it: each call its own committed transaction."""
    recorder = ledger.as_actor(ledger.operators.authenticate("wgy1", DEMO_PASSWORD))
    homes = [
        h for h in recorder.households.list(village_id, status="active") if h.kind == "household"
    ]
    rules = ("B05", "C03", "C13", "B06", "C15")
    today = dt.date.today()
    drafts = iter(
        EntryDraft(homes[i % len(homes)].id, rules[i % len(rules)], today, note="基准测试")
        for i in range(times)
    )
    return median_ms(lambda: recorder.entries.record(village_id, next(drafts)), times)


def bench_rank(ledger: Ledger, village_id: str, year: int, times: int) -> float:
    period = periods.parse(str(year))
    rows = ledger.rankings.rank(village_id, period)
    assert rows, "the ranking is empty"
    return median_ms(lambda: ledger.rankings.rank(village_id, period), times)


def bench_search(ledger: Ledger, village_id: str, queries: Sequence[str], times: int) -> float:
    found = {q: len(ledger.households.search(village_id, q)) for q in queries}
    print("  search hits: " + ", ".join(f"{q}→{n}" for q, n in found.items()), file=sys.stderr)
    cycle = iter([queries[i % len(queries)] for i in range(times)])
    return median_ms(lambda: ledger.households.search(village_id, next(cycle)), times)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="积分台账性能基准")
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--records", type=int, default=200)
    parser.add_argument("--search-households", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    today = dt.date.today()
    year = today.year - 1 if args.years > 1 else today.year

    with tempfile.TemporaryDirectory(prefix="jifen-bench-") as tmp:
        ledger = Ledger.create(Path(tmp) / "village")
        cpu = time.process_time()
        summary = generate_demo(
            ledger,
            households=args.households,
            years=args.years,
            seed=args.seed,
            progress=quiet_progress("demo"),
        )
        cpu = time.process_time() - cpu
        line(
            f"demo generation ({summary.households} households, {args.years} years, "
            f"{summary.entries} entries)",
            f"{summary.seconds:.1f} s",
            "target < 120 s",
            summary.seconds < 120,
        )
        # On a shared machine the wall time says little; the CPU time is what one idle core
        # of the village laptop would take (the commits do not wait for the disk meanwhile).
        line("  its CPU time (user + system)", f"{cpu:.1f} s", "target < 120 s", cpu < 120)
        line("  load average (1, 5, 15 min)", " ".join(f"{x:.1f}" for x in os.getloadavg()))
        ms = bench_record(ledger, summary.village_id, args.records)
        line(
            f"record one entry, durable (median of {args.records})",
            f"{ms:.1f} ms",
            "target < 20 ms",
            ms < 20,
        )
        ms = bench_rank(ledger, summary.village_id, year, 20)
        line(
            f"rank the village for {year} ({summary.households} households)",
            f"{ms:.1f} ms",
            "target < 200 ms",
            ms < 200,
        )
        ledger.close()

        # The search village needs households, not years of entries: one month of them.
        big = Ledger.create(Path(tmp) / "search")
        search_today = min(today, dt.date(today.year, 1, 31))
        started = time.perf_counter()
        search = generate_demo(
            big,
            households=args.search_households,
            years=1,
            seed=args.seed,
            today=search_today,
            progress=quiet_progress("search village"),
        )
        line(
            f"search village set-up ({search.households} households)",
            f"{time.perf_counter() - started:.1f} s",
            "report only",
        )
        ms = bench_search(big, search.village_id, SEARCH_QUERIES, args.searches)
        line(
            f"household search over {search.households} (median of {args.searches})",
            f"{ms:.1f} ms",
            "target < 20 ms",
            ms < 20,
        )
        big.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
