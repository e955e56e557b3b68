"""``jifen report honours-poster`` and ``jifen report certificates``: the 光荣榜 (A3) and the 奖状
(one a page, A4 landscape) of the titles a village awarded for a year (or a quarter), every
title or ``--title`` only. Registered under ``jifen report`` by ``cmd_report_files``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from .context import Context, Subcommands

if TYPE_CHECKING:
    from jifen_desktop.reports.common import Progress as ProgressFn
    from jifen_desktop.reports.common import Written

Writer = Callable[[Context, "ProgressFn | None"], "Written"]
Command = Callable[[Subcommands, str, str, Writer, str], argparse.ArgumentParser]


def register(report: Subcommands, command: Command) -> None:
    """The two printouts, made by ``command`` (cmd_report_files' ``_command``: --out, --font)."""
    p = command(
        report,
        "honours-poster",
        "光荣榜（PDF，A3 竖版大字张贴：按称号列出获得荣誉的户，户主姓名按本村设置遮挡）",
        write_poster_file,
        "jifen report honours-poster --year 2026 --out 光荣榜.pdf\n"
        "    jifen report honours-poster --year 2026 --title 十星级文明户 --out 十星级文明户.pdf",
    )
    _options(p)
    p = command(
        report,
        "certificates",
        "奖状（PDF，A4 横版一户一张：户名、称号、年度、村委会落款、盖章处）",
        write_certificates_file,
        "jifen report certificates --year 2026 --title 最美家庭 --out 奖状.pdf",
    )
    _options(p)


def _options(p: argparse.ArgumentParser) -> None:
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--year", metavar="年份", help="哪一年评的称号，例如 2026")
    when.add_argument("--period", metavar="期间", help="按季度评的称号，例如 2026Q4")
    p.add_argument("--title", metavar="称号", help="只印这个称号（默认本期全部称号）")


def _writer(kind: str) -> Writer:
    """Write the 光荣榜 (``poster``) or the 奖状 (``certificates``) of --year/--period."""

    def write(ctx: Context, progress: ProgressFn | None) -> Written:
        from jifen_desktop.reports import honour_certificates, honour_poster

        chosen = {
            "poster": honour_poster.write_poster,
            "certificates": honour_certificates.write_certificates,
        }[kind]
        a = ctx.args
        period = str(a.year or a.period)
        out, font = a.out, a.font
        return chosen(
            ctx.ledger, ctx.village.id, period, out, title=a.title, font=font, progress=progress
        )

    return write


write_poster_file = _writer("poster")
write_certificates_file = _writer("certificates")
