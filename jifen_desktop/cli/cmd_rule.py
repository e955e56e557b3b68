"""``jifen rule`` (list, show, set, add, copy-template, category; add-optional, compare, adopt
and observations in ``cmd_rule_seed``): the village's rule catalog (积分细则), each item with its
source (出处: 篇, item and line of seed 001). Editing a rule never changes entries already
recorded: they keep the name and points they were recorded with."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jifen_desktop.model.choices import APPLIES_NAMES, CAP_NAMES, DIRECTION_NAMES

from . import cmd_rule_seed, output
from .argparse_zh import int_arg, yes_no_arg
from .context import Context, Subcommands, add_command, add_group, given_changes

if TYPE_CHECKING:
    from jifen_desktop.model.rules import RuleInfo

CAP_HELP = "each 每次都可记；month 每户当月限一次；year 每户当年限一次"
KIND_NAMES = {
    "normal": "",
    "base": "基础分（jifen base-points 发放）",
    "false_declaration": "弄虚作假",
    "veto": "一票否决",
}


def register(sub: Subcommands) -> None:
    rule = add_group(sub, "rule", "积分细则")
    p = add_command(
        rule, "list", "列出本村的积分细则", run_list, epilog="例：jifen rule list --search 志愿"
    )
    p.add_argument("--all", action="store_true", help="连停用的细则一起列出")
    p.add_argument("--search", default="", metavar="文字", help="按编号、名称或拼音查找")

    p = add_command(rule, "show", "显示一条细则", run_show)
    p.add_argument("code", metavar="编号", help="细则编号，例如 B05")

    p = add_command(
        rule,
        "set",
        "修改一条细则（已记录的积分不受影响）",
        run_set,
        epilog="例：jifen rule set A05 --points-min 10 --points-max 15\n"
        "    jifen rule set B11 --active no",
    )
    p.add_argument("code", metavar="编号", help="细则编号")
    p.add_argument("--name", metavar="名称", help="新名称")
    p.add_argument(
        "--points-min", type=int_arg, metavar="分", help="最低分（固定分值时与最高分相同）"
    )
    p.add_argument("--points-max", type=int_arg, metavar="分", help="最高分")
    p.add_argument("--cap", choices=tuple(CAP_NAMES), help=CAP_HELP)
    p.add_argument(
        "--applies-to",
        choices=tuple(APPLIES_NAMES),
        help="household 农户；unit 单位；all 农户和单位（只用于弄虚作假）",
    )
    p.add_argument("--evidence", type=yes_no_arg, metavar="yes|no", help="是否需要证明材料")
    p.add_argument("--counts-people", type=yes_no_arg, metavar="yes|no", help="是否按人数计分")
    p.add_argument("--active", type=yes_no_arg, metavar="yes|no", help="启用（yes）或停用（no）")
    p.add_argument("--category", metavar="类别", help="移到另一个类别，例如 G")

    p = add_command(
        rule,
        "add",
        "给本村新增一条细则",
        run_add,
        epilog="例：jifen rule add --category B --code B20 --name 参加广场舞比赛 "
        "--direction add --points-min 5 --points-max 5",
    )
    p.add_argument("--category", required=True, metavar="类别", help="类别编号，例如 A、B")
    p.add_argument("--code", required=True, metavar="编号", help="新细则编号，例如 B20")
    p.add_argument("--name", required=True, metavar="名称", help="细则名称")
    p.add_argument(
        "--direction", required=True, choices=tuple(DIRECTION_NAMES), help="add 加分；deduct 扣分"
    )
    p.add_argument("--points-min", required=True, type=int_arg, metavar="分", help="最低分（正数）")
    p.add_argument(
        "--points-max", type=int_arg, metavar="分", help="最高分（默认同最低分，即固定分值）"
    )
    p.add_argument("--cap", choices=tuple(CAP_NAMES), default="each", help=CAP_HELP)
    p.add_argument(
        "--applies-to",
        choices=tuple(APPLIES_NAMES),
        default="household",
        help="household 农户（默认）；unit 单位",
    )
    p.add_argument("--evidence", action="store_true", help="需要证明材料")
    p.add_argument("--counts-people", action="store_true", help="按人数计分")

    add_command(
        rule,
        "copy-template",
        "从乡镇模板补齐本村缺少的细则（本村已有的细则不动）",
        run_copy_template,
    )
    cmd_rule_seed.register(rule)
    category = add_group(rule, "category", "细则类别")
    add_command(category, "list", "列出细则类别和各类细则数", run_category_list)
    p = add_command(
        category,
        "add",
        "新增细则类别",
        run_category_add,
        epilog="例：jifen rule category add G 村规民约",
    )
    p.add_argument("code", metavar="代码", help="类别代码，字母开头，例如 G")
    p.add_argument("name", metavar="名称", help="类别名称")
    p = add_command(category, "rename", "给细则类别改名", run_category_rename)
    p.add_argument("code", metavar="代码", help="类别代码")
    p.add_argument("name", metavar="名称", help="新名称")


def _flags(r: RuleInfo) -> str:
    parts = [KIND_NAMES.get(r.kind, r.kind)]
    if r.evidence_required:
        parts.append("需证明")
    if not r.active:
        parts.append("已停用")
    return "，".join(p for p in parts if p)


def rule_pairs(r: RuleInfo) -> list[tuple[str, output.Cell]]:
    return [
        ("编号", r.code),
        ("名称", r.name),
        ("类别", f"{r.category_code} {r.category_name}"),
        ("分值", r.points_text()),
        ("限次", CAP_NAMES.get(r.period_cap, r.period_cap)),
        ("适用于", APPLIES_NAMES.get(r.applies_to, r.applies_to)),
        ("需要证明材料", "是" if r.evidence_required else "否"),
        ("按人数计分", "是" if r.counts_people else "否"),
        ("类型", KIND_NAMES.get(r.kind, r.kind) or "普通"),
        ("状态", "启用" if r.active else "停用"),
        ("出处", r.source or "本村自订"),
    ]


def run_list(ctx: Context) -> None:
    rules = ctx.ledger.rules.list(
        ctx.village.id, include_inactive=ctx.args.all, query=ctx.args.search
    )
    ctx.emit(
        rules,
        lambda: (
            output.table(
                ["编号", "类别", "名称", "分值", "限次", "适用", "备注", "出处"],
                [
                    (
                        r.code,
                        r.category_name,
                        r.name,
                        r.points_text(),
                        CAP_NAMES.get(r.period_cap, r.period_cap),
                        APPLIES_NAMES.get(r.applies_to, r.applies_to),
                        _flags(r),
                        r.source or "本村自订",
                    )
                    for r in rules
                ],
                max_width={2: 36, 7: 40},
            )
            if rules
            else "没有找到细则。"
        ),
    )


def run_show(ctx: Context) -> None:
    r = ctx.ledger.rules.get(ctx.village.id, ctx.args.code)
    ctx.emit(r, lambda: output.key_values(rule_pairs(r)))


def run_set(ctx: Context) -> None:
    a = ctx.args
    options: dict[str, Any] = {
        "name": a.name,
        "points_min": a.points_min,
        "points_max": a.points_max,
        "period_cap": a.cap,
        "applies_to": a.applies_to,
        "evidence_required": a.evidence,
        "counts_people": a.counts_people,
        "active": a.active,
        "category_code": a.category,
    }
    changes = given_changes(
        options,
        "--name、--points-min、--points-max、--cap、--applies-to、--evidence、"
        "--counts-people、--active、--category",
    )
    r = ctx.ledger.rules.update(ctx.village.id, a.code, **changes).value
    ctx.emit(r, lambda: "已修改细则：\n" + output.key_values(rule_pairs(r)))


def run_add(ctx: Context) -> None:
    a = ctx.args
    r = ctx.ledger.rules.add(
        ctx.village.id,
        a.category,
        a.code,
        a.name,
        a.direction,
        a.points_min,
        a.points_max if a.points_max is not None else a.points_min,
        period_cap=a.cap,
        applies_to=a.applies_to,
        evidence_required=a.evidence,
        counts_people=a.counts_people,
    ).value
    ctx.emit(r, lambda: "已新增细则：\n" + output.key_values(rule_pairs(r)))


def run_copy_template(ctx: Context) -> None:
    count = ctx.ledger.rules.copy_template(ctx.village.id).value
    ctx.emit(
        {"copied": count},
        f"已从模板补齐 {count} 条细则。" if count else "本村细则已包含模板的全部条目，没有要补的。",
    )


def run_category_list(ctx: Context) -> None:
    categories = ctx.ledger.rules.categories(ctx.village.id)
    ctx.emit(
        categories,
        lambda: (
            output.table(
                ["代码", "类别", "细则数"], [(c.code, c.name, c.item_count) for c in categories]
            )
            if categories
            else "本村还没有细则类别，可用 jifen rule copy-template 从模板复制。"
        ),
    )


def run_category_add(ctx: Context) -> None:
    c = ctx.ledger.rules.add_category(ctx.village.id, ctx.args.code, ctx.args.name).value
    ctx.emit(c, f"已新增细则类别 {c.code} {c.name}。")


def run_category_rename(ctx: Context) -> None:
    c = ctx.ledger.rules.rename_category(ctx.village.id, ctx.args.code, ctx.args.name).value
    ctx.emit(c, f"细则类别 {c.code} 已改名为“{c.name}”。")
