"""How long the functions of jifen_desktop are: the median, the 90th percentile and every
function over 60 lines, against the targets (median ≤ 7, 90th percentile ≤ 24, none over 60;
issue 23). A function's length is its lines from ``def`` to its last line (decorators and
docstring included, a nested function counted in its parent too). Left out: migrations (each is
a script run once) and argparse declarations (``register…``/``build_parser`` functions that add
arguments: a list of options, not logic).

    .venv/bin/python scripts/function_sizes.py            # the figures and the long functions
    .venv/bin/python scripts/function_sizes.py --over 40  # list those over 40 instead
    .venv/bin/python scripts/function_sizes.py --check    # exit 1 when a target is missed
"""

from __future__ import annotations

import argparse
import ast
import os
import statistics
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "jifen_desktop"
TARGET_MEDIAN, TARGET_P90, TARGET_LONGEST = 7, 24, 60
DECLARING = {"add_argument", "add_parser", "add_command", "add_group", "add_subparsers"}


@dataclass(frozen=True)
class Function:
    path: str
    name: str
    line: int
    length: int


def _is_declaration(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """An argparse declaration: named register… or build_parser, and it adds arguments."""
    if not (node.name.lstrip("_").startswith("register") or node.name == "build_parser"):
        return False
    return any(
        isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute | ast.Name)
        and getattr(n.func, "attr", getattr(n.func, "id", "")) in DECLARING
        for n in ast.walk(node)
    )


def functions_of(path: Path, root: Path = PACKAGE) -> Iterator[Function]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not _is_declaration(node):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            end = node.end_lineno or node.lineno
            yield Function(str(path.relative_to(root)), node.name, node.lineno, end - first + 1)


def all_functions(package: Path = PACKAGE) -> list[Function]:
    return [
        f
        for path in sorted(package.rglob("*.py"))
        if "migrations" not in path.relative_to(package).parts
        for f in functions_of(path, package)
    ]


def percentile(values: list[int], share: float) -> float:
    """The value below which ``share`` of the values lie (linear between neighbours)."""
    ordered = sorted(values)
    at = (len(ordered) - 1) * share
    low = int(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def report(found: list[Function], over: int) -> tuple[str, bool]:
    """The text to print and whether every target is met."""
    lengths = [f.length for f in found]
    median, p90 = statistics.median(lengths), percentile(lengths, 0.9)
    long = sorted((f for f in found if f.length > over), key=lambda f: -f.length)
    too_long = sum(f.length > TARGET_LONGEST for f in found)
    lines = [
        f"{len(found)} functions in {PACKAGE.name}/ (migrations and argparse declarations left out)",
        _figure("median", median, TARGET_MEDIAN),
        _figure("90th percentile", p90, TARGET_P90),
        _figure(f"over {TARGET_LONGEST} lines", too_long, 0),
        f"over {over} lines: {len(long)}",
        *(f"  {f.length:4d}  {f.path}:{f.line} {f.name}" for f in long),
    ]
    met = median <= TARGET_MEDIAN and p90 <= TARGET_P90 and too_long == 0
    return "\n".join(lines), met


def _figure(label: str, value: float, target: int) -> str:
    mark = "ok" if value <= target else "MISS"
    return f"{label}: {value:g} (target ≤ {target}) {mark}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--over", type=int, default=TARGET_LONGEST, help="list functions over N")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    text, met = report(all_functions(), args.over)
    _print_to_pipe(text)
    return 1 if args.check and not met else 0


def _print_to_pipe(text: str) -> None:
    """Print ``text``; a reader that stops early (``| head``) ends the output quietly."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at devnull so that flush cannot fail.
        devnull = open(os.devnull, "w")  # noqa: SIM115 - stays open until the process ends
        os.dup2(devnull.fileno(), sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
