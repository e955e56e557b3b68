"""``jifen objection`` (异议): receive a household's objection to a posted quarter, resolve it
(成立, with the corrections it makes, or 不成立, with the reason told to the household), and
list them. Objections are named by the 8-character id ``objection list`` prints."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import output
from .argparse_zh import _typed, date_arg, parse_date, parse_int
from .cmd_publish import find_publication, publication_options
from .context import CliError, Context, Subcommands, add_command, add_group, short_id

if TYPE_CHECKING:
    from jifen_desktop.model.calendar.objections import ObjectionInfo
    from jifen_desktop.model.entry_checks import EntryDraft


@dataclass(frozen=True)
class DraftText:
    """What ``细则:日期[:分]`` says: an entry to record for the household that objected."""

    rule: str
    day: dt.date
    points: int | None

    def draft(self, household_id: str) -> EntryDraft:
        from jifen_desktop.model.entry_checks import EntryDraft

        return EntryDraft(household_id, self.rule, self.day, points=self.points)


def parse_draft(text: str) -> DraftText:
    """``B05:2026-08-10`` or ``A16:2026-08-10:-10``."""
    parts = [part.strip() for part in re.split(r"[:：]", text.strip(), maxsplit=2)]
    if len(parts) < 2 or not parts[0]:
        raise argparse.ArgumentTypeError(
            f"“{text}”看不懂：请写成 细则编号:日期[:分]，例如 B05:2026-08-10 或 A16:2026-08-10:-10"
        )
    points = parse_int(parts[2]) if len(parts) == 3 else None
    return DraftText(parts[0].upper(), parse_date(parts[1]), points)


draft_arg = _typed("细则:日期[:分]", parse_draft)


def register(sub: Subcommands) -> None:
    objection = add_group(sub, "objection", "异议：公示期内受理、处理（成立或不成立）、查询")
    p = add_command(
        objection,
        "add",
        "受理一件异议（只在公示期内）",
        run_add,
        epilog="例：jifen objection add --quarter 2026Q3 --household 0101 "
        "--content 8月义务劳动漏记 --date 2026-10-09",
    )
    publication_options(p)
    p.add_argument("--household", required=True, metavar="户号", help="提出异议的户")
    p.add_argument("--content", required=True, metavar="内容", help="对什么有异议")
    p.add_argument("--entry", metavar="编号", help="针对哪条记录（entry list 显示的8位编号）")
    p.add_argument("--date", type=date_arg, metavar="日期", help="受理日期（默认今天）")
    p.add_argument(
        "--handler",
        dest="handler_name",
        default="",
        metavar="姓名",
        help="经办人（默认当前操作员）",
    )

    p = add_command(
        objection,
        "resolve",
        "处理异议：成立（同时更正）或不成立（说明理由）",
        run_resolve,
        epilog="例：jifen objection resolve 5c1e0b9f --dismissed --reason 经核实记录无误\n"
        "    jifen objection resolve 5c1e0b9f --upheld --reason 确有漏记 --missing B04:2026-08-10\n"
        "    jifen objection resolve 5c1e0b9f --upheld --reason 分值记错 --reverse "
        "--replace A16:2026-08-03:-5",
    )
    p.add_argument("id", metavar="编号", help="异议编号（objection list 显示的8位）")
    verdict = p.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--upheld", action="store_true", help="异议成立（要说明怎样更正）")
    verdict.add_argument("--dismissed", action="store_true", help="异议不成立")
    p.add_argument("--reason", required=True, metavar="理由", help="处理理由（答复农户）")
    p.add_argument("--reverse", action="store_true", help="冲正异议针对的那条记录")
    p.add_argument(
        "--replace", type=draft_arg, metavar="细则:日期[:分]", help="冲正后另记正确的记录"
    )
    p.add_argument(
        "--missing",
        type=draft_arg,
        action="append",
        default=[],
        metavar="细则:日期[:分]",
        help="补记漏记的事项，可写多次",
    )
    p.add_argument("--date", type=date_arg, metavar="日期", help="处理日期（默认今天）")

    p = add_command(objection, "list", "异议列表（最近受理的在前）", run_list)
    p.add_argument("--open", action="store_true", help="只看待处理的")
    p.add_argument("--quarter", metavar="季度", help="只看这个季度的公示，例如 2026Q3")
    p.add_argument("--grid", metavar="网格", help="与 --quarter 一起：按网格公示时的网格")


def _describe(o: ObjectionInfo) -> str:
    about = f"，针对 {o.entry_label}" if o.entry_label else ""
    return f"{o.household_number} {o.household_name}{about}：{o.content}"


def run_add(ctx: Context) -> None:
    a = ctx.args
    publication = find_publication(ctx)
    o = ctx.ledger.objections.add(
        publication.id,
        ctx.household(a.household).id,
        a.content,
        received_on=a.date,
        entry_id=ctx.entry_id(a.entry) if a.entry else None,
        handler=a.handler_name,
    ).value
    ctx.emit(
        o,
        f"已受理异议 {short_id(o.id)}（{o.received_on}）：{_describe(o)}。"
        f"处理：jifen objection resolve {short_id(o.id)} --upheld|--dismissed --reason 理由",
    )


def _check_corrections(reverse: bool, replace: DraftText | None, missing: list[DraftText]) -> None:
    if replace and not reverse:
        raise CliError("--replace 是冲正后另记的正确记录，要和 --reverse 一起用。")
    if not reverse and not missing:
        raise CliError(
            "异议成立要说明怎样更正：加 --reverse 冲正异议针对的记录（可再加 --replace 另记正确的），"
            "或用 --missing 细则:日期 补记漏记的事项；无需更正请改用 --dismissed。"
        )


def run_resolve(ctx: Context) -> None:
    a = ctx.args
    objection_id = ctx.record_id(a.id, "objection")
    objections = ctx.ledger.objections
    if a.dismissed:
        if a.reverse or a.replace or a.missing:
            raise CliError("异议不成立就不作更正：请去掉 --reverse、--replace、--missing。")
        o = objections.dismiss(objection_id, a.reason, on=a.date).value
    else:
        _check_corrections(a.reverse, a.replace, a.missing)
        household_id = objections.get(objection_id).household_id
        o = objections.uphold(
            objection_id,
            a.reason,
            reverse_entry=a.reverse,
            replacement=a.replace.draft(household_id) if a.replace else None,
            missing=[m.draft(household_id) for m in a.missing],
            on=a.date,
        ).value
    ctx.emit(o, f"异议 {short_id(o.id)}（{_describe(o)}）{o.status_name}：{o.resolution}")


def run_list(ctx: Context) -> None:
    a = ctx.args
    if a.grid and not a.quarter:
        raise CliError("--grid 要和 --quarter 一起用，例如 --quarter 2026Q3 --grid 一组。")
    publication_id = find_publication(ctx).id if a.quarter else None
    rows = ctx.ledger.objections.list(
        ctx.village.id, publication_id, status="open" if a.open else None
    )
    ctx.emit(
        rows,
        lambda: output.table_or(
            "没有异议。",
            ["编号", "季度", "户号", "户主", "受理日期", "异议内容", "状态", "处理结果"],
            [
                (
                    short_id(o.id),
                    o.quarter,
                    o.household_number,
                    o.household_name,
                    o.received_on.isoformat(),
                    o.content + (f"（{o.entry_label}）" if o.entry_label else ""),
                    o.status_name,
                    o.resolution,
                )
                for o in rows
            ],
            max_width={5: 36, 7: 36},
            left=(0, 2),
        ),
    )
