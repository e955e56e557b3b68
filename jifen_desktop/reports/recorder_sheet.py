"""The 网格员 report (网格员考评) as cells and as an .xlsx: one sheet of figures per recorder and
grid, one of the households to visit (nothing recorded in the period). The same columns and
cells serve the window's tables, ``jifen report recorders`` and the spreadsheet; the township's
have a 村 column first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jifen_desktop.model.recorder_report import (
    LATE_AFTER_DAYS,
    RecorderLine,
    RecorderReport,
    VisitLine,
)

from .common import Cancel, Progress, Steps, Written, check_output, printed_on
from .xlsx_sheet import Column, SheetData, save_workbook

VILLAGE_COLUMN = Column("村")
LINE_COLUMNS = (
    Column("网格"),
    Column("网格员"),
    Column("记录数", "int"),
    Column("补记", "int"),
    Column("间隔天数(中位)", "decimal"),
    Column(f"超{LATE_AFTER_DAYS}天才记", "percent"),
    Column("审核驳回", "percent"),
    Column("附证明", "percent"),
    Column("待走访户", "int"),
)
VISIT_COLUMNS = (Column("网格"), Column("户号"), Column("户主"))
EMPTY = "—"
EXPLAINED = (
    f"间隔天数：从事情发生到录入的天数，取中位数（补记不算，另列）；超{LATE_AFTER_DAYS}天才记："
    f"这些记录里超过{LATE_AFTER_DAYS}天才录入的比例。审核驳回：已审核的记录里未通过的比例。"
    "附证明：带照片或证明材料的记录所占比例。待走访：本期间没有任何积分记录的农户。"
)


def line_columns(township: bool) -> tuple[Column, ...]:
    return (VILLAGE_COLUMN, *LINE_COLUMNS) if township else LINE_COLUMNS


def visit_columns(township: bool) -> tuple[Column, ...]:
    return (VILLAGE_COLUMN, *VISIT_COLUMNS) if township else VISIT_COLUMNS


def line_values(line: RecorderLine, township: bool) -> list[Any]:
    """The figures of a line as numbers (a share as a fraction; None where there is none)."""
    values: list[Any] = [
        line.grid_name,
        line.recorder_name,
        line.entries,
        line.late_entries,
        line.median_days,
        line.over_week_share,
        line.rejected_share,
        line.evidence_share,
        line.to_visit,
    ]
    return [line.village_name, *values] if township else values


def visit_values(visit: VisitLine, township: bool) -> list[Any]:
    values = [visit.grid_name, visit.number, visit.head_name]
    return [visit.village_name, *values] if township else values


def shown(value: Any, kind: str) -> str:
    """A value as a table on screen or a terminal shows it: 25%, 1.5, — for none."""
    if value is None:
        return EMPTY
    if kind == "percent":
        return f"{value:.0%}"
    if kind == "decimal":
        return f"{value:g}"
    return str(value)


def shown_row(values: list[Any], columns: tuple[Column, ...]) -> list[str]:
    return [shown(v, c.kind) for v, c in zip(values, columns, strict=True)]


def sheets(report: RecorderReport, where: str, township: bool) -> list[SheetData]:
    """The two sheets: the figures, and the households to visit."""
    when = f"{where}{report.period.label}"
    figures = SheetData(
        "网格员考评",
        f"{when}网格员考评（{len(report.lines)} 行，{printed_on()}导出）",
        line_columns(township),
        [line_values(line, township) for line in report.lines],
    )
    visits = SheetData(
        "待走访农户",
        f"{when}没有任何积分记录的农户（{len(report.to_visit)} 户，网格员走访用）",
        visit_columns(township),
        [visit_values(v, township) for v in report.to_visit],
    )
    return [figures, visits]


def write_recorder_report(
    report: RecorderReport,
    path: Path | str,
    *,
    where: str = "",
    township: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Written:
    """The report as an .xlsx at ``path``; ``where`` names the village (or township) in the
    titles. Rows written: the figures' lines and the households to visit."""
    target = check_output(path, ".xlsx")
    steps = Steps(progress, cancel)
    count = save_workbook(target, sheets(report, where, township), steps)
    steps(1.0, "网格员考评已导出。")
    return Written(target, rows=count)
