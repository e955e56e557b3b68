"""``jifen store``: the 积分超市. This module registers the commands and runs the goods and stock
ones (goods add/edit/list, stock in/out/stocktake/list); redemptions, returns, figures and the
year-end expiry are in ``cmd_store_redeem``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import cmd_store_redeem, output
from .argparse_zh import date_arg, int_arg, positive_arg, yes_no_arg
from .cmd_store_redeem import parse_pairs
from .context import Context, Subcommands, add_command, add_group, given_changes

if TYPE_CHECKING:
    from jifen_desktop.model.store import GoodsInfo


def register(sub: Subcommands) -> None:
    store = add_group(sub, "store", "积分超市：商品、出入库、兑换、撤销兑换、统计")
    _register_goods(add_group(store, "goods", "商品和服务"))
    _register_stock(add_group(store, "stock", "库存：入库、报损出库、盘点、流水"))
    cmd_store_redeem.register(store)


def _register_goods(goods: Subcommands) -> None:
    p = add_command(
        goods,
        "add",
        "新增商品或服务",
        run_goods_add,
        epilog="例：jifen store goods add 肥皂 --price 10 --unit 块 --category 日用品 --low-stock 5\n"
        "    jifen store goods add 理发 --price 15 --unit 次 --service",
    )
    p.add_argument("name", metavar="名称", help="商品名称（本村唯一）")
    p.add_argument("--price", required=True, type=positive_arg, metavar="分", help="兑换所需积分")
    p.add_argument("--unit", default="个", metavar="单位", help="个、袋、瓶、次……（默认 个）")
    p.add_argument("--category", default="", metavar="类别", help="商品类别，例如 日用品")
    p.add_argument("--service", action="store_true", help="是服务（没有库存），例如理发、家电维修")
    p.add_argument(
        "--low-stock", type=int_arg, default=0, metavar="数量", help="库存不多于此数时提醒"
    )
    p.add_argument("--photo", type=Path, metavar="文件", help="商品照片")
    p.add_argument("--note", default="", metavar="备注", help="备注")

    p = add_command(
        goods,
        "edit",
        "修改商品（已兑换的单据不受影响）",
        run_goods_edit,
        epilog="例：jifen store goods edit 肥皂 --price 12\n    jifen store goods edit 肥皂 --active no",
    )
    p.add_argument("goods", metavar="名称", help="现在的商品名称")
    p.add_argument("--name", metavar="名称", help="新名称")
    p.add_argument("--price", type=positive_arg, metavar="分", help="新的兑换积分")
    p.add_argument("--unit", metavar="单位", help="单位")
    p.add_argument("--category", metavar="类别", help="类别")
    p.add_argument(
        "--active", type=yes_no_arg, metavar="yes|no", help="可兑换（yes）或停止兑换（no）"
    )
    p.add_argument("--low-stock", type=int_arg, metavar="数量", help="库存预警数")
    p.add_argument("--photo", type=Path, metavar="文件", help="新照片")
    p.add_argument("--note", metavar="备注", help="备注")

    p = add_command(goods, "list", "列出商品和服务及现有库存", run_goods_list)
    p.add_argument("--all", action="store_true", help="连停止兑换的一起列出")


def _register_stock(stock: Subcommands) -> None:
    p = add_command(
        stock,
        "in",
        "入库：采购（写进价）、捐赠（写捐赠人）或赞助（写赞助方）",
        run_stock_in,
        epilog="例：jifen store stock in 肥皂 20 --cost 2.50\n"
        "    jifen store stock in 毛巾 10 --donor 张记超市\n"
        "    jifen store stock in 电饭煲 2 --sponsor 乡贤王某 --cost 120",
    )
    p.add_argument("goods", metavar="名称", help="商品名称")
    p.add_argument("quantity", type=positive_arg, metavar="数量", help="入库数量")
    p.add_argument("--cost", metavar="元", help="每件进价（元），采购必填")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--donor", metavar="捐赠人", help="捐赠入库：谁捐的")
    who.add_argument("--sponsor", metavar="赞助方", help="用赞助资金购买：谁赞助的")
    p.add_argument("--date", type=date_arg, metavar="日期", help="入库日期（默认今天）")
    p.add_argument("--note", default="", metavar="备注", help="备注，例如发票号")

    p = add_command(
        stock,
        "out",
        "报损出库（须写原因）；兑换出库由 jifen store redeem 自动记",
        run_stock_out,
        epilog="例：jifen store stock out 肥皂 2 --reason 受潮变质",
    )
    p.add_argument("goods", metavar="名称", help="商品名称")
    p.add_argument("quantity", type=positive_arg, metavar="数量", help="出库数量")
    p.add_argument("--reason", required=True, metavar="原因", help="报损原因")
    p.add_argument("--date", type=date_arg, metavar="日期", help="日期（默认今天）")

    p = add_command(
        stock,
        "stocktake",
        "盘点：写实点数量，差异自动记入库存流水",
        run_stocktake,
        epilog="例：jifen store stock stocktake 肥皂:18 毛巾:9 --note 三季度盘点",
    )
    p.add_argument("counts", nargs="+", metavar="名称:数量", help="每种商品的实点数量")
    p.add_argument("--date", type=date_arg, metavar="日期", help="盘点日期（默认今天）")
    p.add_argument("--note", default="", metavar="备注", help="备注")

    p = add_command(stock, "list", "库存流水（最新的在前）", run_stock_list)
    p.add_argument("--goods", metavar="名称", help="只看这种商品")
    p.add_argument("--limit", type=positive_arg, default=50, metavar="条数", help="最多列出几条")


def goods_row(g: GoodsInfo) -> tuple[output.Cell, ...]:
    stock = "服务" if g.stock is None else g.stock
    flags = "，".join(
        x for x in ("停止兑换" if not g.active else "", "库存不足" if g.is_low else "") if x
    )
    return (g.name, g.category, f"{g.price}分/{g.unit}", stock, g.low_stock or "", flags)


def run_goods_add(ctx: Context) -> None:
    a = ctx.args
    g = ctx.ledger.store.add_goods(
        ctx.village.id,
        a.name,
        a.price,
        unit=a.unit,
        category=a.category,
        is_service=a.service,
        low_stock=a.low_stock,
        note=a.note,
        photo=a.photo,
    ).value
    ctx.emit(g, f"已新增{'服务' if g.is_service else '商品'}：{g.name}，{g.price}分/{g.unit}。")


def run_goods_edit(ctx: Context) -> None:
    a = ctx.args
    options: dict[str, Any] = {
        "name": a.name,
        "price": a.price,
        "unit": a.unit,
        "category": a.category,
        "active": a.active,
        "low_stock": a.low_stock,
        "photo": a.photo,
        "note": a.note,
    }
    changes = given_changes(
        options, "--name、--price、--unit、--category、--active、--low-stock、--photo、--note"
    )
    g = ctx.ledger.store.update_goods(ctx.village.id, a.goods, **changes).value
    ctx.emit(g, f"已修改商品：{g.name}，{g.price}分/{g.unit}（已兑换的单据不变）。")


def run_goods_list(ctx: Context) -> None:
    goods = ctx.ledger.store.goods(ctx.village.id, include_inactive=ctx.args.all)
    ctx.emit(
        goods,
        lambda: (
            output.table(
                ["名称", "类别", "兑换积分", "库存", "预警数", "备注"],
                [goods_row(g) for g in goods],
            )
            if goods
            else "积分超市还没有商品，可用 jifen store goods add 添加。"
        ),
    )


def run_stock_in(ctx: Context) -> None:
    from jifen_desktop.model.store import yuan_to_fen

    a = ctx.args
    kind = "donation" if a.donor else "sponsor" if a.sponsor else "purchase"
    m = ctx.ledger.store.stock_in(
        ctx.village.id,
        a.goods,
        a.quantity,
        kind,
        unit_cost_fen=yuan_to_fen(a.cost) if a.cost is not None else None,
        party=a.donor or a.sponsor or "",
        on=a.date,
        note=a.note,
    ).value
    stock = ctx.ledger.store.goods_by_name(ctx.village.id, m.goods_id).stock
    ctx.emit(m, f"{m.kind_name}：{m.goods_name} {m.quantity}，现有库存 {stock}。")


def run_stock_out(ctx: Context) -> None:
    a = ctx.args
    m = ctx.ledger.store.write_off(ctx.village.id, a.goods, a.quantity, a.reason, on=a.date).value
    stock = ctx.ledger.store.goods_by_name(ctx.village.id, m.goods_id).stock
    ctx.emit(m, f"报损出库：{m.goods_name} {-m.quantity}，现有库存 {stock}。")


def run_stocktake(ctx: Context) -> None:
    a = ctx.args
    counts = dict(parse_pairs(a.counts, "实点数量"))
    take = ctx.ledger.store.stocktake(ctx.village.id, counts, on=a.date, note=a.note).value
    ctx.emit(
        take,
        lambda: (
            f"已盘点（{take.taken_on}），差异已记入库存流水：\n"
            + output.table(
                ["商品", "账面", "实点", "差异"],
                [
                    (x.goods_name, x.expected, x.counted, output.signed(x.difference))
                    for x in take.lines
                ],
            )
        ),
    )


def run_stock_list(ctx: Context) -> None:
    from jifen_desktop.model.store import MOVEMENT_NAMES, fen_text

    a = ctx.args
    rows = ctx.ledger.store.movements(ctx.village.id, goods=a.goods, limit=a.limit)
    ctx.emit(
        rows,
        lambda: (
            output.table(
                ["日期", "商品", "类型", "数量", "进价(元)", "来源/原因"],
                [
                    (
                        m.occurred_on.isoformat(),
                        m.goods_name,
                        MOVEMENT_NAMES.get(m.kind, m.kind),
                        output.signed(m.quantity),
                        fen_text(m.unit_cost_fen) if m.unit_cost_fen is not None else "",
                        m.party or m.reason,
                    )
                    for m in rows
                ],
                max_width={5: 30},
            )
            if rows
            else "还没有库存流水。"
        ),
    )
