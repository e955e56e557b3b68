"""How much CPU a ``jifen`` command spends from start to exit (issue 19, "start fast").

Runs ``jifen --help``, ``jifen balance`` (on a demo village made in a temporary folder) and, for
contrast, ``jifen report notice`` (a PDF: reportlab is needed there) each ``--runs`` times as a
child process pinned to CPU 0, and prints the median and the best user+sys CPU time of the
child (``resource.getrusage(RUSAGE_CHILDREN)``) with the target and ``PASS`` / ``MISS`` (for the
median), and the load of the machine before and after. Always exits 0.

``--before FOLDER`` runs an older copy of the program's code too (a folder holding its
``jifen_desktop`` package, put first on ``PYTHONPATH``; it must open the ledger this tree makes),
each run of it in turn with a run of this tree's, so that both meet the same load; its figures
are printed beside, without a verdict.

    .venv/bin/python benchmarks/bench_cli_start.py
    .venv/bin/python benchmarks/bench_cli_start.py --runs 9 --cpu 1
    git archive COMMIT jifen_desktop | tar -x -C /tmp/before
    .venv/bin/python benchmarks/bench_cli_start.py --before /tmp/before

``--village FOLDER`` runs them on a copy of that village's data folder instead of a new demo
village (say the benchmark cache's 2,000 households × 5 years: issue 19's figure); the PDF is
left out there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TARGET_S = 0.5
REPO = Path(__file__).resolve().parents[1]
PASSWORD = "jifen123"


def child_cpu(argv: list[str], env: dict[str, str], cpu: int | None) -> float:
    """User+sys CPU seconds of one run of ``jifen ARGV`` (the child alone)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)

    def pin() -> None:
        if cpu is not None and hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {cpu})

    done = subprocess.run(
        [sys.executable, "-m", "jifen_desktop.cli", *argv],
        env=env,
        cwd=Path(env["JIFEN_DATA_DIR"]).parent,  # not a folder with a jifen_desktop of its own
        capture_output=True,
        preexec_fn=pin,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"jifen {' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cpu_runs(
    argv: list[str], envs: list[dict[str, str]], runs: int, cpu: int | None
) -> list[list[float]]:
    """``runs`` CPU times of ``jifen ARGV`` under each environment, the environments in turn."""
    for env in envs:
        child_cpu(argv, env, cpu)  # warm the file cache and write the .pyc files first
    times: list[list[float]] = [[] for _ in envs]
    for _ in range(runs):
        for env, mine in zip(envs, times, strict=True):
            mine.append(child_cpu(argv, env, cpu))
    return times


def report(name: str, times: list[list[float]], target: float | None) -> None:
    """The median (judged against the target) and the best of the runs; then, with
    ``--before``, the older code's."""
    median, best = statistics.median(times[0]), min(times[0])
    figures = f"{name:<28} {median:6.3f} s CPU (best {best:.3f})"
    if target is None:
        verdict = "(contrast, no target)"
    else:
        verdict = f"target < {target:.1f} s   {'PASS' if median < target else 'MISS'}"
    older = "".join(
        f"   before {statistics.median(runs):.3f} (best {min(runs):.3f})" for runs in times[1:]
    )
    print(f"{figures}   {verdict}{older}")


def before_env(env: dict[str, str], folder: Path | None) -> list[dict[str, str]]:
    """This tree's environment, and the older code's when ``--before`` names it (its bytecode
    kept apart from this tree's)."""
    if folder is None:
        return [env]
    if not (folder / "jifen_desktop" / "__init__.py").is_file():
        raise SystemExit(f"{folder} holds no jifen_desktop package (see --help)")
    older = {**env, "PYTHONPATH": str(folder.resolve())}
    older["PYTHONPYCACHEPREFIX"] = env["PYTHONPYCACHEPREFIX"] + "-before"
    return [env, older]


def make_demo(env: dict[str, str]) -> None:
    """The demo village in ``JIFEN_DATA_DIR``."""
    print("making the demo village …", file=sys.stderr)
    subprocess.run(
        [sys.executable, "-m", "jifen_desktop.cli", "demo"], env=env, capture_output=True
    )


def notice_command(out: Path) -> tuple[str, list[str], float | None]:
    """``jifen report notice`` of the demo's first published quarter, for contrast (a PDF)."""
    today = dt.date.today()  # the demo's history ends today: its first quarter is published
    quarter = f"{today.year}Q1" if today.month > 3 else f"{today.year - 1}Q4"
    return (
        "jifen report notice",
        ["report", "notice", "--quarter", quarter, "--out", str(out)],
        None,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per command (median)")
    parser.add_argument("--cpu", type=int, default=0, help="the CPU the child is pinned to")
    parser.add_argument("--before", type=Path, help="a folder with older code to run in turn")
    parser.add_argument("--village", type=Path, help="a village's data folder to copy and use")
    a = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jifen-bench-cli-") as tmp:
        folder = Path(tmp) / "data"
        env = {**os.environ, "JIFEN_USER": "admin", "JIFEN_PASSWORD": PASSWORD}
        env["JIFEN_DATA_DIR"] = str(folder)
        env["PYTHONPATH"] = str(REPO)  # this tree's code, whatever is installed
        # Compiled bytecode, as an installed program has it: kept in the temporary folder (the
        # warm-up run writes it), whatever PYTHONDONTWRITEBYTECODE says, so the tree is untouched.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        commands: list[tuple[str, list[str], float | None]] = [
            ("jifen --help", ["--help"], TARGET_S),
            ("jifen balance", ["balance", "--household", "0101"], TARGET_S),
        ]
        if a.village is not None:
            print(f"copying {a.village} …", file=sys.stderr)
            shutil.copytree(a.village, folder)
        else:
            make_demo(env)
            commands.append(notice_command(Path(tmp) / "notice.pdf"))
        load = os.getloadavg()
        print(
            f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; child pinned to CPU {a.cpu}"
        )
        print(f"median and best of {a.runs} runs each")
        envs = before_env(env, a.before)
        for name, argv, target in commands:
            report(name, cpu_runs(argv, envs, a.runs, a.cpu), target)
        print(f"load average after {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
