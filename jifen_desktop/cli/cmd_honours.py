"""``jifen honours`` (评先评优): a period's average, the households above it, the top N and the
grades (评星定级), with the households under a veto listed apart; ``jifen honours grades``
shows and sets the village's grades; ``award``, ``list`` and ``lift`` record the titles awarded
(``cmd_honour_awards``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from jifen_desktop.model import periods

from .argparse_zh import positive_arg
from .cmd_honour_awards import register_awards
from .cmd_report import PERIOD_HELP, rank_table
from .context import Context, Subcommands, add_command, add_group
from .grade_args import grade_arg, grade_text

if TYPE_CHECKING:
    from jifen_desktop.model.calendar.honours import Grade, Honours
    from jifen_desktop.model.rankings import RankRow


def register(sub: Subcommands) -> None:
    p = add_command(
        sub,
        "honours",
        "评先评优：平均分、高于平均分的户、前几名、评星定级（一票否决的户单独列出）",
        run_honours,
        epilog="例：jifen honours --period 2026 --top 10\n"
        "    jifen honours --period 2026Q3 --grid 一组\n"
        "    jifen honours grades set 优秀:80 合格:60 诫勉\n"
        "    jifen honours award --title 十星级文明户 --period 2026 --meeting 2027-01-08 "
        "--household 0101",
    )
    p.add_argument("--period", metavar="期间", help=PERIOD_HELP + "；默认今年")
    p.add_argument("--top", type=positive_arg, default=10, metavar="N", help="前几名（默认10）")
    p.add_argument("--grid", metavar="网格", help="只评这个网格")
    actions = p.add_subparsers(title="操作", metavar="操作", dest="action")
    grades = add_group(actions, "grades", "评星定级的等级和分数线")
    add_command(grades, "show", "显示本村的等级和分数线", run_grades_show)
    g = add_command(
        grades,
        "set",
        "设置等级，从高到低；最后一个可以不写分数线（其余各户都归入它）",
        run_grades_set,
        epilog="例：jifen honours grades set 优秀:80 合格:60 诫勉",
    )
    g.add_argument("grades", nargs="+", type=grade_arg, metavar="名称:分数线", help="各个等级")
    register_awards(actions)


def households_text(rows: list[RankRow]) -> str:
    return "、".join(f"{r.number} {r.head_name}" for r in rows) or "无"


def run_honours(ctx: Context) -> None:
    a = ctx.args
    period = periods.parse(a.period) if a.period else periods.year(dt.date.today().year)
    h = ctx.ledger.honours.honours(ctx.village.id, period, a.top, ctx.grid_id(a.grid))
    where = f"{a.grid}网格" if a.grid else ctx.village.name
    ctx.emit(_honours_json(h), lambda: _honours_text(h, where, a.top))


def _honours_json(h: Honours) -> dict[str, Any]:
    return {
        "period": h.period.key,
        "label": h.period.label,
        "average": round(h.average, 2),
        "above_average": h.above_average,
        "top": h.top,
        "grades": [
            {"name": g.name, "minimum": g.minimum, "households": rows} for g, rows in h.grades
        ],
        "vetoed": h.vetoed,
        "two_years": h.two_years,  # at the top grade this year and last (a year only)
    }


def _honours_text(h: Honours, where: str, top: int) -> str:
    """The honour lists in words: average, above it, the top ``top``, grades (and 连续两年优秀),
    who is left out."""
    from jifen_desktop.model.calendar.honours import two_years_name

    lines = [
        f"{where} {h.period.label} 评先评优",
        f"平均分 {h.average:.1f}",
        "",
        f"高于平均分的户（{len(h.above_average)} 户）：",
        rank_table(h.above_average) if h.above_average else "没有。",
        "",
        f"前 {top} 名（同分的一起列出）：",
        rank_table(h.top) if h.top else "没有可评的户。",
        "",
        "评星定级：",
        *(f"  {grade_text(g)} {len(rows)} 户：{households_text(rows)}" for g, rows in h.grades),
    ]
    if h.grades:
        name = two_years_name([g for g, _rows in h.grades])
        lines.append(f"  {name} {len(h.two_years)} 户：{households_text(h.two_years)}")
    if h.vetoed:
        lines += ["", f"一票否决，不参加评选：{households_text(h.vetoed)}"]
    return "\n".join(lines)


def _grades_text(grades: list[Grade]) -> str:
    return "、".join(grade_text(g) for g in grades)


def run_grades_show(ctx: Context) -> None:
    grades = ctx.ledger.honours.grades(ctx.village.id)
    ctx.emit(grades, lambda: f"评星定级：{_grades_text(grades)}")


def run_grades_set(ctx: Context) -> None:
    grades = ctx.ledger.honours.set_grades(ctx.village.id, ctx.args.grades).value
    ctx.emit(grades, f"已设置评星定级：{_grades_text(grades)}。")
