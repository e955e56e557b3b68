"""scripts/function_sizes.py: how it measures (def to last line, decorators in), what it leaves
out (argparse declarations, migrations), that it reports the figures against the targets; and
that the package meets them (issue 23): no function over 60 lines, the median at most 7 lines,
the 90th percentile at most 24."""

from __future__ import annotations

import importlib.util
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "function_sizes.py"
_spec = importlib.util.spec_from_file_location("function_sizes", SCRIPT)
assert _spec and _spec.loader
sizes = importlib.util.module_from_spec(_spec)
sys.modules["function_sizes"] = sizes
_spec.loader.exec_module(sizes)

SOURCE = """
import functools


@functools.cache
def short():
    return 1


def register(sub):
    p = sub.add_parser("x")
    p.add_argument("--a")
    p.add_argument("--b")


def register_nothing():
    return None


class Page:
    def build(self):
        def inner():
            return 2

        return inner()
"""


def test_lengths_include_decorators_and_leave_out_argparse_declarations(tmp_path):
    package = tmp_path / "jifen_desktop"
    (package / "migrations" / "versions").mkdir(parents=True)
    (package / "page.py").write_text(SOURCE, encoding="utf-8")
    (package / "migrations" / "versions" / "0001.py").write_text(
        "def upgrade():\n    pass\n", encoding="utf-8"
    )
    found = {f.name: f.length for f in sizes.all_functions(package)}
    assert found == {"short": 3, "register_nothing": 2, "build": 5, "inner": 2}


def test_percentile_and_report():
    assert sizes.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9.1
    found = [sizes.Function("a.py", f"f{i}", i, n) for i, n in enumerate([3, 5, 7, 70])]
    text, met = sizes.report(found, 60)
    assert not met
    assert "median: 6 (target ≤ 7) ok" in text and "    70  a.py:3 f3" in text


def test_the_script_prints_the_figures_for_the_package():
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--over", "200"], capture_output=True, text=True, check=True
    )
    assert "median: " in done.stdout and "90th percentile: " in done.stdout
    assert done.stdout.splitlines()[0].endswith("(migrations and argparse declarations left out)")


def test_no_function_over_60_lines():
    long = {
        (f.path, f.name): f.length for f in sizes.all_functions() if f.length > sizes.TARGET_LONGEST
    }
    assert long == {}, "a function over 60 lines: split it where the split names something"


def test_median_and_90th_percentile_meet_the_targets() -> None:
    lengths = [f.length for f in sizes.all_functions()]
    median, p90 = statistics.median(lengths), sizes.percentile(lengths, 0.9)
    split = "split functions where the split names something (scripts/function_sizes.py)"
    assert median <= sizes.TARGET_MEDIAN, f"the median function is {median:g} lines: {split}"
    assert p90 <= sizes.TARGET_P90, f"the 90th percentile is {p90:g} lines: {split}"


def test_piped_into_head_the_script_ends_without_a_traceback():
    # --over 0 lists every function: far more than a pipe holds, so head closes it mid-way
    done = subprocess.run(
        f"'{sys.executable}' '{SCRIPT}' --over 0 | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.endswith("left out)\n")
    assert "BrokenPipeError" not in done.stderr and done.stderr == ""
