"""The first start of a day on a big village, pinned to one core: how long until a window is up
while the day's automatic backup runs on a worker (issue 17 item 10: it used to run first, and
the clerk looked at a black screen for about 15 s).

    python benchmarks/bench_first_start.py [--households 2000 --years 5 --runs 2]
    python benchmarks/bench_first_start.py --quick     # 200 households, 1 year: a smoke run

Each run is a fresh process on a fresh copy of the cached demo village (no backup of today in
it), on CPU 0 only (as ``taskset -c 0``; ``--cores all`` lifts it), doing what
``jifen_desktop.ui.app.run`` does with its public pieces: open the ledger, start ``DailyBackup``,
show the login dialog, log in as admin (the password check, scrypt, is left out of the figures),
show the main window with the backup's progress in its status bar, then wait for the backup and
check it. For comparison, the old order is timed too: the backup first, then the login dialog.
The machine's load average is printed before and after (other work on the machine slows it).
Prints one line per figure with its target and PASS or MISS; always exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_gui import _loading, cached_village, fresh_copy, isolated_settings, line, shown

WINDOW_TARGET_MS = 3000


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} CPUs"


def child_first_start(folder: str, password: str, order: str) -> None:
    """In a fresh process: the first start of a day, the backup on a worker (``order`` new) or
    before the login (old). Monotonic stamps are printed as JSON."""
    stamps = {"script": time.monotonic()}
    with _loading():  # as python -m jifen_desktop loads the program
        from PySide6.QtCore import QSettings

        from jifen_desktop.model.backup import service as backups
        from jifen_desktop.model.ledger import Ledger
        from jifen_desktop.ui.app import make_application, started
        from jifen_desktop.ui.context import AppContext
        from jifen_desktop.ui.daily_backup import DailyBackup
        from jifen_desktop.ui.login import LoginDialog

    stamps["imported"] = time.monotonic()
    app = make_application()
    ledger = Ledger.open(Path(folder))
    if order == "old":
        backups.daily(Path(folder))
    backup = DailyBackup(Path(folder)).start()
    village = ledger.villages.resolve()
    login = LoginDialog(ledger, village.name, "")
    login.show()
    shown(login)
    # CPU of the GUI thread alone (the backup's worker has its own)
    stamps["login_shown"], stamps["cpu_login"] = time.monotonic(), time.thread_time()
    login.user.setText("admin")
    login.password.setText(password)
    started_check, check_cpu = time.monotonic(), time.thread_time()
    login.try_login()
    stamps["check"] = time.monotonic() - started_check
    check_cpu = time.thread_time() - check_cpu
    assert login.actor is not None, login.message.text()
    with _loading():  # app.run loads the window's code after the login
        from jifen_desktop.ui.main_window import MainWindow

    window = MainWindow(AppContext(ledger.as_actor(login.actor), village), QSettings())
    backup.attach(window)
    window.show()
    started()
    shown(window)
    stamps["main_shown"] = time.monotonic() - stamps["check"]
    stamps["cpu_main"] = time.thread_time() - check_cpu
    stamps["backup_running"] = float(backup.running)
    backup.finish()
    stamps["backup_done"] = time.monotonic() - stamps["check"]
    made = backups.list_backups(Path(folder))
    stamps["backups"] = float(len(made))
    print(json.dumps(stamps), flush=True)
    window.hide()
    ledger.close()
    del app


def in_child(*args: object, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "first-start"]
    return subprocess.run(
        [*command, *map(str, args)], env=env, capture_output=True, text=True, check=False
    )


def first_start(village: Path, tmp: Path, order: str, cores: str) -> dict[str, float]:
    from jifen_desktop.demo import DEMO_PASSWORD

    folder = fresh_copy(village, tmp)
    env = isolated_settings(folder)
    env["JIFEN_BENCH_CORES"] = cores
    started = time.monotonic()
    done = in_child(folder, DEMO_PASSWORD, order, env=env)
    shutil.rmtree(folder, ignore_errors=True)
    if done.returncode != 0:
        raise RuntimeError(f"the child failed:\n{done.stderr}")
    s = json.loads(done.stdout.strip().splitlines()[-1])
    assert s["backups"] == 1, "the first start of the day made no backup"
    return {
        "to_login": (s["login_shown"] - started) * 1000,
        "imports": (s["imported"] - started) * 1000,
        "to_main": (s["main_shown"] - started) * 1000,
        "to_backup": (s["backup_done"] - started) * 1000,
        "cpu_login": s["cpu_login"] * 1000,
        "cpu_main": s["cpu_main"] * 1000,
        "running": s["backup_running"],
    }


def report(runs: dict[str, list[dict[str, float]]], households: int) -> None:
    def med(order: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[order])

    print(f"first start of the day, {households} households, median of the runs:")
    old = med("old", "to_login")
    line("  before: backup first, then the login dialog", f"{old:.0f} ms", "(the black screen)")
    after = old - med("old", "imports")
    line("    of which after the imports", f"{after:.0f} ms")
    new = med("new", "to_login")
    ok = new < WINDOW_TARGET_MS
    line("  now: process start → login dialog shown", f"{new:.0f} ms", "target < 3000 ms", ok)
    line("    of which Python start-up and imports", f"{med('new', 'imports'):.0f} ms")
    line("    of which after the imports", f"{new - med('new', 'imports'):.0f} ms")
    line("    its CPU time (the GUI thread)", f"{med('new', 'cpu_login'):.0f} ms", "report only")
    line("  now: → main window shown (check left out)", f"{med('new', 'to_main'):.0f} ms")
    cpu = med("new", "cpu_main")
    line(
        "    its CPU time (the GUI thread)",
        f"{cpu:.0f} ms",
        f"target < {WINDOW_TARGET_MS} ms",
        cpu < WINDOW_TARGET_MS,
    )
    running = all(r["running"] for r in runs["new"])
    line("    backup still running when the window was up", "yes" if running else "no")
    line("  now: → backup done and checked", f"{med('new', 'to_backup'):.0f} ms", "report only")


def pin(cores: str) -> None:
    """CPU 0 only, as ``taskset -c 0`` (where the system allows it)."""
    if cores != "all" and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {int(c) for c in cores.split(",")})


def village_arguments(parser: argparse.ArgumentParser, households: int, years: int) -> None:
    """The options that pick the village and the CPUs (shared with ``bench_memory.py``)."""
    parser.add_argument("--households", type=int, default=households)
    parser.add_argument("--years", type=int, default=years)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--village", type=Path, help="this data folder instead of the demo's")
    parser.add_argument("--cores", default="0", help="CPUs to run on: 0 (default), 0,1 or all")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:2] == ["--child", "first-start"]:
        pin(os.environ.get("JIFEN_BENCH_CORES", "0"))
        child_first_start(*argv[2:5])
        return 0
    parser = argparse.ArgumentParser(description="每天第一次启动：窗口多久出现")
    village_arguments(parser, households=2000, years=5)
    parser.add_argument("--runs", type=int, default=2, help="runs of each order")
    parser.add_argument("--quick", action="store_true", help="200 households, 1 year")
    args = parser.parse_args(argv)
    if args.quick:
        args.households, args.years, args.runs = 200, 1, 1
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    village = args.village or cached_village(
        args.households, args.years, args.seed, dt.date.today()
    )
    size = (village / "ledger.sqlite3").stat().st_size / 1024**2
    print(f"ledger {size:.0f} MB, CPUs: {args.cores}; before: {load()}", flush=True)
    runs: dict[str, list[dict[str, float]]] = {"new": [], "old": []}
    with tempfile.TemporaryDirectory(prefix="jifen-bench-first-") as name:
        for _ in range(args.runs):
            for order in ("new", "old"):
                run = first_start(village, Path(name), order, args.cores)
                runs[order].append(run)
                print(f"  {order}: {run}", file=sys.stderr, flush=True)
    report(runs, args.households)
    print(f"after: {load()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
