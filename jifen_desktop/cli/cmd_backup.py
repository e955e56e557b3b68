"""``jifen backup``, ``jifen backups`` and ``jifen restore``: a backup by hand (into the data
folder's backups/ or onto a stick), the list of backups, and putting one back.

Backing up and restoring are an admin's work (``--user``). A data folder whose ledger is
missing (a new computer) or cannot be read (damaged) has no operator to log in as: ``restore``
then goes ahead without one, keeping the damaged file among the backups."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jifen_desktop.model import paths
from jifen_desktop.model.errors import DomainError

from . import backup_server, output
from .backup_words import backup_data, describe_backup, restored_lines
from .cmd_setup import Progress
from .context import CliError, Context, Subcommands, add_command, open_ledger

if TYPE_CHECKING:
    from jifen_desktop.model.backup.service import BackupResult, RestoreResult


def register(sub: Subcommands) -> None:
    p = add_command(
        sub,
        "backup",
        "备份台账（默认存到数据目录的 backups 文件夹；--out 存到U盘或别的文件夹，连同证明材料照片）；"
        "台账在数据库服务器上时用 pg_dump 备份成 .dump 文件",
        run_backup,
        epilog="例：jifen --user admin backup --out /media/U盘",
    )
    p.add_argument("--out", type=Path, metavar="文件夹", help="存到哪个文件夹（如U盘）")
    p = add_command(sub, "backups", "列出备份（日期、类型、大小、村、数据库结构）", run_list)
    p.add_argument("--dir", type=Path, metavar="文件夹", help="列出这个文件夹（如U盘）里的备份")
    p = add_command(
        sub,
        "restore",
        "从备份恢复台账：先检查备份，另存现在的台账，再换上备份",
        run_restore,
        epilog="例：jifen --user admin restore 数据目录/backups/jifen_420881100001_20260301-083000_auto.sqlite3.xz",
    )
    p.add_argument(
        "file",
        type=Path,
        metavar="备份文件",
        help="jifen_….sqlite3.xz 备份文件（以前的 .sqlite3 也可以）；服务器上的台账用 pg_dump 做的 .dump 文件",
    )
    p.add_argument("--yes", action="store_true", help="不再询问，直接恢复")
    p.add_argument(
        "--other-village", action="store_true", help="备份是别的村的，也确实要用它替换本村台账"
    )


def run_backup(ctx: Context) -> None:
    if ctx.database:
        backup_server.run_dump(ctx)
        return
    from jifen_desktop.model.backup.service import BackupService

    progress = Progress() if sys.stderr.isatty() else None
    try:
        result = BackupService(ctx.ledger).backup(ctx.args.out, progress=progress).value
    finally:
        if progress is not None:
            progress.done()
    ctx.emit(
        {
            **backup_data(result.backup),
            "seconds": round(result.seconds, 2),
            "evidence_copied": result.evidence_copied,
        },
        lambda: _backup_text(result, ctx.args.out is not None),
    )


def _backup_text(result: BackupResult, stick: bool) -> str:
    from jifen_desktop.model.backup.files import size_text

    lines = [
        f"已备份：{result.backup.path}（{size_text(result.backup.size)}，用时 {result.seconds:.1f} 秒）"
    ]
    if stick:
        lines.append(
            f"证明材料照片：新复制 {result.evidence_copied} 个，放在同一文件夹的 evidence 里。"
        )
    return "\n".join(lines)


def run_list(ctx: Context) -> None:
    from jifen_desktop.model.backup import service as backups
    from jifen_desktop.model.backup.files import size_text
    from jifen_desktop.model.backup.service import BackupService

    where = ctx.args.dir
    if ctx.database:
        found = backup_server.list_dumps(ctx)
    else:
        found = (
            backups.list_backups(ctx.folder, where) if where else BackupService(ctx.ledger).list()
        )
    ctx.emit(
        [backup_data(b) for b in found],
        lambda: output.table_or(
            f"{where or backups.backups_dir(ctx.folder)} 里还没有备份。用 jifen backup 备份。",
            ["日期", "类型", "大小", "村", "数据库结构", "文件"],
            [
                [
                    f"{b.made_at:%Y-%m-%d %H:%M}",
                    b.kind_name,
                    size_text(b.size),
                    b.village_name or b.village_code,
                    b.revision or "读不出",
                    b.path.name,
                ]
                for b in found
            ],
            left=(1, 3, 5),
        ),
    )


def run_restore(ctx: Context) -> None:
    if ctx.database:
        backup_server.run_restore_dump(ctx)
        return
    from jifen_desktop.model.backup import service as backups
    from jifen_desktop.model.backup.service import BackupService

    a = ctx.args
    if not a.file.is_file():
        raise CliError(f"找不到备份文件 {a.file}，请检查文件名；用 jifen backups 查看有哪些备份。")
    ctx.hold_folder()  # the restore turns it exclusive: no command writes meanwhile
    usable = _ledger_usable(ctx.folder)
    if usable:
        ctx.ledger  # noqa: B018 - log in (an admin) before asking anything
    _confirm(a.file, a.yes)
    progress = Progress() if sys.stderr.isatty() else None
    try:
        if usable:
            result = BackupService(ctx.ledger).restore(
                a.file, other_village=a.other_village, progress=progress
            )
        else:
            output.note("数据目录里没有能打开的台账，不需要登录。")
            result = backups.restore(
                ctx.folder, a.file, other_village=a.other_village, progress=progress
            )
    finally:
        if progress is not None:
            progress.done()
    ctx.emit(_restore_data(result), lambda: _restore_text(result))


def _ledger_usable(folder: Path) -> bool:
    """Whether the ledger now in ``folder`` opens (then an admin must log in to replace it)."""
    if not paths.db_path(folder).exists():
        return False
    try:
        open_ledger(folder).close()
    except DomainError:
        return False
    return True


def _confirm(file: Path, yes: bool) -> None:
    from jifen_desktop.model.backup.files import describe

    what = describe_backup(describe(file))
    if yes:
        return
    if sys.stdin is None or not sys.stdin.isatty():
        raise CliError(
            f"恢复会用 {what} 替换现在的台账（现在的台账会先另存一份）。确认无误后加 --yes 再运行。"
        )
    output.note(f"将用 {what} 替换现在的台账；这之后录入的内容会被换掉（现在的台账会先另存一份）。")
    answer = input("确定恢复吗？输入 y 确认：").strip().lower()
    if answer not in ("y", "yes", "是"):
        raise CliError("没有恢复，台账没有改动。")


def _restore_data(result: RestoreResult) -> dict[str, Any]:
    return {
        "backup": backup_data(result.backup),
        "kept": backup_data(result.kept) if result.kept else None,
        "upgraded_from": result.upgraded_from,
        "households": result.households,
        "entries": result.entries,
        "evidence_copied": result.evidence_copied,
        "other_village": result.other_village,
        "other_replica": result.other_replica,
        "replica_id": result.renewal.new if result.renewal else None,
        "retired_replica_id": result.renewal.old if result.renewal else None,
    }


def _restore_text(result: RestoreResult) -> str:
    kept = result.kept.path if result.kept is not None else None
    what = describe_backup(result.backup)
    lines = restored_lines(what, result.households, result.entries, kept, result.upgraded_from)
    if result.evidence_copied:
        lines.append(f"从备份旁边复制了 {result.evidence_copied} 个证明材料照片。")
    if result.renewal is not None:
        lines.append(renewal_text(result))
    elif result.other_replica and not result.other_village:
        lines.append(
            "这个备份是在另一台电脑上做的：本机从此以那台电脑的身份导出同步包，"
            "那台电脑如还在用，请停用，以免两台电脑的同步包冲突。"
        )
    return "\n".join(lines)


def renewal_text(result: RestoreResult) -> str:
    """What a restore did to this computer's identity in sync, in a clerk's words."""
    assert result.renewal is not None
    text = (
        f"恢复后这台电脑以新的编号（{result.renewal.new[-8:]}）继续记账，签名的密钥不变："
        "这样以后的记录不会和恢复前已经发给乡镇或别的电脑的记录混在一起。"
        "照常导出同步包即可；恢复前发出去、备份里没有的记录，乡镇那边仍然保留。"
    )
    if result.other_replica and not result.other_village:
        text += "这个备份是在另一台电脑上做的，那台电脑也可以照常使用。"
    return text
