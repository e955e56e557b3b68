"""``jifen veto`` (一票否决): put a veto on a household for a period, lift it early, list them.
During a veto the household still earns points and is ranked (marked), but may not redeem and
is left out of honours. Vetoes are named by the 8-character id ``veto list`` prints."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from . import output
from .argparse_zh import date_arg
from .context import Context, Subcommands, add_command, add_group, short_id

if TYPE_CHECKING:
    from jifen_desktop.model.calendar.vetoes import VetoInfo


def register(sub: Subcommands) -> None:
    veto = add_group(sub, "veto", "一票否决：登记、解除、查询")
    p = add_command(
        veto,
        "add",
        "对一户一票否决：期内照常记分，但不能兑换、不参加评先评优",
        run_add,
        epilog="例：jifen veto add --household 0103 --reason 违法建房 --from 2026-03-01 --to 2026-12-31",
    )
    p.add_argument("--household", required=True, metavar="户号", help="哪一户")
    p.add_argument("--reason", required=True, metavar="原因", help="查实的违法违规事实")
    p.add_argument(
        "--from", dest="start", required=True, type=date_arg, metavar="日期", help="否决开始日期"
    )
    p.add_argument(
        "--to", dest="end", required=True, type=date_arg, metavar="日期", help="否决结束日期（含）"
    )
    p.add_argument("--entry", metavar="编号", help="相关的扣分记录（entry list 显示的8位编号）")

    p = add_command(
        veto,
        "lift",
        "提前解除一票否决（从解除日期起不再生效）",
        run_lift,
        epilog="例：jifen veto lift 9d2f7a10 --date 2026-06-30 --reason 已整改到位",
    )
    p.add_argument("id", metavar="编号", help="否决编号（veto list 显示的8位）")
    p.add_argument("--date", required=True, type=date_arg, metavar="日期", help="解除日期")
    p.add_argument("--reason", required=True, metavar="理由", help="解除的理由")

    p = add_command(veto, "list", "一票否决列表（最近开始的在前）", run_list)
    p.add_argument("--household", metavar="户号", help="只看这一户")
    p.add_argument(
        "--in-force",
        nargs="?",
        const=dt.date.today(),
        type=date_arg,
        metavar="日期",
        help="只看在这一天（不写日期为今天）生效的",
    )


def _describe(v: VetoInfo) -> str:
    return (
        f"{short_id(v.id)}：{v.household_number} {v.household_name}，{v.period_text}，"
        f"原因：{v.reason}"
    )


def run_add(ctx: Context) -> None:
    a = ctx.args
    v = ctx.ledger.vetoes.add(
        ctx.household(a.household).id,
        a.reason,
        a.start,
        a.end,
        entry_id=ctx.entry_id(a.entry) if a.entry else None,
    ).value
    ctx.emit(v, f"已登记一票否决 {_describe(v)}。期内不能兑换，不参加评先评优。")


def run_lift(ctx: Context) -> None:
    a = ctx.args
    v = ctx.ledger.vetoes.lift(ctx.record_id(a.id, "veto"), a.date, a.reason).value
    ctx.emit(v, f"已解除一票否决 {_describe(v)}，理由：{v.lift_reason}。")


def run_list(ctx: Context) -> None:
    a = ctx.args
    household_id = ctx.household(a.household).id if a.household else None
    rows = ctx.ledger.vetoes.list(ctx.village.id, household_id, a.in_force)
    ctx.emit(
        rows,
        lambda: output.table_or(
            "没有一票否决。",
            ["编号", "户号", "户主/单位", "期限", "原因", "解除理由"],
            [
                (
                    short_id(v.id),
                    v.household_number,
                    v.household_name,
                    v.period_text,
                    v.reason,
                    v.lift_reason,
                )
                for v in rows
            ],
            max_width={4: 30, 5: 30},
            left=(0, 1),
        ),
    )
