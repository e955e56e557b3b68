"""``jifen household split|merge|close``: 分户, 合户 and 注销户 as recorded changes
(``model.household_changes``). Members are named by name or by the 8-character id that
``member list`` shows; available points are split not at all, by members, or an amount."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .argparse_zh import date_arg
from .context import CliError, Context, Subcommands, add_command

if TYPE_CHECKING:
    from jifen_desktop.model.household_changes import ChangeInfo, HouseholdChangeService
    from jifen_desktop.model.members import MemberInfo

POINTS_HELP = "可用积分怎么分：none 不分；{rule}；或一个数（转移这么多分）。转移要审核人通过才生效"


def register_changes(hh: Subcommands) -> None:
    p = add_command(
        hh,
        "split",
        "分户：部分成员分出去另立新户（可按人口或指定数额分可用积分）",
        run_split,
        epilog="例：jifen household split 0101 --members 王小军,赵丽 --head 王小军 "
        "--new-number 0131 --grid 二组 --date 2026-05-01 --points members --reason 儿子结婚",
    )
    p.add_argument("number", metavar="户号", help="原户的户号")
    p.add_argument(
        "--members", required=True, metavar="成员", help="分出去的成员（姓名或编号，逗号分隔）"
    )
    p.add_argument("--head", required=True, metavar="成员", help="新户的户主（分出去的成员之一）")
    p.add_argument("--new-number", required=True, metavar="户号", help="新户的户号")
    p.add_argument("--grid", metavar="网格", help="新户所属网格（默认同原户）")
    p.add_argument(
        "--relation",
        action="append",
        default=[],
        metavar="成员=关系",
        help="分出去的成员与新户主的关系，可写多次",
    )
    _common(p, "members 按人口分", "none")

    p = add_command(
        hh,
        "merge",
        "合户：一户的成员全部并入另一户，被并的户注销（可转入它的可用积分）",
        run_merge,
        epilog="例：jifen household merge 0102 --into 0101 --date 2026-05-01 --points all",
    )
    p.add_argument("number", metavar="户号", help="被并入、要注销的户")
    p.add_argument("--into", required=True, metavar="户号", help="接收的户")
    _common(p, "all 全部转入", "all")

    p = add_command(hh, "close", "注销户：户已不存在（如户内无人），历史记录保留", run_close)
    p.add_argument("number", metavar="户号")
    p.add_argument("--date", required=True, type=date_arg, metavar="日期", help="注销日期")
    p.add_argument("--reason", required=True, metavar="原因", help="注销原因")
    p.add_argument("--meeting", type=date_arg, metavar="日期", help="村民代表会议决定的日期")


def _common(p: argparse.ArgumentParser, rule: str, default: str) -> None:
    add = p.add_argument
    add("--date", required=True, type=date_arg, metavar="日期", help="生效日期")
    add("--points", default=default, metavar="分法", help=POINTS_HELP.format(rule=rule))
    add("--reason", default="", metavar="原因", help="原因或说明")
    add("--meeting", type=date_arg, metavar="日期", help="村民代表会议决定的日期")


def _service(ctx: Context) -> HouseholdChangeService:
    from jifen_desktop.model.household_changes import HouseholdChangeService

    return HouseholdChangeService(ctx.ledger)


def _points(text: str, named: tuple[str, ...]) -> tuple[str, int]:
    """``--points`` as (rule, amount): a named rule, or a number of points."""
    if text in named:
        return text, 0
    if text.isdigit():
        return "amount", int(text)
    raise CliError(f"--points 只能是 {'、'.join(named)} 或一个整数（要转移的分数）。")


def _member(members: list[MemberInfo], text: str, ctx: Context) -> MemberInfo:
    found = [m for m in members if m.name == text.strip()]
    if len(found) == 1:
        return found[0]
    wanted = ctx.member_id(text.strip())
    for m in members:
        if m.id == wanted:
            return m
    raise CliError(f"“{text}”不是这一户在户的成员，请用 jifen member list 户号 查看。")


def _say(ctx: Context, change: ChangeInfo) -> None:
    pending = "（转移待审核人通过后生效）" if change.transfer_points else ""
    ctx.emit(change, f"已办理。{change.line}{pending}")


def run_split(ctx: Context) -> None:
    from jifen_desktop.model.household_changes import SplitPlan

    a = ctx.args
    h = ctx.household(a.number)
    present = [m for m in ctx.ledger.members.list(h.id) if m.status == "present"]
    leaving = [_member(present, t, ctx) for t in a.members.replace("，", ",").split(",") if t]
    relations = {}
    for pair in a.relation:
        who, _, relation = pair.partition("=")
        relations[_member(present, who, ctx).id] = relation.strip()
    rule, amount = _points(a.points, ("none", "members"))
    plan = SplitPlan(
        tuple(m.id for m in leaving),
        _member(present, a.head, ctx).id,
        a.new_number,
        ctx.grid_id(a.grid) if a.grid else h.grid_id,
        a.date,
        split_rule=rule,
        amount=amount,
        reason=a.reason,
        meeting_on=a.meeting,
        address=h.address,
        relations=relations,
    )
    _say(ctx, _service(ctx).split(h.id, plan).value)


def run_merge(ctx: Context) -> None:
    a = ctx.args
    merged, into = ctx.household(a.number), ctx.household(a.into)
    rule, amount = _points(a.points, ("none", "all"))
    change = _service(ctx).merge(
        merged.id,
        into.id,
        a.date,
        transfer=rule,
        amount=amount,
        reason=a.reason,
        meeting_on=a.meeting,
    )
    _say(ctx, change.value)


def run_close(ctx: Context) -> None:
    a = ctx.args
    h = ctx.household(a.number)
    _say(ctx, _service(ctx).close(h.id, a.date, a.reason, a.meeting).value)


def change_lines(ctx: Context, household_id: str) -> list[str]:
    """A household's changes, one line each (for ``household show``)."""
    return [c.line for c in _service(ctx).of_household(household_id)]
