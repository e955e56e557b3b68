"""``jifen review`` (一月一审核): open a month's review session (审核会), decide its pending
entries, close it, list the sessions, print one as minutes, and the months overdue; and
``jifen calendar``: where the village stands in the scheme's calendar. A session is named by
its month (the open one, else the latest) or by the 8-character id ``review list`` prints."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from jifen_desktop.model import periods
from jifen_desktop.model.errors import NotFound, ValidationError

from . import output
from .argparse_zh import date_arg, year_arg
from .context import CliError, Context, Subcommands, add_command, add_group, short_id
from .entry_text import LATE_APPROVAL, entry_table, late_hint

if TYPE_CHECKING:
    from jifen_desktop.model.calendar.overview import QuarterState
    from jifen_desktop.model.calendar.review import SessionInfo

DECISIONS = {"approve": "approved", "reject": "rejected", "approve-late": "late"}


def register(sub: Subcommands) -> None:
    review = add_group(sub, "review", "一月一审核：开审核会、逐条审核、结束、会议记录")
    p = add_command(
        review,
        "open",
        "开一个月的审核会（同一个月同时只能开一次）",
        run_open,
        epilog="例：jifen review open --month 2026-03 --place 村委会会议室 "
        "--attendees 王书记,李主任,张委员",
    )
    p.add_argument("--month", required=True, metavar="月份", help="审核哪个月，例如 2026-03")
    p.add_argument("--date", type=date_arg, metavar="日期", help="开会日期（默认今天）")
    p.add_argument("--place", default="", metavar="地点", help="开会地点")
    p.add_argument("--attendees", default="", metavar="姓名", help="参会人员")
    p.add_argument("--note", default="", metavar="备注", help="备注")

    p = add_command(
        review,
        "decide",
        "在审核会上通过（approve）、不通过（reject）或按补记通过（approve-late）记录",
        run_decide,
        epilog="例：jifen review decide --month 2026-03 approve 3f9a2c1d 77b0e4aa\n"
        "    jifen review decide --month 2026-03 approve --all-pending\n"
        "    jifen review decide --month 2026-03 reject 5c1e0b9f --reason 证明材料不符\n"
        "    jifen review decide --month 2026-03 approve-late 9d2f4a10   # 所在季度已公示",
    )
    _session_options(p)
    p.add_argument(
        "decision",
        choices=tuple(DECISIONS),
        help="approve 通过；reject 不通过（须写理由）；approve-late 按补记通过"
        "（所在季度已公示的待审核记录：原记录转为补记，记在今天并通过）",
    )
    p.add_argument("ids", nargs="*", metavar="编号", help="记录编号（entry list 显示的8位）")
    p.add_argument("--all-pending", action="store_true", help="这个月所有待审核的记录")
    p.add_argument("--reason", default="", metavar="理由", help="不通过的理由")

    p = add_command(
        review, "close", "结束审核会：决定生效，没审的记录留待下次（会显示为逾期）", run_close
    )
    _session_options(p)
    p.add_argument("--note", default="", metavar="备注", help="会议备注")

    p = add_command(review, "list", "审核会列表（最近的月份在前）", run_list)
    p.add_argument("--year", type=year_arg, metavar="年份", help="只看这一年")

    p = add_command(review, "show", "一次审核会的记录：时间、地点、参会人和逐条决定", run_show)
    _session_options(p)

    add_command(review, "overdue", "逾期未审核的月份和条数", run_overdue)

    add_command(sub, "calendar", "积分制日历：公示进度、逾期审核、待处理异议", run_calendar)


def _session_options(p: argparse.ArgumentParser) -> None:
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--month", metavar="月份", help="这个月的审核会，例如 2026-03")
    which.add_argument("--session", metavar="编号", help="审核会编号（review list 显示的8位）")


def _session(ctx: Context, *, open_only: bool) -> SessionInfo:
    """The session named by --session, else the open session of --month (or, unless
    ``open_only``, the latest session of that month)."""
    from jifen_desktop.model.calendar.locks import no_session_message
    from jifen_desktop.model.calendar.review import parse_month

    a, review = ctx.args, ctx.ledger.review
    if a.session:
        return review.get(ctx.record_id(a.session, "review_session"))
    month = parse_month(a.month)
    found = review.open_session(ctx.village.id, month.key)
    if found is None and open_only:
        raise ValidationError(no_session_message(month.key))
    if found is None:
        sessions = review.list(ctx.village.id, month.start.year)
        found = next((s for s in sessions if s.month == month.key), None)
    if found is None:
        raise NotFound(
            f"{month.label}还没有开过审核会：开会请运行 jifen review open --month {month.key}。"
        )
    return found


def _describe(s: SessionInfo) -> str:
    place = f"，{s.place}" if s.place else ""
    return f"{s.label}（{s.held_on}{place}，{s.status_name}，编号 {short_id(s.id)}）"


def run_open(ctx: Context) -> None:
    a = ctx.args
    s = ctx.ledger.review.open(
        ctx.village.id, a.month, held_on=a.date, place=a.place, attendees=a.attendees, note=a.note
    ).value
    ctx.emit(s, f"已开{_describe(s)}；本月待审核 {s.pending} 条。")


def _decided_ids(ctx: Context, s: SessionInfo) -> list[str]:
    a = ctx.args
    if bool(a.ids) == a.all_pending:
        raise CliError("请给出记录编号，或用 --all-pending 审核这个月所有待审核的记录（二选一）。")
    if a.all_pending:
        return [e.id for e in ctx.ledger.review.pending(s.id)]
    return list(dict.fromkeys(ctx.entry_id(t) for t in a.ids))


def run_decide(ctx: Context) -> None:
    a = ctx.args
    decision = DECISIONS[a.decision]
    if decision == "rejected" and not a.reason.strip():
        raise CliError("不通过要写明理由，方便农户知道原因：请加 --reason 理由。")
    s = _session(ctx, open_only=True)
    ids = _decided_ids(ctx, s)
    if not ids:
        ctx.emit({decision: 0, "ids": []}, f"{s.label}：这个月没有待审核的记录。")
        return
    with late_hint(LATE_APPROVAL):
        count = ctx.ledger.review.decide(s.id, ids, decision, a.reason).value
    verb = {
        "approved": "审核通过",
        "late": "按补记通过",
        "rejected": f"审核不通过（理由：{a.reason.strip()}）",
    }[decision]
    ctx.emit({decision: count, "ids": ids}, f"{s.label}：已{verb} {count} 条记录。")


def run_close(ctx: Context) -> None:
    s = _session(ctx, open_only=True)
    closed = ctx.ledger.review.close(s.id, ctx.args.note).value
    left = f"；本月还有 {closed.pending} 条待审核，留待下次审核会" if closed.pending else ""
    ctx.emit(
        closed,
        f"已结束{closed.label}：通过 {closed.approved} 条，不通过 {closed.rejected} 条{left}。",
    )


def run_list(ctx: Context) -> None:
    rows = ctx.ledger.review.list(ctx.village.id, ctx.args.year)
    ctx.emit(
        rows,
        lambda: output.table_or(
            "还没有开过审核会。开会请运行：jifen review open --month 2026-03",
            ["编号", "月份", "开会日期", "地点", "审核人", "状态", "通过", "不通过", "待审核"],
            [
                (
                    short_id(s.id),
                    s.month,
                    s.held_on.isoformat(),
                    s.place,
                    s.reviewer_name,
                    s.status_name,
                    s.approved,
                    s.rejected,
                    s.pending,
                )
                for s in rows
            ],
            max_width={3: 20},
        ),
    )


def run_show(ctx: Context) -> None:
    s = _session(ctx, open_only=False)
    decided = ctx.ledger.review.decisions(s.id)
    pending = ctx.ledger.review.pending(s.id)

    def render() -> str:
        facts = output.key_values(
            [
                ("审核会", f"{s.label}（{s.status_name}）"),
                ("编号", short_id(s.id)),
                ("开会日期", s.held_on.isoformat()),
                ("地点", s.place or "未填"),
                ("参会人员", s.attendees or "未填"),
                ("主持审核", s.reviewer_name),
                ("结束时间", f"{s.closed_at:%Y-%m-%d %H:%M}" if s.closed_at else "尚未结束"),
                ("决定", s.decided_text),
                ("备注", s.note),
            ]
        )
        lines = [facts, "", "本次审核的记录：", entry_table(decided)]
        if pending:
            lines += ["", f"本月还有 {len(pending)} 条待审核：", entry_table(pending)]
        return "\n".join(lines)

    ctx.emit({"session": s, "decisions": decided, "pending": pending}, render)


def run_overdue(ctx: Context) -> None:
    overdue = ctx.ledger.review.overdue(ctx.village.id)

    def render() -> str:
        if not overdue:
            return "没有逾期未审核的记录。"
        rows = [(periods.parse(m).label, n) for m, n in overdue.items()]
        return (
            output.table(["月份", "待审核条数"], rows)
            + f"\n共 {sum(overdue.values())} 条逾期未审核，请开审核会处理，"
            + f"例如：jifen review open --month {next(iter(overdue))}"
        )

    ctx.emit(overdue, render)


def _quarter(q: QuarterState, today: dt.date) -> dict[str, object]:
    return {"quarter": q.quarter, "status": q.status, "text": q.describe(today)}


def run_calendar(ctx: Context) -> None:
    c = ctx.ledger.calendar(ctx.village.id)
    overdue = "、".join(periods.parse(m).label for m in c.overdue)
    data = {
        "today": c.today,
        "previous": _quarter(c.previous, c.today),
        "current": _quarter(c.current, c.today),
        "overdue": c.overdue,
        "open_sessions": c.open_sessions,
        "open_objections": c.open_objections,
        "vetoes_in_force": c.vetoes_in_force,
        "unfinished": [_quarter(q, c.today) for q in c.unfinished],
        "review_due": c.review_due_text(),
        "base_points_missing": c.base_points_missing,
    }
    facts = [
        ("今天", c.today.isoformat()),
        *(("未定稿", q.describe(c.today)) for q in c.unfinished),
        ("上季度", c.previous.describe(c.today)),
        ("本季度", c.current.describe(c.today)),
        ("逾期未审核", f"{c.overdue_entries} 条" + (f"（{overdue}）" if overdue else "")),
        ("进行中的审核会", "、".join(s.label for s in c.open_sessions) or "无"),
        ("待处理异议", f"{c.open_objections} 件"),
        ("一票否决期内", f"{c.vetoes_in_force} 户"),
        ("基础分未发", f"{c.base_points_missing} 户"),
    ]
    if c.review_due:
        facts.insert(-3, ("待开审核会", c.review_due_text()))
    ctx.emit(data, lambda: output.key_values(facts))
