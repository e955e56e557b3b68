"""``jifen report check-sheet``: a grid's paper check sheet (纸质检查表, PDF) for the items
chosen; written where ``--out`` says, else as 村网格检查表.pdf in the current folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .argparse_zh import date_arg
from .context import Context, Subcommands, add_command

if TYPE_CHECKING:
    from jifen_desktop.reports.common import Progress as ProgressFn
    from jifen_desktop.reports.common import Written


def register_check_sheet(report: Subcommands) -> None:
    p = add_command(
        report,
        "check-sheet",
        "纸质检查表（PDF）：一个网格的户，每条细则一栏打勾，网格员或抽检人签名（A4）",
        run_check_sheet,
        epilog="例：jifen report check-sheet --grid 一组 --items E08,E05,E07 --out 一组检查表.pdf\n"
        "    jifen report check-sheet --grid 二组 --items E01,E02,E03 --date 2026-12-05",
    )
    p.add_argument("--grid", required=True, metavar="网格", help="哪个网格")
    p.add_argument(
        "--items",
        required=True,
        metavar="细则",
        help="各栏的细则编号，用逗号隔开（固定分值的细则，最多 10 条；超过 6 条用横版）",
    )
    p.add_argument("--date", type=date_arg, metavar="日期", help="印上检查日期（默认留空手写）")
    p.add_argument("--out", type=Path, metavar="文件", help="保存到哪个文件（.pdf）")
    p.add_argument(
        "--font",
        type=Path,
        metavar="字体文件",
        help="用这个中文字体（.ttf/.ttc）；默认自动找系统字体，或用环境变量 JIFEN_PDF_FONT",
    )


def run_check_sheet(ctx: Context) -> None:
    from .report_common import run

    run(ctx, write_check_sheet_file)


def write_check_sheet_file(ctx: Context, progress: ProgressFn | None) -> Written:
    a = ctx.args
    grid_id = ctx.ledger.villages.grid_by_name(ctx.village.id, a.grid).id
    out = a.out or Path(f"{ctx.village.name}{a.grid}检查表.pdf")
    codes = a.items.replace("，", ",").split(",")
    from jifen_desktop.reports.check_sheet import write_check_sheet

    return write_check_sheet(
        ctx.ledger, ctx.village.id, grid_id, codes, out, day=a.date, font=a.font, progress=progress
    )
