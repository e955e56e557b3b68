"""``jifen report recorders``: the 网格员 report (网格员考评) for a month, a quarter or a year —
per recorder and grid the entries, the days from deed to record, the shares rejected and with
evidence, and the households to visit; in a village's ledger or, at the township, across every
village (``--village`` for one). Printed as tables, as data with ``--json``, or saved with
``--out 文件.xlsx``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from jifen_desktop.model import periods

from . import output
from .context import CliError, Context, Subcommands, add_command

if TYPE_CHECKING:
    from jifen_desktop.model.recorder_report import RecorderLine, RecorderReport

PERIOD_HELP = "期间：2026Q3（季度）、2026（年度）或 2026-09（月份）；默认本季度"


def register(report: Subcommands) -> None:
    """``report recorders`` under ``jifen report``."""
    p = add_command(
        report,
        "recorders",
        "网格员考评：每位网格员在各网格的记录数、从发生到录入的天数、驳回率、证明材料和待走访的户",
        run_recorders,
        epilog="例：jifen report recorders --period 2026Q3\n"
        "    jifen report recorders --period 2026-09 --grid 一组\n"
        "    jifen report recorders --period 2026 --out 网格员考评.xlsx",
    )
    p.add_argument("--period", metavar="期间", help=PERIOD_HELP)
    p.add_argument("--grid", metavar="网格", help="只看这个网格（默认全村）")
    p.add_argument("--out", metavar="文件", help="另存为 Excel 表格（.xlsx），两张表：考评和待走访")


def _scope(ctx: Context) -> tuple[str | None, str | None, str]:
    """(village id, grid id, where in words): at the township every village unless
    ``--village`` names one."""
    a = ctx.args
    if ctx.ledger.mode == "township" and not a.village:
        if a.grid:
            raise CliError("乡镇汇总库里有多个村：按网格查看时，请用 --village 村代码 指明哪个村。")
        return None, None, "全乡镇"
    village = ctx.village
    return village.id, ctx.grid_id(a.grid), village.name + (f"{a.grid}网格" if a.grid else "")


def run_recorders(ctx: Context) -> None:
    from jifen_desktop.model.recorder_report import recorder_report
    from jifen_desktop.reports import recorder_sheet as sheet

    a = ctx.args
    period = periods.parse(a.period) if a.period else periods.quarter_of(dt.date.today())
    village_id, grid_id, where = _scope(ctx)
    report = recorder_report(ctx.ledger, period, village_id, grid_id)
    township = village_id is None
    if a.out:
        written = sheet.write_recorder_report(report, a.out, where=where, township=township)
        path = str(written.path.resolve())
        ctx.emit({"path": path, "rows": written.rows}, f"已保存：{path}（{written.rows} 行数据）")
        return
    ctx.emit(_data(report), lambda: _text(report, where, township))


def _line_data(line: RecorderLine) -> dict[str, Any]:
    shares = ("timed", "over_week_share", "rejected_share", "evidence_share")
    return {**dataclasses.asdict(line), **{name: getattr(line, name) for name in shares}}


def _data(report: RecorderReport) -> dict[str, Any]:
    from jifen_desktop.model.recorder_report import LATE_AFTER_DAYS

    return {
        "period": report.period.key,
        "label": report.period.label,
        "late_after_days": LATE_AFTER_DAYS,
        "lines": [_line_data(line) for line in report.lines],
        "to_visit": list(report.to_visit),
    }


def _text(report: RecorderReport, where: str, township: bool) -> str:
    from jifen_desktop.reports import recorder_sheet as sheet

    columns = sheet.line_columns(township)
    lines = [f"{where} {report.period.label} 网格员考评"]
    lines.append(
        output.table_or(
            "这个期间没有网格，也没有积分记录。",
            [c.title for c in columns],
            [sheet.shown_row(sheet.line_values(x, township), columns) for x in report.lines],
            left=(0, 1, 2) if township else (0, 1),
        )
    )
    lines.append(sheet.EXPLAINED)
    visits = sheet.visit_columns(township)
    lines.append(f"\n待走访农户（{len(report.to_visit)} 户）")
    lines.append(
        output.table_or(
            "没有：每一户在这个期间都有积分记录。",
            [c.title for c in visits],
            [sheet.visit_values(v, township) for v in report.to_visit],
            left=range(len(visits)),
        )
    )
    return "\n".join(lines)
