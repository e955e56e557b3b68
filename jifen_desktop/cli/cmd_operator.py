"""``jifen operator`` (add, list, passwd, set): who may log in, their role, and the grids a
recorder (记录员) works in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jifen_desktop.model.choices import ROLE_NAMES, ROLES

from . import output
from .argparse_zh import list_arg, yes_no_arg
from .context import (
    CliError,
    Context,
    Subcommands,
    add_command,
    add_group,
    ask_new_password,
    ask_password,
)

if TYPE_CHECKING:
    from jifen_desktop.model.operators import OperatorInfo

ROLE_HELP = "admin 管理员；reviewer 审核人；recorder 记录员（只能录自己网格的户）；viewer 只读"


def register(sub: Subcommands) -> None:
    op = add_group(sub, "operator", "操作员账号和权限")
    p = add_command(
        op,
        "add",
        "添加操作员",
        run_add,
        epilog="例：jifen operator add wgy1 --role recorder --name 张网格 --grids 一组,二组",
    )
    p.add_argument("username", metavar="用户名", help="登录用的用户名")
    p.add_argument("--role", required=True, choices=ROLES, help=ROLE_HELP)
    p.add_argument("--name", default="", metavar="姓名", help="显示名（默认同用户名）")
    p.add_argument(
        "--grids", type=list_arg, default=[], metavar="网格,网格", help="记录员负责的网格"
    )
    p.add_argument("--password", metavar="密码", help="初始密码（不给则提示输入两次）")

    add_command(op, "list", "列出操作员", run_list)

    p = add_command(op, "passwd", "修改密码（改自己的要给原密码；管理员可重设别人的）", run_passwd)
    p.add_argument("username", metavar="用户名")
    p.add_argument("--new-password", metavar="密码", help="新密码（不给则提示输入两次）")
    p.add_argument("--old-password", metavar="密码", help="原密码（改自己的密码时需要）")

    p = add_command(op, "set", "修改操作员的角色、网格或启用状态", run_set)
    p.add_argument("username", metavar="用户名")
    p.add_argument("--role", choices=ROLES, help=ROLE_HELP)
    p.add_argument(
        "--grids", type=list_arg, metavar="网格,网格", help="负责的网格（给空字符串清空）"
    )
    p.add_argument("--active", type=yes_no_arg, metavar="yes|no", help="启用（yes）或停用（no）")
    p.add_argument("--name", metavar="姓名", help="新显示名")


def _grid_ids(ctx: Context, names: list[str]) -> list[str]:
    return [gid for name in names if (gid := ctx.grid_id(name))]


def _grid_names(ctx: Context) -> dict[str, str]:
    ledger = ctx.ledger
    return {g.id: g.name for v in ledger.villages.list() for g in ledger.villages.grids(v.id)}


def _describe(o: OperatorInfo, grid_names: dict[str, str]) -> tuple[str, ...]:
    grids = "、".join(grid_names.get(g, "?") for g in o.grid_ids)
    return (
        o.username,
        o.display_name,
        ROLE_NAMES.get(o.role, o.role),
        grids,
        "启用" if o.active else "停用",
    )


def run_add(ctx: Context) -> None:
    a = ctx.args
    township_wide = ctx.ledger.mode == "township" and not a.village and not a.grids
    village_id = None if township_wide else ctx.village.id
    password = ask_new_password(a.password, "初始密码")
    o = ctx.ledger.operators.add(
        a.username,
        a.name,
        a.role,
        password,
        village_id=village_id,
        grid_ids=_grid_ids(ctx, a.grids),
    ).value
    ctx.emit(o, f"已添加操作员 {o.username}（{o.display_name}，{ROLE_NAMES[o.role]}）。")


def run_list(ctx: Context) -> None:
    ops = ctx.ledger.operators.list()
    names = _grid_names(ctx)
    ctx.emit(
        ops,
        lambda: output.table(
            ["用户名", "姓名", "角色", "负责网格", "状态"], [_describe(o, names) for o in ops]
        ),
    )


def run_passwd(ctx: Context) -> None:
    a = ctx.args
    own = a.username == ctx.ledger.actor.username
    old = (a.old_password or ask_password("原密码：")) if own else None
    new = ask_new_password(a.new_password)
    ctx.ledger.operators.set_password(a.username, new, old)
    ctx.emit({"username": a.username, "changed": True}, f"已修改操作员 {a.username} 的密码。")


def run_set(ctx: Context) -> None:
    a = ctx.args
    if a.role is None and a.grids is None and a.active is None and not a.name:
        raise CliError("没有要修改的内容：请给出 --role、--grids、--active 或 --name。")
    o = ctx.ledger.operators.update(
        a.username,
        role=a.role,
        active=a.active,
        display_name=a.name,
        grid_ids=_grid_ids(ctx, a.grids) if a.grids is not None else None,
    ).value
    ctx.emit(
        o,
        lambda: (
            "已修改操作员：\n"
            + output.table(
                ["用户名", "姓名", "角色", "负责网格", "状态"], [_describe(o, _grid_names(ctx))]
            )
        ),
    )
