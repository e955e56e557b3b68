"""``jifen report``: printouts and spreadsheets written to a file — the 季度公示表, 户积分卡 (one
household or a whole grid), 审核会议记录 and 兑换凭证 as PDF; the 积分台账, household table,
ranking and township summary as Excel. Each says where it wrote and how many pages or rows;
``--json`` prints that as data."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from jifen_desktop.model import periods
from jifen_desktop.reports.common import Progress as ProgressFn
from jifen_desktop.reports.common import Written

from .argparse_zh import year_arg
from .cmd_check_sheet import register_check_sheet
from .cmd_publish import find_publication
from .cmd_report_honours import register as register_honours
from .cmd_report_recorders import register as register_recorders
from .cmd_review import _session, _session_options
from .context import Context, Subcommands, add_command, add_group
from .report_common import PERIOD_HELP, run

if TYPE_CHECKING:
    from jifen_desktop.model.calendar.publications import PublicationInfo

Writer = Callable[[Context, ProgressFn | None], Written]


def register(sub: Subcommands) -> None:
    report = add_group(
        sub, "report", "生成打印件和表格：公示表、积分卡、会议记录、兑换凭证、Excel 台账"
    )
    p = _command(
        report,
        "notice",
        "季度公示表（PDF，贴公示栏用：五号字，A4 竖版每页约 44 户，A3 约 125 户）",
        write_notice_file,
        "jifen report notice --quarter 2026Q3 --out 公示表.pdf\n"
        "    jifen report notice --quarter 2026Q3 --paper A3 --landscape --out 公示表A3.pdf\n"
        "    jifen report notice --quarter 2026Q3 --per-grid --out 各网格公示表.pdf\n"
        "    jifen report notice --quarter 2026Q3 --grid 一组 --out 一组公示.pdf",
    )
    _notice_options(p)

    p = _command(
        report,
        "slips",
        "积分通知单（PDF，公示张贴后发到各户：一户一张，A4 每页 4 张，按网格分页，沿虚线剪开）",
        write_slips_file,
        "jifen report slips --quarter 2026Q3 --out 积分通知单.pdf\n"
        "    jifen report slips --quarter 2026Q3 --grid 一组 --out 一组通知单.pdf",
    )
    p.add_argument("--quarter", required=True, metavar="季度", help="哪个季度，例如 2026Q3")
    p.add_argument("--grid", metavar="网格", help="只印这个网格的户（默认全村，各网格分页）")

    p = _command(
        report,
        "card",
        "一户的户积分卡（PDF）：全年每条积分、累计、可用积分和兑换",
        write_card_file,
        "jifen report card --household 0101 --year 2026 --out 0101积分卡.pdf",
    )
    p.add_argument("--household", required=True, metavar="户号", help="户号")
    _year_option(p)

    p = _command(
        report,
        "cards",
        "全村或一个网格所有户的积分卡（PDF，一户一页，批量打印）",
        write_cards_file,
        "jifen report cards --grid 一组 --year 2026 --out 一组积分卡.pdf",
    )
    _grid_option(p)
    _year_option(p)

    p = _command(
        report,
        "minutes",
        "审核会议记录（PDF）：时间地点、参会人、逐条决定和签字栏",
        write_minutes_file,
        "jifen report minutes --month 2026-03 --out 三月审核会.pdf",
    )
    _session_options(p)

    p = _command(
        report,
        "receipt",
        "兑换凭证（PDF，存根联和兑换户联）",
        write_receipt_file,
        "jifen report receipt --receipt DH2026-0001 --out DH2026-0001.pdf",
    )
    p.add_argument("--receipt", required=True, metavar="单号", help="兑换单号，例如 DH2026-0001")

    register_check_sheet(report)
    _register_excel(report)
    register_recorders(report)
    register_honours(report, _command)


def _notice_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--quarter", required=True, metavar="季度", help="哪个季度，例如 2026Q3")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument(
        "--grid",
        metavar="网格",
        help="这个网格的公示表：按网格公示的用它自己的公示，否则从全村公示里只印这个网格的户",
    )
    scope.add_argument(
        "--per-grid",
        action="store_true",
        help="全村公示按网格分开印：每个网格一份，各自从新的一页开始",
    )
    p.add_argument(
        "--paper", type=str.upper, choices=("A4", "A3"), default="A4", help="纸张：A4（默认）或 A3"
    )
    side = p.add_mutually_exclusive_group()
    side.add_argument("--landscape", action="store_true", help="横版（默认竖版）")
    side.add_argument("--portrait", action="store_true", help="竖版（默认）")


def _register_excel(report: Subcommands) -> None:
    from jifen_desktop.model.choices import KIND_NAMES

    p = _command(
        report,
        "ledger",
        "积分台账（Excel）：一段时间的全部积分记录",
        write_ledger_file,
        "jifen report ledger --period 2026 --out 2026积分台账.xlsx",
        pdf=False,
    )
    _period_option(p, "今年")
    _grid_option(p)

    p = _command(
        report,
        "households",
        "农户表（Excel）：户号、户主、网格、状态和积分",
        write_households_file,
        "jifen report households --year 2026 --out 农户表.xlsx",
        pdf=False,
    )
    _year_option(p)
    p.add_argument(
        "--full-phone", action="store_true", help="电话号码写完整（仅管理员；默认隐去中间四位）"
    )

    p = _command(
        report,
        "ranking",
        "积分排名（Excel），年度排名带评星定级等级",
        write_ranking_file,
        "jifen report ranking --period 2026 --out 2026排名.xlsx",
        pdf=False,
    )
    _period_option(p, "今年")
    _grid_option(p)
    p.add_argument(
        "--kind",
        choices=tuple(KIND_NAMES),
        default="household",
        help="household 农户（默认）；unit 单位",
    )

    p = _command(
        report,
        "summary",
        "乡镇汇总表（Excel）：各村、各网格的户数、参与率、积分",
        write_summary_file,
        "jifen report summary --period 2026Q3 --out 汇总.xlsx",
        pdf=False,
    )
    _period_option(p, "本季度")


def _year_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=year_arg, metavar="年份", help="哪一年（默认今年）")


def _grid_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--grid", metavar="网格", help="只要这个网格（默认全村）")


def _period_option(p: argparse.ArgumentParser, default: str) -> None:
    p.add_argument("--period", metavar="期间", help=f"{PERIOD_HELP}；默认{default}")


def _command(
    sub: Subcommands, name: str, help: str, writer: Writer, example: str, *, pdf: bool = True
) -> argparse.ArgumentParser:
    p = add_command(sub, name, help, lambda ctx: run(ctx, writer), epilog=f"例：{example}")
    suffix = ".pdf" if pdf else ".xlsx"
    p.add_argument(
        "--out", required=True, type=Path, metavar="文件", help=f"保存到哪个文件（{suffix}）"
    )
    if pdf:
        p.add_argument(
            "--font",
            type=Path,
            metavar="字体文件",
            help="用这个中文字体（.ttf/.ttc）；默认自动找系统字体，或用环境变量 JIFEN_PDF_FONT",
        )
    return p


def _year(ctx: Context) -> int:
    return int(ctx.args.year or dt.date.today().year)


def _period(ctx: Context, default: periods.Period) -> periods.Period:
    return periods.parse(ctx.args.period) if ctx.args.period else default


def write_notice_file(ctx: Context, progress: ProgressFn | None) -> Written:
    """The notice of --quarter: a grid's own publication if it has one, else the village's
    (whole, per grid, or the grid's part of it)."""
    from jifen_desktop.reports.notice import write_notice

    a = ctx.args
    pub, part = _grid_publication(ctx)
    return write_notice(
        ctx.ledger,
        pub.id,
        a.out,
        paper=a.paper,
        landscape=a.landscape,
        grid=part,
        per_grid=a.per_grid,
        font=a.font,
        progress=progress,
    )


def _grid_publication(ctx: Context) -> tuple[PublicationInfo, str | None]:
    """The publication of --quarter for --grid: the grid's own if it has one, else the
    village's, with the grid's name to print its households only."""
    a = ctx.args
    grid_id = ctx.grid_id(a.grid)
    own = ctx.ledger.publications.find(ctx.village.id, a.quarter, grid_id) if grid_id else None
    grid, a.grid = a.grid, None  # without its own: the village's, printed for the grid only
    return own or find_publication(ctx), None if own else grid


def write_slips_file(ctx: Context, progress: ProgressFn | None) -> Written:
    """The 积分通知单 of --quarter (a grid's own publication, or the village's)."""
    from jifen_desktop.reports.notice_slips import write_slips

    pub, grid = _grid_publication(ctx)
    return write_slips(
        ctx.ledger, pub.id, ctx.args.out, grid=grid, font=ctx.args.font, progress=progress
    )


def write_card_file(ctx: Context, progress: ProgressFn | None) -> Written:
    from jifen_desktop.reports.card import write_card

    household = ctx.household(ctx.args.household)
    return write_card(
        ctx.ledger, household.id, _year(ctx), ctx.args.out, font=ctx.args.font, progress=progress
    )


def write_cards_file(ctx: Context, progress: ProgressFn | None) -> Written:
    from jifen_desktop.reports.card import write_cards

    a = ctx.args
    return write_cards(
        ctx.ledger,
        ctx.village.id,
        _year(ctx),
        a.out,
        grid_id=ctx.grid_id(a.grid),
        font=a.font,
        progress=progress,
    )


def write_minutes_file(ctx: Context, progress: ProgressFn | None) -> Written:
    from jifen_desktop.reports.minutes import write_minutes

    session = _session(ctx, open_only=False)
    return write_minutes(
        ctx.ledger, session.id, ctx.args.out, font=ctx.args.font, progress=progress
    )


def write_receipt_file(ctx: Context, progress: ProgressFn | None) -> Written:
    from jifen_desktop.reports.receipt import write_receipt

    a = ctx.args
    return write_receipt(
        ctx.ledger, ctx.village.id, a.receipt, a.out, font=a.font, progress=progress
    )


def write_ledger_file(ctx: Context, progress: ProgressFn | None) -> Written:
    from jifen_desktop.reports.excel_ledger import write_ledger

    a = ctx.args
    period = _period(ctx, periods.year(dt.date.today().year))
    return write_ledger(
        ctx.ledger, ctx.village.id, period, a.out, grid_id=ctx.grid_id(a.grid), progress=progress
    )


def write_households_file(ctx: Context, progress: ProgressFn | None) -> Written:
    from jifen_desktop.reports.excel_ledger import write_households

    a = ctx.args
    return write_households(
        ctx.ledger,
        ctx.village.id,
        a.out,
        year=_year(ctx),
        full_phone=a.full_phone,
        progress=progress,
    )


def write_ranking_file(ctx: Context, progress: ProgressFn | None) -> Written:
    from jifen_desktop.reports.excel_figures import write_ranking

    a = ctx.args
    period = _period(ctx, periods.year(dt.date.today().year))
    return write_ranking(
        ctx.ledger,
        ctx.village.id,
        period,
        a.out,
        grid_id=ctx.grid_id(a.grid),
        kind=a.kind,
        progress=progress,
    )


def write_summary_file(ctx: Context, progress: ProgressFn | None) -> Written:
    from jifen_desktop.reports.excel_figures import write_summary

    period = _period(ctx, periods.quarter_of(dt.date.today()))
    return write_summary(ctx.ledger, period, ctx.args.out, progress=progress)
