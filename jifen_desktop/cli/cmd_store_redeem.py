"""``jifen store redeem|return|list|stats|expire``: redemptions (兑换) with their receipt numbers,
returns (撤销兑换), the list of receipts, the store's figures and the year-end expiry of
available points (年底清零)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jifen_desktop.model import periods

from . import output
from .argparse_zh import date_arg, positive_arg, year_arg
from .cmd_entry import _member as member_of
from .context import CliError, Context, Subcommands, add_command

if TYPE_CHECKING:
    from jifen_desktop.model.store import RedemptionInfo


def register(store: Subcommands) -> None:
    p = add_command(
        store,
        "redeem",
        "积分兑换：给一户兑换商品，扣可用积分和库存，生成兑换单号",
        run_redeem,
        epilog="例：jifen store redeem --household 0101 --item 肥皂:2 --item 洗衣粉:1",
    )
    p.add_argument("--household", required=True, metavar="户号", help="哪一户")
    p.add_argument(
        "--item", required=True, action="append", metavar="名称:数量", help="商品和数量，可写多次"
    )
    p.add_argument("--member", metavar="姓名或编号", help="来兑换的成员")
    p.add_argument("--date", type=date_arg, metavar="日期", help="兑换日期（默认今天）")
    p.add_argument("--note", default="", metavar="备注", help="备注")

    p = add_command(
        store,
        "return",
        "撤销兑换（退货）：整单退回积分和商品，每单只能撤销一次",
        run_return,
        epilog="例：jifen store return DH2026-0001 --reason 商品有破损",
    )
    p.add_argument("receipt", metavar="兑换单号", help="例如 DH2026-0001")
    p.add_argument("--reason", required=True, metavar="原因", help="撤销原因")

    p = add_command(store, "list", "兑换单列表（最新的在前）", run_list)
    p.add_argument("--household", metavar="户号", help="只看这一户")
    p.add_argument("--period", metavar="期间", help="2026Q3、2026、2026-08 或 all")
    p.add_argument("--limit", type=positive_arg, default=50, metavar="条数", help="最多列出几条")

    p = add_command(
        store,
        "stats",
        "积分超市统计：兑换参与率、消耗积分、库存价值、库存不足的商品",
        run_stats,
        epilog="例：jifen store stats --period 2026Q3",
    )
    p.add_argument("--period", required=True, metavar="期间", help="2026Q3、2026、2026-08 或 all")

    p = add_command(
        store,
        "expire",
        "年底清零：把已结束年度的可用积分清零并逐户记下（只对实行年底清零的村；重复执行不会再清）",
        run_expire,
        epilog="例：jifen store expire --year 2025",
    )
    p.add_argument("--year", required=True, type=year_arg, metavar="年份", help="已结束的年度")


def parse_pairs(texts: list[str], what: str) -> list[tuple[str, int]]:
    """``肥皂:2`` (or 肥皂：2, 肥皂=2, 肥皂*2) as (name, quantity)."""
    pairs = []
    for text in texts:
        m = re.fullmatch(r"\s*(.+?)\s*[:：=*×]\s*(\d+)\s*", text)
        if not m:
            raise CliError(f"“{text}”看不懂：{what}请写成 名称:数量，例如 肥皂:2。")
        pairs.append((m[1], int(m[2])))
    return pairs


def _items(r: RedemptionInfo) -> str:
    return "、".join(f"{x.goods_name}×{x.quantity}" for x in r.lines)


def run_redeem(ctx: Context) -> None:
    a = ctx.args
    h = ctx.household(a.household)
    r = ctx.ledger.store.redeem(
        ctx.village.id,
        h.id,
        parse_pairs(a.item, "兑换的商品"),
        member_id=member_of(ctx, h, a.member),
        on=a.date,
        note=a.note,
    ).value
    left = ctx.ledger.balances.of(h.id, r.occurred_on.year).available
    ctx.emit(
        {"redemption": r, "available_after": left},
        f"已兑换，单号 {r.receipt_no}：户 {r.household_number} {r.head_name} 用{r.points}分"
        f"兑换{_items(r)}；剩余可用积分 {left}。",
    )


def run_return(ctx: Context) -> None:
    a = ctx.args
    r = ctx.ledger.store.return_redemption(ctx.village.id, a.receipt, a.reason).value
    ctx.emit(r, f"已撤销兑换单 {r.receipt_no}：退回{r.points}分，{_items(r)}已回库。")


def run_list(ctx: Context) -> None:
    a = ctx.args
    period = periods.parse(a.period) if a.period else None
    rows = ctx.ledger.store.redemptions(
        ctx.village.id,
        household_id=ctx.household(a.household).id if a.household else None,
        start=period.start if period else None,
        end=period.end if period else None,
        limit=a.limit,
    )
    ctx.emit(
        rows,
        lambda: (
            output.table(
                ["单号", "日期", "户号", "户主", "积分", "商品", "经办", "状态"],
                [
                    (
                        r.receipt_no,
                        r.occurred_on.isoformat(),
                        r.household_number,
                        r.head_name,
                        r.points,
                        _items(r),
                        r.operator_name,
                        f"已撤销：{r.return_reason}" if r.returned else "",
                    )
                    for r in rows
                ],
                max_width={5: 30, 7: 20},
            )
            if rows
            else "没有兑换记录。"
        ),
    )


def run_stats(ctx: Context) -> None:
    from jifen_desktop.model.store import fen_text

    period = periods.parse(ctx.args.period)
    f = ctx.ledger.store.figures(ctx.village.id, period)

    def render() -> str:
        rows = [
            (p.grid_name, p.active_households, p.participating, f"{p.rate:.1%}")
            for p in f.participation
        ]
        value = f"{fen_text(f.stock_value.total_fen)} 元（按各商品最近一次进价计）"
        if f.stock_value.uncosted:
            value += f"；无进价未计：{'、'.join(f.stock_value.uncosted)}"
        lines = [
            f"{period.label}积分超市统计",
            output.table(["网格", "在册户", "兑换户", "兑换参与率"], rows),
            "",
            output.key_values(
                [
                    ("兑换单数", f.redemptions),
                    ("撤销单数", f.returned),
                    ("消耗积分", f.points_spent),
                    ("库存价值", value),
                    ("库存不足", "、".join(f"{g.name}({g.stock})" for g in f.low_stock) or "无"),
                ]
            ),
        ]
        return "\n".join(lines)

    ctx.emit(f, render)


def run_expire(ctx: Context) -> None:
    result = ctx.ledger.store.expire_year(ctx.village.id, ctx.args.year).value
    if result.already_done:
        text = (
            f"{result.year}年的可用积分已于 {result.done_at:%Y-%m-%d %H:%M} 清零过"
            f"（{len(result.rows)}户共{result.points}分），这次没有再清。"
        )
    else:
        text = f"已将{result.year}年的可用积分清零：{len(result.rows)}户共{result.points}分。"
    ctx.emit(result, text)
