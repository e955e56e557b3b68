"""``jifen year-close`` (年度结转): ``status`` shows where a village's year stands — what it
leaves open and where to deal with it, the honours to record (vetoed households apart), 年底清零,
the new year's base points with the withhold list, the archive and the backup; ``run`` does the
steps in order (each idempotent: run it again after an interruption and it goes on);
``rules`` marks the deductions that withhold the next year's base points."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .argparse_zh import date_arg, positive_arg, year_arg
from .cmd_setup import Progress
from .context import Context, Subcommands, add_command, add_group

if TYPE_CHECKING:
    from jifen_desktop.model.year_close import HonourChoice, YearCloseStatus

STEPS = ("open", "honours", "expiry", "base", "archive", "backup")


def register(sub: Subcommands) -> None:
    group = add_group(sub, "year-close", "年度结转：查看本年度还有什么没做完，按顺序结转到下一年")
    p = add_command(
        group,
        "status",
        "本年度的情况：未了结事项、评先评优名单、年底清零、新年度基础分、档案和备份",
        run_status,
        epilog="例：jifen year-close status --year 2026 --top 10",
    )
    _year_and_honour(p)

    p = add_command(
        group,
        "run",
        "按顺序做年度结转（做过的步骤不会重做；中途断电后再运行一次即可接着做）",
        run_run,
        epilog="例：jifen year-close run --year 2026 --title 十星级文明户 --top 10 "
        "--meeting 2027-01-08 --archive /media/U盘 --backup /media/U盘",
    )
    _year_and_honour(p)
    p.add_argument("--meeting", type=date_arg, metavar="日期", help="评议会议的日期（默认今天）")
    p.add_argument("--no-honours", action="store_true", help="这次不记录荣誉称号")
    p.add_argument("--no-expire", action="store_true", help="这次不做年底清零")
    p.add_argument("--no-base", action="store_true", help="这次不发新年度基础分")
    p.add_argument("--archive", type=Path, metavar="文件夹", help="年度档案存到哪个文件夹")
    p.add_argument("--backup", type=Path, metavar="文件夹", help="备份到哪个U盘或文件夹")

    p = add_command(
        group,
        "rules",
        "上年有这些扣分（已审核通过）的户，不发下一年度基础分",
        run_rules,
        epilog="例：jifen year-close rules A17 E14    （不写编号：清除）",
    )
    p.add_argument("codes", nargs="*", metavar="细则编号", help="扣分项目的编号")


def _year_and_honour(p: Any) -> None:
    p.add_argument("--year", type=year_arg, metavar="年份", help="结转哪一年（默认去年）")
    p.add_argument("--title", default="十星级文明户", metavar="称号", help="荣誉称号")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--top", type=positive_arg, metavar="N", help="前N名（默认10）")
    how.add_argument("--above-average", action="store_true", help="高于平均分的户")
    how.add_argument("--grade", metavar="等级", help="评星定级的这一等级，例如 优秀")


def _year(ctx: Context) -> int:
    return int(ctx.args.year or dt.date.today().year - 1)


def _choice(ctx: Context) -> HonourChoice:
    from jifen_desktop.model.year_close import HonourChoice

    a = ctx.args
    if a.above_average:
        return HonourChoice(a.title, "above_average")
    if a.grade:
        return HonourChoice(a.title, "grade", grade=a.grade)
    return HonourChoice(a.title, "top", a.top or 10)


def status_lines(status: YearCloseStatus, choice: HonourChoice) -> list[str]:
    from jifen_desktop.model.year_close import STEP_TITLES

    lines = [f"{status.year}年度结转："]
    for n, step in enumerate(STEPS, 1):
        mark = "✓" if status.done(step) else ("…" if status.blocked(step) else "○")
        lines.append(f"{n}. {mark} {STEP_TITLES[step]}：{status.detail(step)}")
        lines += _step_lines(status, choice, step)
    return lines


def _step_lines(status: YearCloseStatus, choice: HonourChoice, step: str) -> list[str]:
    if step == "open":
        return [f"   - {i.text}。{i.advice}" for i in status.open_items]
    if step == "honours" and not status.done(step):
        named = choice.candidates(status.honours)
        rows = [f"   - {r.number} {r.head_name}：{basis}" for r, basis in named]
        vetoed = "、".join(f"{r.number} {r.head_name}" for r in status.honours.vetoed)
        return rows + ([f"   一票否决，不参加评选：{vetoed}"] if vetoed else [])
    if step == "base" and status.base is not None and status.base.withhold:
        names = {c.household_id: c.label for c in status.base.plan.candidates}
        return [f"   - 不发 {names[h]}：{r}" for h, r in status.base.withhold.items()]
    return []


def _status_data(status: YearCloseStatus) -> dict[str, Any]:
    return {
        "year": status.year,
        "steps": {
            s: {"done": status.done(s), "blocked": status.blocked(s), "detail": status.detail(s)}
            for s in STEPS
        },
        "open_items": [
            {"kind": i.kind, "text": i.text, "where": i.place} for i in status.open_items
        ],
        "awarded": status.awarded,
        "withhold": status.base.withhold if status.base else {},
    }


def run_status(ctx: Context) -> None:
    from jifen_desktop.model.year_close import YearCloseService

    choice = _choice(ctx)
    status = YearCloseService(ctx.ledger).status(ctx.village.id, _year(ctx), choice)
    ctx.emit(_status_data(status), lambda: "\n".join(status_lines(status, choice)))


def run_run(ctx: Context) -> None:
    from jifen_desktop.reports.year_close_run import YearClosePlan, run_year_close

    a = ctx.args
    plan = YearClosePlan(
        year=_year(ctx),
        meeting_on=a.meeting or dt.date.today(),
        honour=None if a.no_honours else _choice(ctx),
        expire=not a.no_expire,
        give_base=not a.no_base,
        archive_dir=a.archive,
        backup_dir=a.backup,
    )
    progress = Progress() if sys.stderr.isatty() else None
    try:
        outcomes = run_year_close(ctx.ledger, ctx.village.id, plan, progress=progress)
    finally:
        if progress is not None:
            progress.done()
    data = [{"step": o.step, "done": o.done, "text": o.text} for o in outcomes]
    lines = [f"{plan.year}年度结转："] + [
        f"{'✓' if o.done else '○'} {o.title}：{o.text}" for o in outcomes
    ]
    ctx.emit(data, "\n".join(lines))


def run_rules(ctx: Context) -> None:
    from jifen_desktop.model.year_close import YearCloseService

    codes = YearCloseService(ctx.ledger).set_withhold_rules(ctx.village.id, ctx.args.codes).value
    text = "、".join(codes) if codes else "无（只有一票否决的户不发）"
    ctx.emit(codes, f"已设置：上年有这些扣分的户不发下一年度基础分：{text}。")
