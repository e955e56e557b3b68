"""Setting up a data folder: ``jifen init`` (a new village ledger with its admin) and
``jifen demo`` (a generated demo village). Neither logs in: there is nobody to log in as yet.
Both hold the folder's lock (``instance_lock.setting_up``) while they make the ledger, as the
window does, so that no other program writes into a ledger being made (and a folder another
program holds is refused, naming it). If set-up fails half way, the new database file is
removed, and the lock file and the folder when they were made for it, so that a second try can
start clean."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jifen_desktop.model import instance_lock, paths
from jifen_desktop.model.choices import ROLE_NAMES
from jifen_desktop.model.errors import LedgerStateError

from . import output
from .argparse_zh import int_arg, positive_arg
from .cmd_village import add_village_arguments
from .context import CliError, Context, Subcommands, add_command, ask_new_password

if TYPE_CHECKING:
    import argparse

    from jifen_desktop.demo import DemoSummary
    from jifen_desktop.model.setup import AdminDetails


def register(sub: Subcommands) -> None:
    p = add_command(
        sub,
        "init",
        "建立本村台账：新建数据库、村和管理员账号",
        run_init,
        epilog="例：jifen init --code 420881100001 --name 张集村 --township 张集镇",
    )
    add_village_arguments(p)
    p.add_argument("--township-code", default="", metavar="代码", help="所属乡镇的区划代码")
    p.add_argument("--admin", default="admin", metavar="用户名", help="管理员用户名（默认 admin）")
    p.add_argument(
        "--admin-name", default="管理员", metavar="姓名", help="管理员显示名（默认“管理员”）"
    )
    p.add_argument(
        "--admin-password",
        metavar="密码",
        help="管理员密码；不给则用环境变量 JIFEN_PASSWORD，再没有就提示输入两次",
    )
    p.add_argument(
        "--mode",
        choices=("village", "township"),
        default="village",
        help="village：村里使用（默认）；township：乡镇办汇总各村数据（此时 --code、--name 是乡镇的）",
    )

    p = add_command(
        sub,
        "demo",
        "在空的数据目录里生成一个演示村（农户、单位、成员和几年的积分记录）",
        run_demo,
        epilog="例：jifen --data-dir ~/jifen-demo demo --households 300 --years 3",
    )
    p.add_argument("--households", type=positive_arg, default=300, metavar="户数", help="农户数")
    p.add_argument("--years", type=positive_arg, default=3, metavar="年数", help="生成几年的记录")
    p.add_argument(
        "--seed", type=int_arg, default=2026, metavar="种子", help="随机种子（同种子同数据）"
    )


INIT_PURPOSE = "建立台账（jifen init）"
DEMO_PURPOSE = "生成演示村（jifen demo）"


def _refuse_existing(folder: Path) -> None:
    if paths.db_path(folder).exists():
        raise LedgerStateError(
            f"数据目录 {folder} 里已经有台账数据库，不能重复初始化；"
            "如要重新开始，请先备份并移走 ledger.sqlite3，或用 --data-dir 指定新目录。"
        )


def _refuse_demo_over(folder: Path) -> None:
    if paths.db_path(folder).exists():
        raise LedgerStateError(
            f"数据目录 {folder} 里已经有台账，演示村只能生成在空的数据目录里；"
            "请用 --data-dir 指定一个新目录。"
        )


def run_init(ctx: Context) -> None:
    if ctx.database:  # the server refuses a database that holds a ledger already
        if ctx.args.mode != "township":
            raise CliError(
                "村台账放在本机的数据目录里；--database（PostgreSQL 服务器）只用于乡镇或县的"
                "汇总库：请加 --mode township，或者去掉 --database。"
            )
        _init_township(ctx)
        return
    _refuse_existing(ctx.folder)  # (before the lock: an open window's folder has a ledger)
    with instance_lock.setting_up(ctx.folder, INIT_PURPOSE):
        _refuse_existing(ctx.folder)  # (made by another program between the two looks)
        _init(ctx)


def _init(ctx: Context) -> None:
    from jifen_desktop.model.setup import VillageDetails, check_village, create_ledger

    args = ctx.args
    folder = ctx.folder
    if args.mode == "township":
        _init_township(ctx)
        return
    village = check_village(VillageDetails(args.code, args.name, args.township, args.township_code))
    made = create_ledger(folder, village, _admin_details(args), mode=args.mode)
    ctx.adopt(made.ledger)
    admin = made.admin
    ctx.emit(
        {"folder": str(folder), "mode": args.mode, "village": made.village, "admin": admin},
        lambda: "\n".join(
            [
                f"已建立台账：{made.village.name}（{made.village.code}），数据目录 {folder}",
                f"管理员账号：{admin.username}（{admin.display_name}）",
                f"下一步：jifen --user {admin.username} grid add 一组；"
                f"jifen --user {admin.username} household add --number 0101 --head 户主姓名",
            ]
        ),
    )


def _admin_details(args: argparse.Namespace) -> AdminDetails:
    """The first administrator; the password from --admin-password, JIFEN_PASSWORD or asked."""
    from jifen_desktop.model.setup import AdminDetails

    password = (
        args.admin_password
        or os.environ.get("JIFEN_PASSWORD")
        or ask_new_password(None, "管理员密码")
    )
    return AdminDetails(args.admin, args.admin_name, password)


def _init_township(ctx: Context) -> None:
    """``init --mode township``: --code and --name are the township's own."""
    from jifen_desktop.model.setup import create_township

    args = ctx.args
    ledger, admin = create_township(
        ctx.folder,
        args.name,
        args.code,
        _admin_details(args),
        database=ctx.database,
    )
    ctx.adopt(ledger)
    ctx.emit(
        {
            "folder": str(ctx.folder),
            "mode": "township",
            "name": args.name,
            "code": args.code,
            "admin": admin,
        },
        lambda: "\n".join(
            [
                f"已建立乡镇汇总库：{args.name}（{args.code}），数据目录 {ctx.folder}",
                f"管理员账号：{admin.username}（{admin.display_name}）",
                "下一步：各村导出同步包带来后，先核对指纹登记密钥：jifen key enrol 包文件 --fingerprint 指纹；"
                "再导入：jifen bundle import 包文件",
            ]
        ),
    )


class Progress:
    """Progress of a long job on stderr: one updating line on a terminal, else a line per step."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = ""

    def __call__(self, fraction: float, message: str) -> None:
        percent = max(0, min(100, round(fraction * 100)))
        if self.tty:
            sys.stderr.write(f"\r[{percent:3d}%] {output.clip(message, 60):<60}")
            sys.stderr.flush()
        elif message != self.last:
            print(f"[{percent:3d}%] {message}", file=sys.stderr)
        self.last = message

    def done(self) -> None:
        if self.tty and self.last:
            sys.stderr.write("\n")


def run_demo(ctx: Context) -> None:
    if ctx.database:
        raise CliError(
            "演示村只生成在本机的数据目录里：请去掉 --database（或 JIFEN_DATABASE_URL）。"
        )
    _refuse_demo_over(ctx.folder)
    with instance_lock.setting_up(ctx.folder, DEMO_PURPOSE):
        _refuse_demo_over(ctx.folder)
        _demo(ctx)


def _demo(ctx: Context) -> None:
    from jifen_desktop.demo import DEMO_PASSWORD, generate_demo
    from jifen_desktop.model.setup import new_ledger

    args, folder = ctx.args, ctx.folder
    progress = Progress()
    try:
        with new_ledger(folder) as ledger:
            summary = generate_demo(
                ledger,
                households=args.households,
                years=args.years,
                seed=args.seed,
                progress=progress,
            )
    finally:
        progress.done()
    ctx.adopt(ledger)
    logins = [
        (o.username, o.display_name, ROLE_NAMES.get(o.role, o.role))
        for o in ledger.operators.list()
    ]
    ctx.emit(
        {
            "folder": str(folder),
            "summary": summary,
            "password": DEMO_PASSWORD,
            "operators": [{"username": u, "name": n, "role": r} for u, n, r in logins],
        },
        lambda: _demo_text(summary, folder, logins),
    )


def _demo_text(summary: DemoSummary, folder: Path, logins: list[tuple[str, str, str]]) -> str:
    """What ``jifen demo`` says: the village made, its figures, the log-ins, what to try."""
    from jifen_desktop.demo import DEMO_PASSWORD

    figures = [
        ("农户", summary.households),
        ("单位", summary.units),
        ("成员", summary.members),
        ("积分记录", summary.entries),
        ("年数", summary.years),
        ("用时（秒）", round(summary.seconds, 1)),
    ]
    return "\n".join(
        [
            f"已生成演示村：{summary.village_name}（{summary.village_code}），数据目录 {folder}",
            output.key_values(figures),
            "",
            f"演示账号（密码都是 {DEMO_PASSWORD}）：",
            output.table(["用户名", "姓名", "角色"], logins),
            "",
            f"例：JIFEN_USER=admin JIFEN_PASSWORD={DEMO_PASSWORD} "
            f"jifen --data-dir {folder} rank --period all --top 10",
        ]
    )
