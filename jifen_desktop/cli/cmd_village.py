"""``jifen village`` (list, show, set, person-grades) and ``jifen grid`` (add, list): the
village's settings, its person grades (个人等次) and its 网格."""

from __future__ import annotations

import argparse
import re
from collections import Counter
from typing import TYPE_CHECKING

from jifen_desktop.model.choices import POLICY_NAMES
from jifen_desktop.model.errors import ValidationError

from . import output
from .argparse_zh import int_arg, yes_no_arg
from .context import Context, Subcommands, add_command, add_group, given_changes
from .grade_args import grade_text, parse_grade

if TYPE_CHECKING:
    from jifen_desktop.model.villages import VillageInfo


def add_village_arguments(p: argparse.ArgumentParser) -> None:
    """--code, --name and --township: what ``init`` and ``village add`` both ask for."""
    p.add_argument("--code", required=True, metavar="村代码", help="12位统计用区划代码")
    p.add_argument("--name", required=True, metavar="村名", help="村或社区的名称")
    p.add_argument("--township", default="", metavar="乡镇", help="所属乡镇的名称")


def register(sub: Subcommands) -> None:
    village = add_group(
        sub, "village", "村的信息和设置（基础分、可用积分政策、公示隐去姓名、个人等次）"
    )
    add_command(village, "list", "列出台账里的村", run_list)
    p = add_command(
        village,
        "add",
        "在台账里再建一个村（乡镇办汇总多个村时用）",
        run_add,
        epilog="例：jifen village add --code 420881100002 --name 李庄村 --township 张集镇",
    )
    add_village_arguments(p)
    add_command(village, "show", "显示本村的信息和设置", run_show)
    p = add_command(
        village,
        "set",
        "修改本村设置",
        run_set,
        epilog="例：jifen village set --base-points 100 --policy year_end --mask-names yes",
    )
    p.add_argument("--base-points", type=int_arg, metavar="分", help="每户每年的基础分（0-1000）")
    p.add_argument(
        "--policy",
        choices=tuple(POLICY_NAMES),
        help="可用积分政策：carry_over 跨年结转；year_end 年底清零",
    )
    p.add_argument(
        "--mask-names", type=yes_no_arg, metavar="yes|no", help="公示时是否隐去户主姓名的一部分"
    )
    p.add_argument("--name", metavar="村名", help="改村名")
    p.add_argument("--township", metavar="乡镇", help="改所属乡镇名称")

    p = add_command(
        village,
        "person-grades",
        "显示或设定本村的个人等次（个人排名按它评定；户仍按评星定级）",
        run_person_grades,
        epilog='例：jifen village person-grades "优秀:60,合格:30,基本合格:10,不合格:0"',
    )
    p.add_argument(
        "grades",
        nargs="*",
        metavar="名称:分数线",
        help="从高到低的等次，用逗号或空格隔开；最后一个可以只写名称；不给就显示现在的",
    )

    grid = add_group(sub, "grid", "网格（村民小组、自然村）")
    p = add_command(grid, "add", "新建网格", run_grid_add, epilog="例：jifen grid add 一组")
    p.add_argument("name", metavar="名称", help="网格名称，例如“一组”")
    p.add_argument("--note", default="", metavar="备注", help="备注")
    add_command(grid, "list", "列出本村的网格、在册户数和网格员", run_grid_list)
    p = add_command(
        grid,
        "set",
        "给网格改名或改备注",
        run_grid_set,
        epilog="例：jifen grid set 一组 --name 东湾组",
    )
    p.add_argument("grid", metavar="网格", help="现在的网格名称")
    p.add_argument("--name", metavar="名称", help="新名称")
    p.add_argument("--note", metavar="备注", help="新备注")
    p = add_command(grid, "remove", "撤销一个没有在册户的网格", run_grid_remove)
    p.add_argument("grid", metavar="网格", help="网格名称")
    p = add_command(
        grid,
        "recorders",
        "安排网格员：只给网格名时列出，给了用户名就让正好这些记录员负责这个网格",
        run_grid_recorders,
        epilog="例：jifen grid recorders 一组 wgy1 wgy5",
    )
    p.add_argument("grid", metavar="网格", help="网格名称")
    p.add_argument("usernames", nargs="*", metavar="用户名", help="记录员的用户名")
    p.add_argument("--none", action="store_true", help="这个网格不再安排任何网格员")


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _village_pairs(v: VillageInfo) -> list[tuple[str, output.Cell]]:
    return [
        ("村名", v.name),
        ("村代码", v.code),
        ("所属乡镇", v.township_name or "（未填）"),
        ("基础分", f"每户每年 {v.base_points} 分"),
        ("可用积分", POLICY_NAMES.get(v.available_policy, v.available_policy)),
        ("公示隐去姓名", _yes(v.mask_names)),
    ]


def run_list(ctx: Context) -> None:
    villages = ctx.ledger.villages.list()
    ctx.emit(
        villages,
        lambda: (
            output.table(
                ["村代码", "村名", "乡镇", "基础分"],
                [(v.code, v.name, v.township_name, v.base_points) for v in villages],
            )
            if villages
            else "台账里还没有村。"
        ),
    )


def run_add(ctx: Context) -> None:
    a = ctx.args
    v = ctx.ledger.villages.create(a.code, a.name, a.township).value
    ctx.emit(
        v, f"已新建村：{v.name}（{v.code}），积分细则已从模板复制。用 --village {v.code} 指明它。"
    )


def run_show(ctx: Context) -> None:
    ledger, village = ctx.ledger, ctx.village
    grids = ledger.villages.grids(village.id)
    active = Counter(h.kind for h in ledger.households.list(village.id, status="active"))
    rules = len(ledger.rules.list(village.id))
    data = {
        "village": village,
        "grids": grids,
        "active_households": active["household"],
        "active_units": active["unit"],
        "rules": rules,
    }
    pairs = _village_pairs(village) + [
        ("网格", "、".join(g.name for g in grids) or "（还没有网格）"),
        ("在册农户", active["household"]),
        ("在册单位", active["unit"]),
        ("启用的细则", f"{rules} 项"),
    ]
    ctx.emit(data, lambda: output.key_values(pairs))


def run_set(ctx: Context) -> None:
    args = ctx.args
    options = {
        "name": args.name,
        "township_name": args.township,
        "base_points": args.base_points,
        "available_policy": args.policy,
        "mask_names": args.mask_names,
    }
    changes = given_changes(options, "--base-points、--policy、--mask-names、--name、--township")
    village = ctx.ledger.villages.update_settings(ctx.village.id, **changes).value
    ctx.emit(village, lambda: "已修改村设置：\n" + output.key_values(_village_pairs(village)))


def run_person_grades(ctx: Context) -> None:
    """Show the person grades, or set them from ``优秀:60,合格:30,...``."""
    texts = [t for arg in ctx.args.grades for t in re.split(r"[,，]", arg) if t.strip()]
    try:
        given = [parse_grade(t) for t in texts]
    except argparse.ArgumentTypeError as error:
        raise ValidationError(str(error), field="grades") from error
    honours = ctx.ledger.honours
    if not given:
        grades = honours.person_grades(ctx.village.id)
        text = "、".join(grade_text(g) for g in grades) or "本村还没有设定个人等次"
        ctx.emit(grades, f"个人等次：{text}")
        return
    grades = honours.set_person_grades(ctx.village.id, given).value
    ctx.emit(grades, f"已设定个人等次：{'、'.join(grade_text(g) for g in grades)}。")


def run_grid_add(ctx: Context) -> None:
    grid = ctx.ledger.villages.add_grid(ctx.village.id, ctx.args.name, ctx.args.note).value
    ctx.emit(grid, f"已新建网格“{grid.name}”。")


def _recorders(ctx: Context) -> dict[str, list[str]]:
    """Grid id → the names of the active operators who record in it (one query)."""
    names: dict[str, list[str]] = {}
    for o in ctx.ledger.operators.list():
        if o.active:
            for grid_id in o.grid_ids:
                names.setdefault(grid_id, []).append(o.display_name)
    return names


def run_grid_list(ctx: Context) -> None:
    grids = ctx.ledger.villages.grids(ctx.village.id)
    recorders = _recorders(ctx)
    ctx.emit(
        grids,
        lambda: (
            output.table(
                ["网格", "在册户数", "网格员", "备注"],
                [
                    (g.name, g.household_count, "、".join(recorders.get(g.id, [])), g.note)
                    for g in grids
                ],
            )
            if grids
            else "本村还没有网格，用 jifen grid add 一组 添加。"
        ),
    )


def run_grid_set(ctx: Context) -> None:
    grid = ctx.ledger.villages.grid_by_name(ctx.village.id, ctx.args.grid)
    changes = given_changes({"name": ctx.args.name, "note": ctx.args.note}, "--name、--note")
    grid = ctx.ledger.villages.update_grid(grid.id, **changes).value
    ctx.emit(grid, f"已修改网格“{grid.name}”。")


def run_grid_remove(ctx: Context) -> None:
    grid = ctx.ledger.villages.grid_by_name(ctx.village.id, ctx.args.grid)
    ctx.ledger.villages.remove_grid(grid.id)
    ctx.emit({"removed": grid.name}, f"已撤销网格“{grid.name}”。")


def run_grid_recorders(ctx: Context) -> None:
    grid = ctx.ledger.villages.grid_by_name(ctx.village.id, ctx.args.grid)
    if ctx.args.usernames or ctx.args.none:
        ctx.ledger.operators.set_grid_recorders(grid.id, ctx.args.usernames)
    names = _recorders(ctx).get(grid.id, [])
    ctx.emit(
        {"grid": grid.name, "recorders": names},
        f"网格“{grid.name}”的网格员：{'、'.join(names) or '（未安排）'}",
    )
