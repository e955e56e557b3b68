"""What one ``jifen`` command works with: the data folder, the opened ledger logged in as the
operator, the village, and the lookups that turn what a person types (a household number, a
grid name, a short entry id) into the ids the services take. A command that opens the ledger
holds the folder's write lock shared until it ends (``model/write_lock.py``): no restore swaps
the file under it, and none loses what it saved."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jifen_desktop.model import paths, write_lock
from jifen_desktop.model.errors import DomainError
from jifen_desktop.startup import loading

from . import output

if TYPE_CHECKING:  # SQLAlchemy and the ledger load when a command opens it, not for --help
    from jifen_desktop.model.households import HouseholdInfo
    from jifen_desktop.model.instance_lock import LockHolder
    from jifen_desktop.model.ledger import Ledger
    from jifen_desktop.model.villages import VillageInfo

SHORT_ID_LEN = 8
DATABASE_ENV = "JIFEN_DATABASE_URL"  # the same name as model.db's, without importing it here


class CliError(DomainError):
    """A user error found by the command line itself (a file it cannot read, a bad id)."""


def given_changes(options: dict[str, Any], flags: str) -> dict[str, Any]:
    """The options the user gave (not None); refuse when there are none, naming ``flags``."""
    changes = {key: value for key, value in options.items() if value is not None}
    if not changes:
        raise CliError(f"没有要修改的内容：请给出 {flags} 中的至少一项。")
    return changes


def short_id(full_id: str) -> str:
    """What lists print for an id: its last 8 characters. Our ids are time-ordered (UUIDv7), so
    the first 8 are the same for everything recorded within about a minute; the tail is random."""
    return full_id[-SHORT_ID_LEN:]


def ask_password(prompt: str) -> str:
    """Typed at the terminal without echo; when stdin is a pipe, its first line."""
    try:
        if sys.stdin is not None and sys.stdin.isatty():
            return getpass.getpass(prompt)
        line = sys.stdin.readline() if sys.stdin is not None else ""
    except (EOFError, OSError, ValueError):
        line = ""
    if not line.strip():
        raise CliError("无法读取密码：请在终端里运行并输入密码，或设置环境变量 JIFEN_PASSWORD。")
    return line.rstrip("\r\n")


def ask_new_password(given: str | None, what: str = "新密码") -> str:
    """A new password from the option, else typed twice."""
    if given:
        return given
    first = ask_password(f"{what}：")
    if ask_password(f"再输入一次{what}：") != first:
        raise CliError("两次输入的密码不一样，请重新运行命令。")
    return first


def open_ledger(folder: Path, database: str | None = None) -> Ledger:
    """``Ledger.open`` (which says what to do with a file that is not a ledger at all), with
    SQLAlchemy and the tables loaded here, the garbage collector paused (``startup.loading``)."""
    with loading():
        from jifen_desktop.model.ledger import Ledger

    return Ledger.open(folder, database)


def _say_waiting(holder: LockHolder | None) -> None:
    who = holder.describe() if holder is not None else "从备份恢复台账"
    output.note(f"{who}正在进行，等它完成后再继续……")


@dataclass
class Context:
    """One run of one command."""

    args: argparse.Namespace
    _ledger: Ledger | None = None
    _village: VillageInfo | None = None
    _cleanup: list[Callable[[], None]] = field(default_factory=list)

    # -- where and who ---------------------------------------------------------------------

    @property
    def json(self) -> bool:
        return bool(self.args.json)

    @property
    def folder(self) -> Path:
        return paths.data_dir(self.args.data_dir)

    @property
    def database(self) -> str | None:
        """The PostgreSQL server's database (``--database`` or ``JIFEN_DATABASE_URL``), or None
        for the ledger file in the data folder."""
        return getattr(self.args, "database", None) or os.environ.get(DATABASE_ENV) or None

    def refuse_on_server(self, what: str) -> None:
        """Refuse a command that works on the ledger file when the ledger is on a server."""
        if self.database:
            raise CliError(
                f"台账在数据库服务器上（--database 或 {DATABASE_ENV}），{what}"
                "由服务器的管理员用 PostgreSQL 自己的工具做：备份用 pg_dump（例：pg_dump -Fc "
                "-f 乡镇台账.dump 数据库名），恢复用 pg_restore；步骤见 docs/sync.md。"
            )

    @property
    def ledger(self) -> Ledger:
        """The ledger, opened and logged in on first use."""
        if self._ledger is None:
            if not self.database and not paths.db_path(self.folder).exists():
                open_ledger(self.folder).close()  # refuses, saying how to make one
            user = self.args.user or os.environ.get("JIFEN_USER", "")
            if not user.strip():
                raise CliError("没有指明操作员：请用 --user 用户名，或设置环境变量 JIFEN_USER。")
            password = os.environ.get("JIFEN_PASSWORD") or ask_password("密码：")
            self.hold_folder()  # after the password: a prompt left open holds up no restore
            ledger = open_ledger(self.folder, self.database)
            self._cleanup.append(ledger.close)
            ledger.login(user.strip(), password)
            self._ledger = ledger
        return self._ledger

    def hold_folder(self) -> None:
        """Hold the data folder (shared) until the command ends, so that a restore neither
        starts while this command uses the ledger nor swaps the file under it: a write made
        here is never lost to one (``write_lock``). Waits for a restore in progress, saying so."""
        if self.database or not paths.db_path(self.folder).exists():
            return  # nothing to hold (opening says so); a restore makes the file in one rename
        hold = write_lock.writing(self.folder, on_wait=_say_waiting)
        self._cleanup.append(hold.release)

    def adopt(self, ledger: Ledger) -> None:
        """Use a ledger opened by the command itself (init, demo); closed at the end."""
        self._ledger = ledger
        self._cleanup.append(ledger.close)

    def close(self) -> None:
        while self._cleanup:
            self._cleanup.pop()()

    @property
    def village(self) -> VillageInfo:
        if self._village is None:
            self._village = self.ledger.villages.resolve(self.args.village)
        return self._village

    # -- lookups ---------------------------------------------------------------------------

    def household(self, number: str) -> HouseholdInfo:
        return self.ledger.households.by_number(self.village.id, number)

    def grid_id(self, name: str | None) -> str | None:
        if name is None:
            return None
        return self.ledger.villages.grid_by_name(self.village.id, name).id

    def entry_id(self, text: str) -> str:
        """A full entry id, or a unique beginning or end of at least 8 characters."""
        return self.record_id(text, "entry")

    def member_id(self, text: str) -> str:
        """A full member id (of this village), from its full or short id."""
        return self.record_id(text, "member")

    def record_id(self, text: str, kind: str) -> str:
        """The full id of a ``kind`` record of this village (``model.lookup.KINDS``: entry,
        member, review_session, objection, veto, honour_award), from its full id or a unique
        beginning or end of at least 8 characters."""
        return self.ledger.lookup.full_id(kind, self.village.id, text)

    # -- output ----------------------------------------------------------------------------

    def emit(self, data: Any, render: Callable[[], str] | str) -> None:
        """Print ``data`` as JSON with ``--json``, else the human text."""
        if self.json:
            output.print_json(data)
        else:
            output.say(render if isinstance(render, str) else render())


# -- declaring commands ------------------------------------------------------------------------

Handler = Callable[[Context], None]
Subcommands = argparse._SubParsersAction  # the object add_subparsers() returns


def add_command(
    sub: Subcommands, name: str, help: str, handler: Handler, *, epilog: str | None = None
) -> argparse.ArgumentParser:
    """A leaf command. The global options work after it too (``jifen rank --json``); only
    ``--json`` is listed in its help, to keep the help short."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help, description=help, epilog=epilog
    )
    parser.set_defaults(handler=handler)
    parser.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="输出 JSON（供程序读取）"
    )
    for option in ("--data-dir", "--database", "--village", "--user"):
        parser.add_argument(option, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def add_group(sub: Subcommands, name: str, help: str) -> Subcommands:
    """A command with its own sub-commands (``jifen household add``…)."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help, description=help)
    return parser.add_subparsers(title="操作", metavar="操作", dest="action", required=True)
