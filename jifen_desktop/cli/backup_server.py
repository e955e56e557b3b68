"""``jifen backup``, ``jifen backups`` and ``jifen restore`` when the ledger is on a PostgreSQL
server (``--database`` / ``JIFEN_DATABASE_URL``): ``pg_dump`` and ``pg_restore`` through
``model.pg_backup``. The dumps go to the data folder's backups/ (or ``--out``) and are listed
with the file backups there. A restore into a database that holds a ledger needs an admin's
login and a confirmation (``--yes``), and says what happens to the clerks working meanwhile."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import output
from .backup_words import backup_data, restored_lines
from .cmd_setup import Progress
from .context import CliError, Context

if TYPE_CHECKING:
    from jifen_desktop.model.backup.files import BackupInfo
    from jifen_desktop.model.pg_backup import RestoreResult
    from jifen_desktop.model.pg_dump_file import DumpContents


def _progress() -> Progress | None:
    return Progress() if sys.stderr.isatty() else None


def run_dump(ctx: Context) -> None:
    """``jifen backup`` on the server: a ``pg_dump -Fc`` file."""
    from jifen_desktop.model import pg_backup
    from jifen_desktop.model.backup.files import size_text

    progress = _progress()
    try:
        result = pg_backup.dump(ctx.ledger, ctx.args.out, progress)
    finally:
        if progress is not None:
            progress.done()
    ctx.emit(
        {**backup_data(result.backup), "seconds": round(result.seconds, 2), "format": "pg_dump"},
        f"已备份服务器上的台账：{result.backup.path}（pg_dump 格式，"
        f"{size_text(result.backup.size)}，用时 {result.seconds:.1f} 秒）\n"
        "证明材料照片在各办事员电脑的数据目录里，不在这个备份中。",
    )


def list_dumps(ctx: Context) -> list[BackupInfo]:
    """``jifen backups`` on the server: the dumps and file backups in the folder."""
    from jifen_desktop.model import authz, pg_backup
    from jifen_desktop.model.pg_dump_file import backups_with_dumps

    where = ctx.args.dir
    if where is None:
        authz.require(ctx.ledger.actor, authz.ADMIN_ROLES, "查看备份")
    return backups_with_dumps(where or pg_backup.backups_dir(ctx.folder))


def run_restore_dump(ctx: Context) -> None:
    """``jifen restore FILE.dump`` on the server."""
    from jifen_desktop.model import pg_backup
    from jifen_desktop.model.pg_restore_check import before_restore

    file: Path = ctx.args.file
    if not file.name.endswith(".dump"):
        raise CliError(
            f"{file.name} 是台账文件的备份，不能直接恢复到数据库服务器上：要把乡镇的台账文件"
            "搬到服务器，请用 jifen township move-to-server；服务器上的备份是 pg_dump 做的 .dump 文件。"
        )
    target = before_restore(str(ctx.database), file)
    occupied = target.occupied
    actor = ctx.ledger.actor if occupied else None  # an admin of the ledger to be replaced
    if occupied:
        _confirm(file, target.contents, ctx.args.yes)
    progress = _progress()
    try:
        result = pg_backup.restore(
            ctx.folder, str(ctx.database), file, replace=occupied, actor=actor, progress=progress
        )
    finally:
        if progress is not None:
            progress.done()
    ctx.emit(_restore_data(result, file), lambda: _restore_text(result, file))


def _confirm(file: Path, contents: DumpContents, yes: bool) -> None:
    from jifen_desktop.model.pg_backup import CLERKS_MEANWHILE

    what = f"{file.name}（{contents.label}）"
    if yes:
        return
    if sys.stdin is None or not sys.stdin.isatty():
        raise CliError(
            f"恢复会用 {what} 替换服务器上现在的台账（现在的台账会先用 pg_dump 另存一份）。"
            "确认无误后加 --yes 再运行。"
        )
    output.note(
        f"将用 {what} 替换服务器上的台账；这之后录入的内容会被换掉（现在的台账会先另存一份）。"
    )
    output.note(CLERKS_MEANWHILE)
    answer = input("确定恢复吗？输入 y 确认：").strip().lower()
    if answer not in ("y", "yes", "是"):
        raise CliError("没有恢复，服务器上的台账没有改动。")


def _restore_data(result: RestoreResult, file: Path) -> dict[str, Any]:
    return {
        "file": str(file),
        "revision": result.contents.revision,
        "code": result.contents.code,
        "kept": str(result.kept.path) if result.kept else None,
        "upgraded_from": result.upgraded_from,
        "households": result.households,
        "entries": result.entries,
        "seconds": round(result.seconds, 2),
    }


def _restore_text(result: RestoreResult, file: Path) -> str:
    kept = result.kept.path if result.kept is not None else None
    what = f"{file.name}（{result.contents.label}）"
    lines = restored_lines(what, result.households, result.entries, kept, result.upgraded_from)
    lines.append(
        f"用时 {result.seconds:.1f} 秒。请运行 jifen verify 检查恢复的台账；备份之后各村送来的"
        "同步包请再导入一次（导入过的包不会重复计入）。"
    )
    return "\n".join(lines)
