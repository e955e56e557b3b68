"""``jifen person list|show|archive|rates`` (个人积分): the persons of the village with their
points for a period, one person's points and titles, their archive (一事一记; printed as a PDF
with ``--out``), and the persons' participation, party members' participation and redeeming
rates; ``jifen rank --persons --group party`` ranks them (``run_rank_persons``). A person is
named by household number and name: ``jifen person show 0101 王秀英``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jifen_desktop.model import periods
from jifen_desktop.model.person_groups import GROUP_NAMES

from . import output
from .context import CliError, Context, Subcommands, add_command, add_group
from .report_common import PERIOD_HELP

if TYPE_CHECKING:
    from jifen_desktop.model.persons import PersonRank, PersonRow
    from jifen_desktop.reports.common import Progress, Written

GROUP_HELP = "人员范围：all 全体村民（默认），party 党员，cadre 村干部"


def register(sub: Subcommands) -> None:
    group = add_group(sub, "person", "个人积分：人员名单、个人积分档案（一事一记）、个人参与率")
    p = add_command(group, "list", "本村各人的积分（点名本人的审核通过记录）", run_list)
    _period_and_group(p)
    p.add_argument("--household", metavar="户号", help="只列这一户的成员")
    p = add_command(
        group,
        "show",
        "一个人的积分和荣誉称号",
        run_show,
        epilog="例：jifen person show 0101 王秀英",
    )
    _person_args(p)
    p = add_command(
        group,
        "archive",
        "个人积分档案：点名本人的每一条记录（日期、事项、分值、审核、记录人、证明）",
        run_archive,
        epilog="例：jifen person archive 0101 王秀英 --period 2026H1\n"
        "    jifen person archive 0101 王秀英 --period 2026 --out 王秀英积分档案.pdf",
    )
    _person_args(p)
    p.add_argument("--out", type=Path, metavar="文件", help="打印成 PDF 保存到这个文件")
    p.add_argument("--font", type=Path, metavar="字体文件", help="PDF 用这个中文字体（.ttf/.ttc）")
    p = add_command(
        group, "rates", "个人参与率、党员参与率（目标100%%）、个人兑换率（目标≥30%%）", run_rates
    )
    p.add_argument("--period", metavar="期间", help=PERIOD_HELP + "；默认今年")


def _period_and_group(p: Any) -> None:
    p.add_argument("--period", metavar="期间", help=PERIOD_HELP + "；默认今年")
    p.add_argument("--group", choices=tuple(GROUP_NAMES), default="all", help=GROUP_HELP)
    p.add_argument("--grid", metavar="网格", help="只看这个网格")


def _person_args(p: Any) -> None:
    p.add_argument("household", metavar="户号", help="这个人所在的户")
    p.add_argument("name", metavar="姓名", help="成员姓名")
    p.add_argument("--period", metavar="期间", help=PERIOD_HELP + "；默认今年")


def period_of(ctx: Context) -> periods.Period:
    text = ctx.args.period
    return periods.parse(text) if text else periods.year(dt.date.today().year)


def member_id(ctx: Context) -> str:
    return find_member(ctx, ctx.args.household, ctx.args.name)


def find_member(ctx: Context, number: str, name: str) -> str:
    """The member named by 户号 and 姓名 (one of the household's members, any status)."""
    household = ctx.household(number)
    members = [m for m in ctx.ledger.members.list(household.id) if m.name == name.strip()]
    if not members:
        raise CliError(f"户 {household.number} 没有叫“{name}”的成员，请核对姓名。")
    if len(members) > 1:
        raise CliError(
            f"户 {household.number} 有 {len(members)} 位成员叫“{name}”，请在程序里办理。"
        )
    return members[0].id


def person_cells(r: PersonRow) -> tuple[str | int, ...]:
    return (
        r.household_number,
        r.name,
        r.relation,
        r.groups_text,
        r.grid_name,
        r.added,
        r.deducted,
        r.points,
    )


PERSON_HEADERS = ["户号", "姓名", "关系", "身份", "网格", "加分", "扣分", "合计"]


def run_list(ctx: Context) -> None:
    from jifen_desktop.model.persons import PersonService

    a, period = ctx.args, period_of(ctx)
    rows = PersonService(ctx.ledger).list(ctx.village.id, period, a.group, ctx.grid_id(a.grid))
    if a.household:
        rows = [r for r in rows if r.household_number == ctx.household(a.household).number]
    title = f"{ctx.village.name} {period.label} {GROUP_NAMES[a.group]}个人积分（{len(rows)} 人）"
    table = output.table_or("所选范围没有人员。", PERSON_HEADERS, [person_cells(r) for r in rows])
    ctx.emit({"period": period.key, "rows": rows}, f"{title}\n{table}")


def run_rank_persons(ctx: Context) -> None:
    """``jifen rank --persons``: the group's persons ranked, with grades (half-year, year)."""
    from jifen_desktop.model.persons import PersonService

    a, period = ctx.args, period_of(ctx)
    rows = PersonService(ctx.ledger).rank(ctx.village.id, period, a.group, ctx.grid_id(a.grid))
    average = sum(r.person.points for r in rows) / len(rows) if rows else 0.0
    if a.above_average:
        rows = [r for r in rows if r.person.points > average]
    if a.top:
        rows = [r for r in rows if r.rank <= a.top]
    where = f"{a.grid}网格" if a.grid else ctx.village.name
    title = f"{where} {period.label} {GROUP_NAMES[a.group]}个人积分排名（平均 {average:.1f} 分）"
    data = {"period": period.key, "group": a.group, "average": round(average, 2), "rows": rows}
    ctx.emit(data, lambda: f"{title}\n{rank_text(rows)}")


def rank_text(rows: list[PersonRank]) -> str:
    return output.table_or(
        "没有可排名的人。",
        ["名次", *PERSON_HEADERS, "等级", "备注"],
        [
            (
                r.rank,
                *person_cells(r.person),
                r.grade or "—",
                "一票否决户，不参评" if r.vetoed else "",
            )
            for r in rows
        ],
    )


def run_show(ctx: Context) -> None:
    from jifen_desktop.model.person_archive import person_archive

    archive = person_archive(ctx.ledger, member_id(ctx), period_of(ctx))
    p = archive.person
    titles = [*archive.person_titles, *archive.household_titles]
    lines = [
        f"{p.name}：{archive.who}",
        f"{archive.period.label}积分 {p.points}（加 {p.added}，扣 {-p.deducted}，通过 {p.entries} 条；"
        f"待审核 {archive.pending} 条）",
        "荣誉称号："
        + (
            "、".join(
                f"{a.period_label}“{a.title}”（{'本人' if a.member_id else '本户'}）"
                for a in titles
            )
            or "无"
        ),
    ]
    ctx.emit({"person": p, "pending": archive.pending, "titles": titles}, "\n".join(lines))


def run_archive(ctx: Context) -> None:
    from jifen_desktop.model.person_archive import entry_decision_text, person_archive

    a, period = ctx.args, period_of(ctx)
    if a.out:
        from .cmd_report_files import run

        member = member_id(ctx)
        run(ctx, lambda c, progress: _write_pdf(c, member, period, progress))
        return
    archive = person_archive(ctx.ledger, member_id(ctx), period)
    rows = [
        (
            str(e.occurred_on),
            f"{e.rule_code} {e.rule_name}",
            f"{e.points:+d}",
            entry_decision_text(e),
            e.recorded_by_name,
            e.evidence_count,
        )
        for e in archive.entries
    ]
    table = output.table_or(
        "本期没有点名本人的记录。",
        ["日期", "事项", "分值", "审核", "记录人", "证明"],
        rows,
        max_width={1: 30},
    )
    text = f"{archive.village_name} {archive.heading}\n{archive.who}\n{table}\n本期积分 {archive.person.points}"
    ctx.emit(archive, text)


def _write_pdf(
    ctx: Context, member: str, period: periods.Period, progress: Progress | None
) -> Written:
    from jifen_desktop.reports.person_archive import write_person_archive

    return write_person_archive(
        ctx.ledger, member, period, ctx.args.out, font=ctx.args.font, progress=progress
    )


def run_rates(ctx: Context) -> None:
    from jifen_desktop.model.person_rates import village_rates

    period = period_of(ctx)
    rates = village_rates(ctx.ledger, ctx.village.id, period)
    lines = [f"{ctx.village.name} {period.label} 个人参与情况"]
    lines += [f"  {line.text}{'' if line.met else '，未达标'}" for line in rates.lines()]
    data = {
        "period": period.key,
        "present": rates.present,
        "taking_part": rates.taking_part,
        "party_present": rates.party_present,
        "party_taking_part": rates.party_taking_part,
        "redeeming": rates.redeeming,
    }
    ctx.emit(data, "\n".join(lines))
