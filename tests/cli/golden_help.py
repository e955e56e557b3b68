"""The text of ``jifen --help`` and of every command's ``--help``, kept under
tests/data/golden/help/ and compared exactly: ``cli/argparse_zh.py`` overrides private members of
argparse (its word lookup, the help formatter's widths), and a new Python that changes them must
fail here, not change the help silently.

Run as a script with the Python to check (the repository and the packages it needs on
``PYTHONPATH``): ``python tests/cli/golden_help.py`` compares and prints the first difference;
``--write`` regenerates the files after a deliberate change of a help text."""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden" / "help"
COLUMNS = "100"
# Leaves worth keeping beside the top-level commands: the ones with the most options and types.
LEAVES = (
    ("entry", "add"),
    ("entry", "list"),
    ("review", "decide"),
    ("publish", "post"),
    ("report", "notice"),
    ("bundle", "import"),
    ("store", "redeem"),
)


@contextlib.contextmanager
def _fixed_width() -> Iterator[None]:
    """A 100-column terminal while argparse makes its formatters; the environment restored."""
    saved = {k: os.environ.get(k) for k in ("COLUMNS", "LINES")}
    os.environ.update(COLUMNS=COLUMNS, LINES="40")
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _parser():  # type: ignore[no-untyped-def]
    from jifen_desktop.cli.app import build_parser

    with _fixed_width():
        return build_parser()


def commands() -> list[tuple[str, ...]]:
    """The help pages kept: ``jifen`` itself, each top-level command, and ``LEAVES``."""
    parser = _parser()
    sub = next(a for a in parser._actions if a.choices and a.dest == "command")
    return [(), *((name,) for name in sub.choices), *LEAVES]


def help_text(command: tuple[str, ...]) -> str:
    parser = _parser()
    out = io.StringIO()
    with _fixed_width(), contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        parser.parse_args([*command, "--help"])
    return out.getvalue()


def golden_path(command: tuple[str, ...]) -> Path:
    return GOLDEN / ("_".join(("jifen", *command)) + ".txt")


def differences() -> Iterator[str]:
    """One unified diff per help page that differs from its golden file (or has none)."""
    for command in commands():
        path = golden_path(command)
        want = path.read_text(encoding="utf-8") if path.exists() else ""
        got = help_text(command)
        if got != want:
            yield "".join(
                difflib.unified_diff(
                    want.splitlines(keepends=True),
                    got.splitlines(keepends=True),
                    str(path),
                    "jifen " + " ".join((*command, "--help")),
                )
            )


def write() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    wanted = {golden_path(c) for c in commands()}
    for stale in set(GOLDEN.glob("*.txt")) - wanted:
        stale.unlink()
    for command in commands():
        golden_path(command).write_text(help_text(command), encoding="utf-8")
    print(f"已写入 {len(wanted)} 个帮助文本到 {GOLDEN}")
    return 0


def main(argv: list[str]) -> int:
    if argv == ["--write"]:
        return write()
    found = list(differences())
    for diff in found[:1]:
        sys.stdout.write(diff)
    print(f"Python {sys.version.split()[0]}：{len(found)} 个帮助文本与 golden 不同")
    return 1 if found else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    raise SystemExit(main(sys.argv[1:]))
