"""The desktop program's memory (issue 19): one fresh process logs in as the administrator,
opens every page of the main window in turn, runs 检查台账 (``ledger.verify``, as the verify
dialog does on its worker) and writes a printout (the last final 公示's notice, a PDF), and
prints its resident memory after each step with the peak so far, and the peak (``VmHWM``), with
the target.

    .venv/bin/python benchmarks/bench_memory.py                      # 500 households × 2 years
    .venv/bin/python benchmarks/bench_memory.py --households 2000 --years 5
    .venv/bin/python benchmarks/bench_memory.py --village DIR        # a data folder of your own

The demo village is built once and cached as ``bench_gui.py`` does; the run works on a fresh
copy, with QSettings in a temporary folder, pinned to CPU 0 (``--cores all`` to let it be). A
copy at an older schema revision is upgraded first, in a process of its own (``upgrade``).
Always exits 0 (it reports, it does not gate).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

from bench_first_start import pin, village_arguments
from bench_gui import cached_village, fresh_copy, isolated_settings, line, settle, shown

TARGET_MB = 300


def memory_mb() -> dict[str, float]:
    """This process's resident memory now and at its peak, in MB (Linux: /proc/self/status)."""
    figures = {}
    for row in Path("/proc/self/status").read_text().splitlines():
        name, _, value = row.partition(":")
        if name in ("VmRSS", "VmHWM"):
            figures[name] = int(value.split()[0]) / 1024
    return figures


def child_memory(folder: str, password: str, out: str) -> None:
    """In a fresh process: log in, every page, a verify, a printout; memory after each."""
    from PySide6.QtCore import QSettings

    from jifen_desktop.model.ledger import Ledger
    from jifen_desktop.reports.notice import write_notice
    from jifen_desktop.ui.app import make_application, started
    from jifen_desktop.ui.context import AppContext
    from jifen_desktop.ui.main_window import MainWindow

    steps: list[tuple[str, dict[str, float]]] = [("the imports", memory_mb())]
    app = make_application()
    ledger = Ledger.open(Path(folder))
    village = ledger.villages.resolve()
    ctx = AppContext(ledger.as_actor(ledger.operators.authenticate("admin", password)), village)
    window = MainWindow(ctx, QSettings())
    window.show()
    started()
    shown(window)
    for cls in window.classes:
        window.page(cls.key)
        settle()
        steps.append((f"page {cls.title()}", memory_mb()))
    report = ctx.ledger.verify()
    steps.append((f"检查台账 ({'clean' if report.ok else 'problems'})", memory_mb()))
    finals = [p for p in ctx.ledger.publications.list(village.id) if p.status == "final"]
    if finals:
        latest = max(finals, key=lambda p: (p.quarter, p.version))
        write_notice(ctx.ledger, latest.id, out)
        steps.append((f"printout: notice {latest.quarter}", memory_mb()))
    print(json.dumps(steps), flush=True)
    window.hide()
    ledger.close()
    del app


def upgrade(folder: Path) -> None:
    """Bring a copy made at an older schema revision up to this one in a process of its own
    first: the program upgrades a ledger once, on its first start after an update, and the
    upgrade's memory (the data migrations read every row) is not what the pages and a verify
    take on the following days. A current copy is left alone."""
    from jifen_desktop.model import db

    probe = "from pathlib import Path; from jifen_desktop.model.ledger import Ledger; "
    probe += f"Ledger.open(Path({str(folder)!r})).close()"
    with closing(sqlite3.connect(folder / "ledger.sqlite3")) as conn:
        (before,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    if before == db.head_revision():
        return
    subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True)
    print(f"(the copy was upgraded from revision {before} to {db.head_revision()} first)")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:2] == ["--child", "memory"]:
        pin(os.environ.get("JIFEN_BENCH_CORES", "0"))
        child_memory(*argv[2:5])
        return 0
    parser = argparse.ArgumentParser(description="桌面程序的内存：每个页面、检查台账、打印之后")
    village_arguments(parser, households=500, years=2)
    args = parser.parse_args(argv)
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    village = args.village or cached_village(
        args.households, args.years, args.seed, dt.date.today()
    )
    size = (village / "ledger.sqlite3").stat().st_size / 1024**2
    print(f"ledger {size:.0f} MB ({village.name}); load average {os.getloadavg()[0]:.1f}")
    from jifen_desktop.demo import DEMO_PASSWORD

    with tempfile.TemporaryDirectory(prefix="jifen-bench-memory-") as name:
        folder = fresh_copy(village, Path(name))
        upgrade(folder)
        env = {**isolated_settings(folder), "JIFEN_BENCH_CORES": args.cores}
        out = Path(name) / "notice.pdf"
        command = [sys.executable, __file__, "--child", "memory", folder, DEMO_PASSWORD, out]
        done = subprocess.run(list(map(str, command)), env=env, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"the child failed:\n{done.stderr[-3000:]}")
        return 0
    steps = json.loads(done.stdout.strip().splitlines()[-1])
    for what, figures in steps:
        line(f"  after {what}", f"{figures['VmRSS']:.0f} MB", f"(peak {figures['VmHWM']:.0f} MB)")
    peak = steps[-1][1]["VmHWM"]
    line("peak resident memory", f"{peak:.0f} MB", f"target < {TARGET_MB} MB", peak < TARGET_MB)
    print(f"load average after {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
