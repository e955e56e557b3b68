"""``jifen verify``: check the ledger file (SQLite's integrity), the hash chain (names every
record changed, removed or added behind the program's back) and the publication snapshots.
Needs no login: it only reads. Exits with status 1 when it finds anything."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import output
from .context import CliError, Context, Subcommands, add_command, open_ledger

if TYPE_CHECKING:
    from jifen_desktop.model.verify import VerifyReport


def register(sub: Subcommands) -> None:
    add_command(
        sub,
        "verify",
        "检查台账是否完好、有没有被人绕过程序改动（数据库完整性、哈希链、公示快照）",
        run_verify,
    )


def run_verify(ctx: Context) -> None:
    ctx.hold_folder()  # no restore swaps the file while it is read
    ledger = open_ledger(ctx.folder)
    ctx.adopt(ledger)
    report = ledger.verify()
    ctx.emit(report.as_dict(), lambda: _text(report))
    if not report.ok:
        raise CliError(
            f"发现 {len(report.findings)} 处问题。请不要继续录入，先用“jifen backups”找一份问题出现前的"
            "备份，用“jifen restore”恢复，并把上面的清单交给乡镇核对。"
        )


def _text(report: VerifyReport) -> str:
    lines = [
        output.key_values(
            [
                ("数据库文件", "完好" if report.integrity == ["ok"] else "有损坏"),
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
    if report.ok:
        lines.append("台账完好：没有发现被改动、删除或私自添加的记录。")
    for finding in report.findings:
        lines.append(f"· {finding.message}")
    return "\n".join(lines)
