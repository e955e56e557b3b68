"""The ``jifen`` command: the global options, the list of commands, and ``main`` — which runs
one command and turns a user error (any ``DomainError``) into one Chinese line on stderr and
exit status 1, and an unexpected error into the crash log and one line naming it, exit status
70. argparse's own usage errors exit with 2; ``--help`` with 0."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from jifen_desktop.model.errors import DomainError
from jifen_desktop.startup import loading

from .argparse_zh import ChineseArgumentParser
from .context import Context

DESCRIPTION = """积分台账：村级积分制管理的命令行。

数据目录：--data-dir，或环境变量 JIFEN_DATA_DIR，否则为本机的用户数据目录。
乡镇/县服务器：--database postgresql://用户名@服务器:端口/数据库名，或环境变量 JIFEN_DATABASE_URL。
操作员：--user，或环境变量 JIFEN_USER；密码取环境变量 JIFEN_PASSWORD，没有就提示输入。"""

EPILOG = """常用步骤：
  jifen init --code 420881100001 --name 张集村 --township 张集镇
  jifen --user admin grid add 一组
  jifen --user admin household add --number 0101 --head 王建国 --grid 一组
  jifen --user admin entry add --household 0101 --rule B05 --date 2026-03-05
  jifen --user admin review open --month 2026-03 --place 村委会
  jifen --user admin review decide --month 2026-03 approve --all-pending
  jifen --user admin review close --month 2026-03
  jifen --user admin publish draft --quarter 2026Q1
  jifen --user admin publish post --quarter 2026Q1 --from 2026-04-08 --to 2026-04-14
  jifen --user admin objection add --quarter 2026Q1 --household 0101 --content 漏记一次义务劳动
  jifen --user admin publish final --quarter 2026Q1
  jifen --user admin entry add --household 0101 --rule B05 --date 2026-03-20 --late
  jifen --user admin rank --period 2026Q1
  jifen --user admin honours --period 2026 --top 10
  jifen --user admin store redeem --household 0101 --item 肥皂:2
  jifen --user admin calendar
  jifen --user admin bundle export --out /media/U盘
  jifen --user xiang key enrol 420881100001_20261121_001.jfb --fingerprint "5149 9397 3976 7742 3157"
  jifen --user xiang bundle import /media/U盘/*.jfb --dry-run
每个命令都有自己的帮助，例如：jifen entry add --help"""

# The modules that declare the commands, in the order ``jifen --help`` lists them; each is
# imported only when its commands are declared.
COMMAND_MODULES = (
    "cmd_setup",
    "cmd_village",
    "cmd_household",
    "cmd_roster",
    "cmd_rule",
    "cmd_entry",
    "cmd_review",
    "cmd_publish",
    "cmd_objection",
    "cmd_veto",
    "cmd_report",
    "cmd_report_files",
    "cmd_honours",
    "cmd_person",
    "cmd_year_close",
    "cmd_store",
    "cmd_operator",
    "cmd_bundle",
    "cmd_key",
    "cmd_verify",
    "cmd_backup",
)

# The module that declares each top-level command. ``main`` imports and declares only the one
# the command line names (issue 19: the 135 commands' parsers and their modules cost a command
# about 0.05 s of CPU); tests/cli/test_cli_lazy_parser.py checks this against the modules.
COMMAND_HOMES = {
    **dict.fromkeys(("init", "demo"), "cmd_setup"),
    **dict.fromkeys(("village", "grid"), "cmd_village"),
    **dict.fromkeys(("household", "member"), "cmd_household"),
    "roster": "cmd_roster",
    "rule": "cmd_rule",
    "entry": "cmd_entry",
    **dict.fromkeys(("review", "calendar"), "cmd_review"),
    "publish": "cmd_publish",
    "objection": "cmd_objection",
    "veto": "cmd_veto",
    **dict.fromkeys(("base-points", "balance", "rank", "stats", "audit"), "cmd_report"),
    "report": "cmd_report_files",
    "honours": "cmd_honours",
    "person": "cmd_person",
    "year-close": "cmd_year_close",
    "store": "cmd_store",
    "operator": "cmd_operator",
    **dict.fromkeys(("bundle", "township"), "cmd_bundle"),
    "key": "cmd_key",
    "verify": "cmd_verify",
    **dict.fromkeys(("backup", "backups", "restore"), "cmd_backup"),
}

# The global options that take a value (``build_parser``); ``--json`` takes none.
VALUE_OPTIONS = ("--data-dir", "--database", "--village", "--user")

CRASH_STATUS = 70


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """The ``jifen`` parser with the commands of ``modules`` (by default every command)."""
    parser = ChineseArgumentParser(prog="jifen", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--data-dir", metavar="目录", help="数据目录（台账数据库所在的文件夹）")
    parser.add_argument(
        "--database",
        metavar="地址",
        help="乡镇/县汇总库所在的 PostgreSQL 数据库（或用 JIFEN_DATABASE_URL）",
    )
    parser.add_argument("--village", metavar="村代码", help="台账里有多个村时，指明是哪个村")
    parser.add_argument("--user", metavar="用户名", help="以哪个操作员登录（或用 JIFEN_USER）")
    parser.add_argument(
        "--json", action="store_true", help="输出 JSON（供程序读取），日期为 ISO 格式"
    )
    sub = parser.add_subparsers(title="命令", metavar="命令", dest="command", required=True)
    with loading():  # the command modules load with the collector paused, as cli/__init__ does
        for name in modules:
            importlib.import_module(f"{__package__}.{name}").register(sub)
    return parser


def command_home(argv: Sequence[str]) -> str | None:
    """The module declaring the command ``argv`` names, when the global options before it are
    written out in full (``--user admin``, ``--user=admin``, ``--json``); None otherwise (no
    command, ``--help``, an abbreviated or unknown option or command), when every command is
    declared so that argparse answers exactly as it always did."""
    rest = list(argv)
    while rest:
        word = rest.pop(0)
        if word in VALUE_OPTIONS and rest:
            rest.pop(0)
        elif word != "--json" and not (word.partition("=")[0] in VALUE_OPTIONS and "=" in word):
            return COMMAND_HOMES.get(word)
    return None


def parser_for(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The parser that reads ``argv``: only its command's module declared when that is known
    (``command_home``), every command otherwise. Both read ``argv`` the same way."""
    home = command_home(argv)
    return build_parser((home,)) if home else build_parser()


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _say_error(message: str) -> int:
    print(f"错误：{_one_line(message)}", file=sys.stderr)
    return 1


def _say_crash(exc: Exception, ctx: Context) -> int:
    """An unexpected error: its traceback into the data folder's log, one line naming it here
    (the whole report when no log could be written). Exit status 70 (EX_SOFTWARE)."""
    from jifen_desktop import crash_log  # logging and its handlers load only for a crash

    report = crash_log.record(exc, folder=ctx.folder)
    _say_error(report.message())
    if report.log_file is None:
        print(report.details, file=sys.stderr)
    return CRASH_STATUS


def _tolerant_streams() -> None:
    """A console that cannot show a character gets a ? instead of a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def _silence_stdout() -> None:
    """Point stdout at the null device so the interpreter's final flush does not fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _database_locked(exc: Exception) -> bool:
    """SQLite's "database is locked" (another program holds the write). SQLAlchemy is looked
    up only if a command loaded it: --help and friends never import it."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is None or not isinstance(exc, sa_exc.OperationalError):
        return False
    return "locked" in str(exc)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``jifen`` with ``argv`` (default: the process arguments); returns the exit status."""
    _tolerant_streams()
    words = sys.argv[1:] if argv is None else list(argv)
    args = parser_for(words).parse_args(words)
    ctx = Context(args)
    try:
        args.handler(ctx)
    except DomainError as exc:
        return _say_error(exc.message)
    except KeyboardInterrupt:
        _say_error("已取消，没有保存未完成的操作。")
        return 130
    except BrokenPipeError:  # the reader (head, less) stopped reading: nothing more to say
        _silence_stdout()
        return 0
    except Exception as exc:  # noqa: BLE001 - a bug: logged with its traceback, one line here
        if _database_locked(exc):
            return _say_error("台账正被另一个程序占用（可能是积分台账窗口正在保存），请稍后再试。")
        return _say_crash(exc, ctx)
    finally:
        ctx.close()
    return 0
