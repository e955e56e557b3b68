"""``jifen rule add-optional | compare | adopt | observations``: the rule catalog against seed 001
篇7's (与方案原文对照), the optional set 常用扣分项（非方案原文）, and whether recorders' own
observations may go without a photo. The same services as 设置 › 积分细则."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import output
from .argparse_zh import yes_no_arg
from .context import Context, add_command

if TYPE_CHECKING:
    import argparse

    from jifen_desktop.model.rule_compare import Comparison


def register(rule: argparse._SubParsersAction[Any]) -> None:
    add_command(
        rule,
        "add-optional",
        "加入常用扣分项（非方案原文）：方案原文没有的扣分细则，村里讨论决定后再加",
        run_add_optional,
    )
    add_command(rule, "compare", "与方案原文对照：本村细则和种子001篇7原文的不同", run_compare)
    p = add_command(
        rule,
        "adopt",
        "一条细则改用方案原文的分值、上限和证明要求（已记录的积分不受影响）",
        run_adopt,
        epilog="例：jifen rule adopt D13",
    )
    p.add_argument("code", metavar="编号", help="细则编号，见 jifen rule compare")
    p = add_command(
        rule,
        "observations",
        "网格员记录和抽检可否不附照片（农户申报仍须附证明材料）",
        run_observations,
        epilog="例：jifen rule observations yes",
    )
    p.add_argument(
        "allowed", nargs="?", type=yes_no_arg, metavar="yes|no", help="不写则显示现在的设置"
    )


def run_add_optional(ctx: Context) -> None:
    count = ctx.ledger.rules.add_optional(ctx.village.id).value
    ctx.emit(
        {"copied": count},
        f"已加入常用扣分项（非方案原文）{count} 条，在类别 X 里。"
        if count
        else "本村已有全部常用扣分项，没有要加的。",
    )


def comparison_rows(comparison: Comparison) -> list[tuple[str, ...]]:
    return [
        (row.status_name, row.code, row.name, row.summary(), row.source) for row in comparison.rows
    ]


def run_compare(ctx: Context) -> None:
    comparison = ctx.ledger.rules.compare_with_seed(ctx.village.id)
    data = {
        "same": comparison.same,
        "rows": [
            {"status": r.status, "code": r.code, "name": r.name, "source": r.source,
             "village": {f.label: f.village for f in r.fields},
             "seed": {f.label: f.seed for f in r.fields}}
            for r in comparison.rows
        ],
    }  # fmt: skip
    head = f"与方案原文一致 {comparison.same} 条，不同或缺少 {len(comparison.rows)} 条。"

    def text() -> str:
        if not comparison.rows:
            return head
        table = output.table(
            ["对照", "编号", "名称", "不同之处（本村 → 原文）", "出处"],
            comparison_rows(comparison),
            max_width={2: 30, 3: 30, 4: 30},
        )
        return f"{head}\n{table}\n改用原文的值：jifen rule adopt 编号；补上本村没有的：jifen rule copy-template"

    ctx.emit(data, text)


def run_adopt(ctx: Context) -> None:
    r = ctx.ledger.rules.adopt_seed(ctx.village.id, ctx.args.code).value
    ctx.emit(r, f"细则 {r.code} 已改用方案原文的值：{r.points_text()}。")


def run_observations(ctx: Context) -> None:
    rules, village_id, allowed = ctx.ledger.rules, ctx.village.id, ctx.args.allowed
    if allowed is not None:
        rules.set_observations_without_evidence(village_id, allowed)
    now = rules.observations_without_evidence(village_id)
    ctx.emit(
        {"observations_without_evidence": now},
        "网格员记录和抽检可以不附照片；农户申报仍须附证明材料。"
        if now
        else "每条需要证明的记录都须附照片或材料（方案原文：口头反映一律无效）。",
    )
