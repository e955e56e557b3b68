"""``jifen honours award|list|lift`` (荣誉称号): record a title the village awarded households for
a period at a meeting, list the titles, lift one with a reason. Awards are named by the
8-character id ``honours list`` prints."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from . import output
from .argparse_zh import date_arg
from .context import CliError, Context, Subcommands, add_command, short_id

if TYPE_CHECKING:
    from jifen_desktop.model.calendar.honour_awards import AwardInfo

HOW_CHOICES = ("top", "grade", "above_average", "hand")


def register_awards(actions: Subcommands) -> None:
    p = add_command(
        actions,
        "award",
        "授予荣誉称号（记录评议会议评定的结果；一票否决的户不能授予）",
        run_award,
        epilog="例：jifen honours award --title 十星级文明户 --period 2026 "
        "--meeting 2027-01-08 --household 0101 0102",
    )
    p.add_argument("--title", required=True, metavar="称号", help="例如 十星级文明户、最美家庭")
    p.add_argument("--period", required=True, metavar="期间", help="年度 2026 或季度 2026Q4")
    p.add_argument("--meeting", required=True, type=date_arg, metavar="日期", help="评议会议的日期")
    p.add_argument("--household", nargs="+", metavar="户号", help="授予哪些户")
    p.add_argument(
        "--person",
        nargs="+",
        metavar="户号:姓名",
        help="或者授予个人，例如 0101:王秀英（优秀党员等）",
    )
    p.add_argument(
        "--how",
        choices=HOW_CHOICES,
        default="hand",
        help="评选方式：top 前几名，grade 评星定级，above_average 高于平均分，hand 评议推选（默认）",
    )
    p.add_argument("--basis", default="", metavar="依据", help="评选依据，例如 前10名")

    p = add_command(actions, "list", "荣誉称号列表（最近的期间在前）", run_list)
    p.add_argument("--period", metavar="期间", help="只看这一期间，例如 2026")
    p.add_argument("--household", metavar="户号", help="只看这一户")
    p.add_argument("--in-force", action="store_true", help="不列已撤销的")

    p = add_command(
        actions,
        "lift",
        "撤销荣誉称号（记录保留，注明撤销日期和理由）",
        run_lift,
        epilog="例：jifen honours lift 9d2f7a10 --reason 查实弄虚作假",
    )
    p.add_argument("id", metavar="编号", help="称号编号（honours list 显示的8位）")
    p.add_argument("--reason", required=True, metavar="理由", help="撤销的理由")
    p.add_argument("--date", type=date_arg, metavar="日期", help="撤销日期（默认今天）")


def describe(a: AwardInfo) -> str:
    text = f"{short_id(a.id)}：{a.household_label}，{a.period_label}“{a.title}”"
    if a.lifted_on is not None:
        text += f"（{a.lifted_on} 已撤销：{a.lift_reason}）"
    return text


def run_award(ctx: Context) -> None:
    from jifen_desktop.model.calendar.honour_awards import HonourAwardService

    a: argparse.Namespace = ctx.args
    ids = _recipients(ctx)
    basis = {h: a.basis for h in ids} if a.basis else None
    service = HonourAwardService(ctx.ledger)
    persons = bool(a.person)
    result = service.award(
        ctx.village.id, ids, a.title, a.period, a.meeting, a.how, basis, persons=persons
    ).value

    def render() -> str:
        lines = [f"已授予 {describe(x)}" for x in result.awarded]
        if result.already:
            unit = "人" if persons else "户"
            lines.append(f"{len(result.already)} {unit}之前已有这个称号，没有重复记录。")
        return "\n".join(lines) or "没有新记录。"

    ctx.emit(result, render)


def _recipients(ctx: Context) -> list[str]:
    """The household ids of --household, or the member ids of --person 户号:姓名."""
    from .cmd_person import find_member

    a = ctx.args
    if bool(a.household) == bool(a.person):
        raise CliError("请用 --household 写授予的户，或用 --person 写授予的个人（二选一）。")
    if a.household:
        return [ctx.household(number).id for number in a.household]
    found = []
    for text in a.person:
        number, _, name = text.replace("：", ":").partition(":")
        if not name.strip():
            raise CliError(f"“{text}”看不懂：个人请写成 户号:姓名，例如 0101:王秀英。")
        found.append(find_member(ctx, number.strip(), name))
    return found


def run_list(ctx: Context) -> None:
    from jifen_desktop.model.calendar.honour_awards import HonourAwardService

    a = ctx.args
    household_id = ctx.household(a.household).id if a.household else None
    rows = HonourAwardService(ctx.ledger).list(ctx.village.id, a.period, household_id, a.in_force)
    ctx.emit(
        rows,
        lambda: output.table_or(
            "还没有记录荣誉称号。",
            ["编号", "期间", "称号", "户号", "户主/本人", "评选", "会议日期", "撤销"],
            [
                (
                    short_id(x.id),
                    x.period_label,
                    x.title,
                    x.household_number,
                    x.recipient_name,
                    x.basis or x.chosen_name,
                    str(x.meeting_on),
                    f"{x.lifted_on} {x.lift_reason}" if x.lifted_on else "",
                )
                for x in rows
            ],
        ),
    )


def run_lift(ctx: Context) -> None:
    from jifen_desktop.model.calendar.honour_awards import HonourAwardService

    a = ctx.args
    award_id = ctx.record_id(a.id, "honour_award")
    day = a.date or dt.date.today()
    x = HonourAwardService(ctx.ledger).lift(award_id, a.reason, day).value
    ctx.emit(x, f"已撤销 {describe(x)}。")
