"""``jifen verify``: check the ledger file (SQLite's integrity), the hash chain (names every
record changed, removed or added behind the program's back) and the publication snapshots.
``--new`` checks only the part of the hash chain written since the last check on this computer
(``model.chain_watch``, the same check the program runs in the background each day).
``--village CODE`` checks one village's part of a township's or county's ledger (its rows, the
chain links of its laptops, its audit members, snapshots and summaries), read by index. Needs
no login: it only reads. Exits with status 1 when it finds anything."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import output
from .context import CliError, Context, Subcommands, add_command, open_ledger

if TYPE_CHECKING:
    from jifen_desktop.model.chain_watch import WatchResult
    from jifen_desktop.model.ledger import Ledger
    from jifen_desktop.model.server_checks import ServerCheck
    from jifen_desktop.model.verify.service import VerifyReport

AFTER_FINDINGS = (
    "请不要继续录入，先用“jifen backups”找一份问题出现前的备份，用“jifen restore”恢复，"
    "并把上面的清单交给乡镇核对。"
)


def register(sub: Subcommands) -> None:
    parser = add_command(
        sub,
        "verify",
        "检查台账是否完好、有没有被人绕过程序改动（数据库完整性、哈希链、公示快照）",
        run_verify,
        epilog="加 --village 村代码：只检查乡镇或县台账里这一个村的记录、哈希链、审计记录、"
        "公示快照和汇总（很快；村代码见 jifen township overview）。",
    )
    parser.add_argument(
        "--new",
        action="store_true",
        help="只检查本机上次检查以来新增的哈希链和记录（很快；程序每天也会在后台检查一次）",
    )


def run_verify(ctx: Context) -> None:
    new, village = getattr(ctx.args, "new", False), getattr(ctx.args, "village", None)
    if new and village:
        raise CliError("--new 和 --village 不能一起用：请只选一个。")
    if new and ctx.database:
        raise CliError(
            "--new 只用于本机的台账文件；服务器上的台账请直接运行 jifen verify 做完整检查。"
        )
    ctx.hold_folder()  # no restore swaps the file while it is read
    ledger = open_ledger(ctx.folder, ctx.database)
    ctx.adopt(ledger)
    if new:
        _verify_new(ctx, ledger)
        return
    from jifen_desktop.model.verify.on_server import server_check

    report = ledger.verify(village=village)
    server = server_check(ledger) if not village else None
    data = report.as_dict() | ({"server": server.as_dict()} if server else {})
    ctx.emit(data, lambda: _text(report, server))
    found = len(report.findings) + (len(server.problems) if server else 0)
    if found:
        raise CliError(f"发现 {found} 处问题。{AFTER_FINDINGS}")


def _verify_new(ctx: Context, ledger: Ledger) -> None:
    from jifen_desktop.model import chain_watch

    result = chain_watch.check(ledger)
    ctx.emit(
        {
            "ok": result.ok,
            "first": result.first,
            "links": result.links,
            "rows": result.rows,
            "found": result.found,
            "problems": list(result.problems),
        },
        lambda: _new_text(result),
    )
    if not result.ok:
        raise CliError(
            f"新增部分发现 {result.found} 处问题。请运行“jifen verify”做完整检查，{AFTER_FINDINGS}"
        )


def _new_text(result: WatchResult) -> str:
    what = "本机第一次检查：从最近的记录查起" if result.first else "本机上次检查以来新增的部分"
    lines = [
        output.key_values(
            [
                ("检查范围", what),
                ("哈希链", f"{result.links} 段"),
                ("已核对记录", f"{result.rows} 条"),
            ]
        )
    ]
    if result.ok:
        lines.append("新增部分完好。更早的记录请用“jifen verify”做完整检查。")
    lines += [f"· {problem}" for problem in result.problems]
    if result.found > len(result.problems):
        lines.append(f"……另有 {result.found - len(result.problems)} 处")
    return "\n".join(lines)


def _file_lines(report: VerifyReport) -> list[tuple[str, str]]:
    """The file's check: the whole one's, or a village's ``quick_check`` (none on a server)."""
    if not report.village:
        return [("数据库文件", "完好" if report.integrity == ["ok"] else "有损坏")]
    if not report.integrity:  # (on a server: its pages are the server's)
        return [("检查范围", report.village)]
    quick = "快速检查完好（完整检查请用不带 --village 的 jifen verify）"
    return [
        ("检查范围", report.village),
        ("数据库文件", quick if report.integrity == ["ok"] else "有损坏"),
    ]


def _text(report: VerifyReport, server: ServerCheck | None = None) -> str:
    lines = [
        output.key_values(
            [
                *([("数据库服务器", server.summary)] if server else _file_lines(report)),
                ("哈希链", f"{report.links} 段"),
                ("已核对记录", f"{report.rows} 条"),
                ("对照审计日志", f"{report.records} 条农户、细则等"),
            ]
        )
    ]
    if report.unchained:
        lines.append(f"另有 {report.unchained} 条记录是升级前从别的电脑同步来的，还没有哈希链。")
    if report.unaudited:
        lines.append(f"另有 {report.unaudited} 条细则等记录是升级前建的，没有审计记录可对照。")
    if report.ok and (server is None or server.ok):
        whose = f"{report.village}的记录" if report.village else "台账"
        lines.append(f"{whose}完好：没有发现被改动、删除或私自添加的记录。")
    for message in [f.message for f in report.findings] + (server.problems if server else []):
        lines.append(f"· {message}")
    return "\n".join(lines)
