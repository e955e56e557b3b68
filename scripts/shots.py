"""One entry point for the screenshot modules in scripts/shots/ (scripts/screenshots.py makes the
main pages): each NAME is run in a process of its own, at the standard size into docs/screenshots/
and at 特大 into docs/screenshots/large/ (``--size`` for one of them); the other options (e.g.
``--pdf``, ``--data-dir``) are passed on. Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py NAME… [--size larger]
``--list`` names them with what they shoot; ``all`` runs every one."""

from __future__ import annotations

import argparse
import ast
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = ("normal", "larger")


def names() -> list[str]:
    return sorted(p.stem for p in (HERE / "shots").glob("*.py") if p.stem != "__init__")


def summary(name: str) -> str:
    """The first sentence of the module's docstring, on one line."""
    tree = ast.parse((HERE / "shots" / f"{name}.py").read_text(encoding="utf-8"))
    text = " ".join((ast.get_docstring(tree) or "").split())
    text = text.split(": ", 1)[0] if len(text) > 90 else text
    return text if len(text) <= 100 else text[:99] + "…"


def run(name: str, size: str, rest: list[str]) -> int:
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
    )
    command = [sys.executable, "-m", f"shots.{name}", "--size", size, *rest]
    print("==", name, size, flush=True)
    return subprocess.run(command, env=env, check=False).returncode


def main() -> int:
    parse = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parse.add_argument("names", nargs="*", metavar="NAME")
    parse.add_argument("--list", action="store_true", help="列出所有截图脚本")
    parse.add_argument("--size", choices=SIZES, help="只做这一种字号（默认两种都做）")
    args, rest = parse.parse_known_args()
    known = names()
    if args.list or not args.names:
        for name in known:
            print(f"{name:20} {summary(name)}")
        return 0
    chosen = known if args.names == ["all"] else args.names
    unknown = [n for n in chosen if n not in known]
    if unknown:
        print("没有这个截图脚本：", "、".join(unknown), "（用 --list 查看）", file=sys.stderr)
        return 2
    failed = [
        f"{n} {s}" for n in chosen for s in ([args.size] if args.size else SIZES) if run(n, s, rest)
    ]
    if failed:
        print("失败：", "、".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
