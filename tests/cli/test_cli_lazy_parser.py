"""``jifen`` declares only the module of the command it runs (issue 19, "start fast"): the table
of which module declares which command matches what the modules declare, and a command read by
the smaller parser is read, refused and helped exactly as by the parser of every command."""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest

from jifen_desktop.cli import app
from jifen_desktop.cli.argparse_zh import ChineseArgumentParser


def _commands(parser: argparse.ArgumentParser) -> list[str]:
    sub = next(a for a in parser._actions if a.choices and a.dest == "command")
    return list(sub.choices or ())


def _declared_by(module: str) -> list[str]:
    return _commands(app.build_parser((module,)))


def test_every_command_has_its_home_and_only_it() -> None:
    every = _commands(app.build_parser())
    assert sorted(every) == sorted(app.COMMAND_HOMES)
    for module in app.COMMAND_MODULES:
        mine = [name for name, home in app.COMMAND_HOMES.items() if home == module]
        assert sorted(_declared_by(module)) == sorted(mine), module


def test_the_parser_alone_gives_every_command_the_same_order() -> None:
    """A module declared alone declares its commands in the order ``jifen --help`` lists them."""
    every = _commands(app.build_parser())
    for module in app.COMMAND_MODULES:
        alone = _declared_by(module)
        assert alone == [name for name in every if name in alone]


@pytest.mark.parametrize(
    ("argv", "home"),
    [
        (["balance", "--household", "0101"], "cmd_report"),
        (["--user", "admin", "--json", "balance"], "cmd_report"),
        (["--data-dir=/tmp/x", "--village", "420881100001", "entry", "add"], "cmd_entry"),
        (["--database", "postgresql://h/db", "township", "list"], "cmd_bundle"),
        ([], None),
        (["--help"], None),
        (["-h", "balance"], None),
        (["--us", "admin", "balance"], None),  # abbreviated: argparse decides
        (["--user"], None),
        (["--", "balance"], None),
        (["balanse"], None),
        (["--user", "balance", "rank"], "cmd_report"),  # "balance" is the user's name here
    ],
)
def test_the_command_is_found_only_when_certain(argv: list[str], home: str | None) -> None:
    assert app.command_home(argv) == home


def _outcome(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[str, str, object]:
    """What parsing ``argv`` prints and gives (the namespace without its handler, or the exit)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            args = vars(parser.parse_args(argv))
            result: object = {k: v for k, v in args.items() if k != "handler"}
            result = (result, args["handler"].__qualname__)
        except SystemExit as exc:
            result = ("exit", exc.code)
    return out.getvalue(), err.getvalue(), result


@pytest.mark.parametrize(
    "argv",
    [
        ["balance", "--household", "0101"],
        ["--user", "admin", "balance", "--household", "0101", "--json", "--year", "2026"],
        ["balance", "--help"],
        ["balance"],  # missing --household: refused with the command's usage
        ["balance", "--household", "0101", "--year", "二〇二六"],
        ["--json", "--village=420881100001", "entry", "add", "--help"],
        ["entry", "add", "--household", "0101", "--rule", "B05", "--date", "2026-03-05"],
        ["report", "notice", "--help"],
        ["household"],
        ["verify", "--help"],
        ["restore", "--help"],
        ["--user", "admin", "rank", "--period", "2026Q1", "--bogus"],
    ],
)
def test_the_smaller_parser_reads_as_the_whole_one(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert app.command_home(argv) is not None
    assert _outcome(app.parser_for(argv), argv) == _outcome(app.build_parser(), argv)


def test_an_unknown_command_is_refused_with_every_command_listed() -> None:
    _, err, result = _outcome(app.parser_for(["balanse"]), ["balanse"])
    assert result == ("exit", 2)
    assert "balance" in err and "verify" in err


def test_the_parser_is_chinese_either_way() -> None:
    assert isinstance(app.parser_for(["balance"]), ChineseArgumentParser)
