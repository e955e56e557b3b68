"""Timing of a review decision on a big demo village, with its target (issue 19).

    python benchmarks/bench_review.py [--households 2000 --years 5 --decisions 40]
    python benchmarks/bench_review.py --quick          # 200 households, 1 year: a smoke run
    taskset -c 0 python benchmarks/bench_review.py     # one core, as the old village laptop

On a fresh copy of the cached demo village (``bench_gui.cached_village``, the same code as
``jifen demo``), as the reviewer 审核员: the 审核 page at 1366×768 with the review session of
the month with the most pending entries open (opened here when none is). Then, ``--decisions``
times: wait until the picked row is on screen (a key pressed before that is dropped on purpose),
press Enter (a real key event to the pending list) and time

- key → next row ready: the decision written (one durable transaction), the decided row out of
  the list, the next row picked and its detail filled (the key's handler returning);
- key → next row painted: the list painted with the next row picked (``ReviewTable.ready``),
  the target's figure;
- key → idle: the session's figures and decisions read again afterwards, the event loop idle.

and, for comparison, what each decision cost before it updated the list in place: the page
reading its sessions and the whole month's pending entries again (``ReviewPage.refresh``).
Prints medians and p90 with the target, the machine's load and the CPUs it may use; progress on
stderr; always exits 0 (it reports, it does not gate). Without a display Qt runs offscreen.
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

from bench_gui import cached_village, fresh_copy, isolated_settings, line, settle, shown, wait_until

DECISION_TARGET_MS = 150


def p90(samples: Sequence[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def report(what: str, samples: Sequence[float], target_ms: float | None = None) -> None:
    """Median and p90 of ``samples`` (ms), against ``target_ms`` when there is one."""
    for name, value in (("median", statistics.median(samples)), ("p90", p90(samples))):
        target = f"target < {target_ms:.0f} ms" if target_ms else "report only"
        ok = value < target_ms if target_ms else None
        line(f"{what}, {name}", f"{value:.1f} ms", target, ok)


def machine() -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"load average {load}; may use CPUs {sorted(os.sched_getaffinity(0))} of {os.cpu_count()}"
    )


def review_page(folder: Path) -> tuple[object, object]:
    """The 审核 page of 审核员, shown, at the open session of the month most left to review."""
    from jifen_desktop.demo import DEMO_PASSWORD
    from jifen_desktop.model.ledger import Ledger
    from jifen_desktop.ui.app import make_application
    from jifen_desktop.ui.context import AppContext
    from jifen_desktop.ui.pages.review import ReviewPage

    make_application()
    ledger = Ledger.open(folder)
    ledger.login("shenhe", DEMO_PASSWORD)
    village = ledger.villages.list()[0]
    ctx = AppContext(ledger, village)
    months = ledger.review.pending_months(village.id)
    month = max(months, key=lambda m: months[m])
    if ledger.review.open_session(village.id, month) is None:
        ctx.apply(ledger.review.open(village.id, month, place="村委会会议室"))
    page = ReviewPage(ctx)
    page.resize(1366, 700)
    page.show()
    page.refresh()
    shown(page)
    page.panel.table.setFocus()
    print(f"  {village.name}: {month}, {months[month]} pending entries", file=sys.stderr)
    return page, ledger


def time_decisions(page: object, count: int) -> dict[str, list[float]]:
    """Press Enter on ``count`` rows, each once it is on screen; the three times of each."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    table = page.panel.table  # type: ignore[attr-defined]
    times: dict[str, list[float]] = {"ready": [], "painted": [], "idle": []}
    for _ in range(count):
        wait_until(table.ready)
        settle()
        decided = table.current_id()
        key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
        started = time.monotonic()  # the clock ``SeenRow`` stamps the paint with
        QApplication.sendEvent(table, key)
        times["ready"].append(since(started))
        assert table.current_id() != decided, "the decision did not go through"
        wait_until(table.ready)
        times["painted"].append(table.seen.painted_at - started * 1000)
        settle()
        times["idle"].append(since(started))
    return times


def since(started: float) -> float:
    return (time.monotonic() - started) * 1000


def time_full_reads(page: object, rounds: int) -> list[float]:
    """The whole page read again (sessions, overdue months, the month's pending entries and the
    session's decisions), as after every decision before."""
    refresh: Callable[[], None] = page.refresh  # type: ignore[attr-defined]
    samples = []
    for _ in range(rounds):
        started = time.monotonic()
        refresh()
        samples.append(since(started))
    return samples


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--decisions", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--quick", action="store_true", help="200 households, 1 year")
    args = parser.parse_args(argv)
    if args.quick:
        args.households, args.years = 200, 1
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    village = cached_village(args.households, args.years, args.seed, dt.date.today())
    with tempfile.TemporaryDirectory(prefix="jifen-bench-review-") as tmp:
        os.environ.update(isolated_settings(Path(tmp)))
        page, ledger = review_page(fresh_copy(village, Path(tmp)))
        print(machine(), flush=True)
        print(f"{args.decisions} decisions (Enter), {args.households} households × "
              f"{args.years} years:", flush=True)  # fmt: skip
        times = time_decisions(page, args.decisions)
        report("key → next row ready", times["ready"], DECISION_TARGET_MS)
        report("key → next row painted", times["painted"], DECISION_TARGET_MS)
        report("key → figures read again, idle", times["idle"])
        report("before: the whole month read again", time_full_reads(page, 5))
        page.close()  # type: ignore[attr-defined]
        ledger.close()  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    sys.exit(main())
