"""``jifen township move-to-server --database postgresql://…``: the township's ledger file (in
the data folder) copied into an empty database on a PostgreSQL server (``model.server_move``).
The township's admin logs in to the file; the file is left as it was."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from .cmd_setup import Progress
from .context import CliError, Context, Subcommands, add_command

if TYPE_CHECKING:
    from jifen_desktop.model.server_move import MoveResult

AFTER = (
    "从现在起请在每台办事员电脑上设置 JIFEN_DATABASE_URL（或 --database）指向服务器，"
    "不要再在原来的台账文件上录入或导入；原文件和它的备份留作搬迁前的记录。"
)


class FileContext(Context):
    """The same command seen on the data folder's ledger file, whatever ``--database`` says."""

    @property
    def database(self) -> str | None:
        return None


def register(town: Subcommands) -> None:
    add_command(
        town,
        "move-to-server",
        "把本机的乡镇台账文件搬到 PostgreSQL 服务器上的空数据库（原文件不动）",
        run_move,
        epilog="--database 写服务器上的空数据库：postgresql://用户名@服务器:端口/数据库名\n"
        "例：jifen --user xiang township move-to-server "
        "--database postgresql://jifen_zhangji@10.0.0.5/jifen_zhangji",
    )


def run_move(ctx: Context) -> None:
    from jifen_desktop.model import server_move

    target = ctx.database
    if not target:
        raise CliError(
            "请用 --database postgresql://用户名@服务器:端口/数据库名 指明服务器上的空数据库。"
        )
    source = FileContext(ctx.args)
    try:
        server_move.check_source(source.ledger)
        source.close()  # (the move reads the file on its own, in one snapshot)
        progress = Progress() if sys.stderr.isatty() else None
        try:
            result = server_move.move_to_server(source.folder, target, progress)
        finally:
            if progress is not None:
                progress.done()
    finally:
        source.close()
    ctx.emit(_data(result), lambda: _text(result))
    if not result.ok:
        raise CliError(
            f"服务器上的台账检查发现 {len(result.findings)} 处问题：请不要使用服务器上的这份，"
            "继续用原来的台账文件，并把上面的清单交给程序的维护人员。"
        )


def _data(result: MoveResult) -> dict[str, Any]:
    return {
        "counts": result.counts,
        "rows": result.rows,
        "ok": result.ok,
        "findings": result.findings,
        "seconds": round(result.seconds, 2),
    }


def _text(result: MoveResult) -> str:
    from jifen_desktop.model.server_move import table_label

    biggest = sorted(result.counts.items(), key=lambda kv: -kv[1])[:6]
    lines = [
        f"已复制 {len(result.counts)} 张表共 {result.rows} 行，两边的行数一致"
        f"（用时 {result.seconds:.1f} 秒）。",
        "其中：" + "，".join(f"{table_label(name)} {n} 行" for name, n in biggest),
    ]
    if result.ok:
        lines += ["服务器上的台账检查完好（哈希链、公示快照、审计记录都已核对）。", AFTER]
    lines += [f"· {finding}" for finding in result.findings[:50]]
    return "\n".join(lines)
