"""Figures and logs: ``jifen base-points``, ``balance``, ``rank``, ``stats`` and ``audit``."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jifen_desktop.model import periods
from jifen_desktop.model.choices import KIND_NAMES, POLICY_NAMES
from jifen_desktop.model.errors import NotFound
from jifen_desktop.model.periods import Period

from . import output
from .argparse_zh import date_arg, positive_arg, year_arg
from .context import CliError, Context, Subcommands, add_command
from .report_common import PERIOD_HELP, RANK_HEADERS, rank_cells

if TYPE_CHECKING:
    from jifen_desktop.model.audit import AuditInfo
    from jifen_desktop.model.base_points import BaseCandidate, BasePlan
    from jifen_desktop.model.rankings import Participation, RankRow

GROUP_HELP = "和 --persons 一起用：all 全体村民（默认），party 党员，cadre 村干部"


def register(sub: Subcommands) -> None:
    p = add_command(
        sub,
        "base-points",
        "发放一年的基础分：被一票否决的户默认不发，可再指定不发的户和理由（重复运行不会重复记）",
        run_base_points,
        epilog="例：jifen base-points --year 2026 --withhold 0105:多次乱倒垃圾经村民反映\n"
        "    jifen base-points --give-vetoed 0203   （否决期已过、村两委同意照发）",
    )
    p.add_argument("--year", type=year_arg, metavar="年份", help="哪一年（默认今年）")
    p.add_argument(
        "--withhold",
        action="append",
        default=[],
        metavar="户号:理由",
        help="这一户不发基础分，并写明理由（可写多个）",
    )
    p.add_argument(
        "--give-vetoed",
        action="append",
        default=[],
        metavar="户号",
        help="被一票否决的这一户也照发（默认不发）",
    )
    p.add_argument("--dry-run", action="store_true", help="只列出会发给谁、不发给谁，不记入")

    p = add_command(sub, "balance", "一户的积分：年度、累计、可用", run_balance)
    p.add_argument("--household", required=True, metavar="户号", help="户号")
    p.add_argument("--year", type=year_arg, metavar="年份", help="年度积分按哪一年（默认今年）")

    p = add_command(
        sub,
        "rank",
        "积分排名（同分同名次：1、2、2、4）",
        run_rank,
        epilog="例：jifen rank --period 2026Q1 --grid 一组 --top 10\n"
        "    jifen rank --period 2026 --above-average\n"
        "    jifen rank --persons --group party --period 2026H1",
    )
    p.add_argument("--period", metavar="期间", help=PERIOD_HELP + "；默认今年")
    p.add_argument("--grid", metavar="网格", help="只排这个网格")
    p.add_argument("--top", type=positive_arg, metavar="N", help="只列前 N 名（同分的一起列出）")
    p.add_argument("--above-average", action="store_true", help="只列高于平均分的户（评选推荐用）")
    p.add_argument(
        "--kind",
        choices=tuple(KIND_NAMES),
        default="household",
        help="household 农户（默认）；unit 单位",
    )
    p.add_argument("--persons", action="store_true", help="排个人（点名本人的记录），不排户")
    p.add_argument("--group", choices=("all", "party", "cadre"), default="all", help=GROUP_HELP)

    p = add_command(sub, "stats", "统计：户数、记录数、加扣分、参与率", run_stats)
    p.add_argument("--period", metavar="期间", help=PERIOD_HELP + "；默认本季度")

    p = add_command(
        sub,
        "audit",
        "审计日志：谁在什么时候改了什么（最新的在前）",
        run_audit,
        epilog="例：jifen audit --action entry. --since 2026-03-01 --limit 20",
    )
    p.add_argument(
        "--limit", type=positive_arg, default=50, metavar="条数", help="最多几条（默认50）"
    )
    p.add_argument("--action", metavar="动作", help="动作开头，例如 entry. 或 household.create")
    p.add_argument("--since", type=date_arg, metavar="日期", help="从这天起")
    p.add_argument("--until", type=date_arg, metavar="日期", help="到这天为止")
    p.add_argument("--object", metavar="编号", help="对象编号（完整编号，或记录的8位编号）")
    p.add_argument("--operator", metavar="姓名", help="操作员显示名")
    p.add_argument("--text", metavar="文字", help="内容里包含的文字")


def _period(text: str | None, default: Period) -> Period:
    return periods.parse(text) if text else default


def run_base_points(ctx: Context) -> None:
    year = ctx.args.year or dt.date.today().year
    service = ctx.ledger.base_points
    plan = service.plan(ctx.village.id, year)
    withhold = _withhold_list(ctx, plan)
    if ctx.args.dry_run:
        _emit_plan(ctx, plan, withhold)
        return
    result = service.give(ctx.village.id, year, withhold).value
    lines = [
        f"已发放{year}年度基础分：新记 {result.given} 户，每户 {result.points} 分。"
        if result.given
        else f"{year}年度基础分没有要新记的户（已经记过，或基础分设为0）。"
    ]
    lines += [f"不发：{label}，理由：{reason}" for label, reason in result.withheld]
    data = {
        "year": year,
        "created": result.given,
        "points": result.points,
        "already": result.already,
        "withheld": [{"household": label, "reason": r} for label, r in result.withheld],
    }
    ctx.emit(data, "\n".join(lines))


def _withhold_list(ctx: Context, plan: BasePlan) -> dict[str, str]:
    """The plan's default withholdings, less --give-vetoed, plus --withhold 户号:理由."""
    by_number = {c.number: c for c in plan.candidates}

    def candidate(number: str) -> BaseCandidate:
        if number not in by_number:
            ctx.household(number)  # an unknown number is refused as everywhere else
            raise CliError(f"户 {number} 不在{plan.year}年度待发基础分的名单里（可能已经发过）。")
        return by_number[number]

    withhold = plan.withheld_by_default
    for number in ctx.args.give_vetoed:
        withhold.pop(candidate(number.strip()).household_id, None)
    for item in ctx.args.withhold:
        number, sep, reason = item.replace("：", ":").partition(":")
        if not sep or not reason.strip():
            raise CliError(f"--withhold {item}：请写成 户号:理由，例如 0105:多次乱倒垃圾。")
        withhold[candidate(number.strip()).household_id] = reason.strip()
    return withhold


def _emit_plan(ctx: Context, plan: BasePlan, withhold: dict[str, str]) -> None:
    give = [c for c in plan.candidates if c.household_id not in withhold and c.on]
    held = [c for c in plan.candidates if c.household_id in withhold]
    text = [
        f"{plan.year}年度基础分（每户 {plan.points} 分）：已发 {plan.already} 户，"
        f"这次会发 {len(give)} 户，不发 {len(held)} 户。（试运行，没有记入）"
    ]
    text += [f"不发：{c.label}，理由：{withhold[c.household_id]}" for c in held]
    data = {
        "year": plan.year,
        "points": plan.points,
        "already": plan.already,
        "give": [{"household": c.number, "on": c.on.isoformat()} for c in give if c.on],
        "withhold": [{"household": c.number, "reason": withhold[c.household_id]} for c in held],
    }
    ctx.emit(data, "\n".join(text))


def run_balance(ctx: Context) -> None:
    h = ctx.household(ctx.args.household)  # (checks the operator may see it)
    b = ctx.ledger.balances.many(h.village_id, [h.id], ctx.args.year)[h.id]  # not read again
    name = h.unit_name if h.kind == "unit" else h.head_name
    ctx.emit(
        {"household": h.number, "name": name, **output.jsonable(b)},
        lambda: output.key_values(
            [
                ("户", f"{h.number} {name}"),
                (f"{b.year}年度积分", b.annual),
                ("累计积分", b.lifetime),
                ("可用积分", b.available),
                ("可用积分政策", POLICY_NAMES.get(b.policy, b.policy)),
            ]
        ),
    )


def rank_table(rows: list[RankRow]) -> str:
    """The ranking; a household under a veto in the period is marked in a last column."""
    marked = any(r.vetoed for r in rows)
    return output.table(
        [*RANK_HEADERS, "合计", *(["备注"] if marked else [])],
        [
            (*rank_cells(r), r.points, *(["一票否决" if r.vetoed else ""] if marked else []))
            for r in rows
        ],
        left=(1,),
    )


def run_rank(ctx: Context) -> None:
    a = ctx.args
    if a.persons:
        from .cmd_person import run_rank_persons

        return run_rank_persons(ctx)
    period = _period(a.period, periods.year(dt.date.today().year))
    grid_id = ctx.grid_id(a.grid)
    rows = ctx.ledger.rankings.rank(ctx.village.id, period, grid_id, a.kind)
    average = sum(r.points for r in rows) / len(rows) if rows else 0.0
    if a.above_average:
        rows = [r for r in rows if r.points > average]
    if a.top:
        rows = [r for r in rows if r.rank <= a.top]
    where = f"{a.grid}网格" if a.grid else ctx.village.name
    title = f"{where} {period.label} {KIND_NAMES[a.kind]}积分排名"
    data = {"period": period.key, "label": period.label, "average": round(average, 2), "rows": rows}

    def render() -> str:
        lines = [title]
        if a.above_average:
            lines.append(f"平均分 {average:.1f}，高于平均分的有 {len(rows)} 户")
        lines.append(rank_table(rows) if rows else "没有可排名的户。")
        return "\n".join(lines)

    ctx.emit(data, render)


@dataclass(frozen=True)
class _Stats:
    """A village's figures for ``jifen report stats``: households, entries, points, participation."""

    period: Period
    households: int
    by_kind: Counter[str]  # active households and units
    by_status: Counter[str]  # the period's entries
    added: int  # approved
    deducted: int
    participation: list[Participation]


def run_stats(ctx: Context) -> None:
    ledger, village = ctx.ledger, ctx.village
    period = _period(ctx.args.period, periods.quarter_of(dt.date.today()))
    households = ledger.households.list(village.id)
    entries = ledger.entries.list(village.id, period=period)
    approved = [e.points for e in entries if e.status == "approved"]
    stats = _Stats(
        period,
        len(households),
        Counter(h.kind for h in households if h.status == "active"),
        Counter(e.status for e in entries),
        sum(p for p in approved if p > 0),
        sum(p for p in approved if p < 0),
        ledger.rankings.participation(village.id, period),
    )
    ctx.emit(_stats_json(stats), lambda: _stats_text(village.name, stats))


def _stats_json(s: _Stats) -> dict[str, Any]:
    from jifen_desktop.model.entry_queries import STATUS_NAMES

    return {
        "period": s.period.key,
        "label": s.period.label,
        "households": {
            "active": s.by_kind["household"],
            "units": s.by_kind["unit"],
            "all": s.households,
        },
        "entries": {status: s.by_status[status] for status in STATUS_NAMES},
        "points": {"added": s.added, "deducted": s.deducted, "net": s.added + s.deducted},
        "participation": [
            {**output.jsonable(p), "rate": round(p.rate, 4)} for p in s.participation
        ],
    }


def _stats_text(village_name: str, s: _Stats) -> str:
    from jifen_desktop.model.entry_queries import STATUS_NAMES

    counts = "，".join(f"{name} {s.by_status[status]}" for status, name in STATUS_NAMES.items())
    facts = output.key_values(
        [
            ("在册农户", s.by_kind["household"]),
            ("在册单位", s.by_kind["unit"]),
            ("记录", counts),
            ("已通过的加分", f"+{s.added}"),
            ("已通过的扣分", str(s.deducted)),
            ("净分", output.signed(s.added + s.deducted)),
        ]
    )
    table = output.table(
        ["网格", "户数", "参与户数", "参与率"],
        [
            (p.grid_name, p.active_households, p.participating, f"{p.rate * 100:.1f}%")
            for p in s.participation
        ],
    )
    return (
        f"{village_name} {s.period.label}统计\n{facts}\n\n"
        f"参与率（有已通过记录的户，基础分不算）：\n{table}"
    )


def _object_id(ctx: Context, text: str) -> str:
    """A full id as it is; else an entry's 8-character id; else a household number."""
    value = text.strip()
    if len(value) == 36:
        return value
    if re.fullmatch(r"[0-9a-fA-F-]{8,35}", value):
        try:
            return ctx.entry_id(value)
        except NotFound:
            pass
    try:
        return ctx.household(value).id
    except NotFound:
        raise CliError(f"找不到编号为“{text}”的对象：请写完整编号、记录的8位编号或户号。") from None


def run_audit(ctx: Context) -> None:
    a = ctx.args
    rows = ctx.ledger.audit.list(
        ctx.village.id,
        action=a.action,
        object_id=_object_id(ctx, a.object) if a.object else None,
        operator=a.operator,
        since=a.since,
        until=a.until,
        text=a.text,
        limit=a.limit,
    )
    ctx.emit(rows, lambda: _audit_table(ctx, rows) if rows else "没有符合条件的日志。")


def _audit_table(ctx: Context, rows: list[AuditInfo]) -> str:
    """The rows in words, as on the 审计日志 page (the action's code too, for ``--action``)."""
    from jifen_desktop.model.audit_readable import read_rows

    return output.table(
        ["时间", "操作员", "操作", "农户", "内容"],
        [
            (
                r.info.at.isoformat(sep=" "),
                r.info.operator_name,
                f"{r.action_name}（{r.info.action}）",
                r.household,
                r.content,
            )
            for r in read_rows(ctx.ledger, rows)
        ],
        max_width={4: 70},
    )
