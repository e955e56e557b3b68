"""村庄考核 in Excel: a sheet of the villages ranked (each figure as a number a clerk can sort
and sum, its points, the total), and a sheet of the targets and weights they were measured by."""

from __future__ import annotations

from pathlib import Path

from jifen_desktop.sync.scorecard import Scorecard, ScoreItem, VillageScorecard
from jifen_desktop.sync.scorecard_targets import BY_KEY, FIGURES, target_text

from .common import Cancel, Progress, Steps, Written, check_output, printed_on
from .xlsx_sheet import Column, SheetData, save_workbook

RATES = {"households", "persons", "party", "redeem_households", "redeem_persons", "objections"}


def _value_column(key: str) -> Column:
    figure = BY_KEY[key]
    if key in RATES:
        return Column(figure.name, "percent")
    if key == "chain":
        return Column(figure.name)
    if key == "objection_days":
        return Column(f"{figure.name}", "decimal")
    return Column(f"{figure.name}（{figure.unit}）", "int")


def _item_value(item: ScoreItem) -> object:
    """A figure as the sheet holds it: a rate as a fraction, none where there is none, the
    hash chain's check in words."""
    if item.key == "chain":
        return item.brief
    if item.value is None or (item.key == "objection_days" and item.brief == "—"):
        return None
    if item.key in RATES:
        return round(item.value / 100, 4)
    return item.value


def _cells(v: VillageScorecard) -> list[object]:
    cells: list[object] = [v.rank, v.name, v.figures.code]
    for item in v.items:
        cells += [_item_value(item), item.points]
    last = v.figures.last_bundle_at
    return [*cells, v.total, last]


def write_scorecard_excel(
    card: Scorecard,
    path: Path | str,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Written:
    """The year's 考核 of every village as an .xlsx at ``path``."""
    target = check_output(path, ".xlsx")
    steps = Steps(progress, cancel)
    title = f"{card.township}{card.year}年度村庄考核（统计截至 {card.as_of}，{printed_on()}导出）"
    columns = [Column("名次", "int"), Column("村"), Column("区划代码")]
    for figure in FIGURES:
        columns += [_value_column(figure.key), Column(f"{figure.name}得分", "decimal")]
    columns += [Column("总分", "decimal"), Column("最后一次同步包", "datetime")]
    targets = [
        (f.name, target_text(f, card.targets[f.key].target), card.targets[f.key].weight)
        for f in FIGURES
    ]
    sheets = [
        SheetData("村庄考核", title, columns, [_cells(v) for v in card.villages]),
        SheetData(
            "考核指标与权重",
            title,
            [Column("考核指标"), Column("目标"), Column("权重", "int")],
            targets,
        ),
    ]
    count = save_workbook(target, sheets, steps)
    steps(1.0, "考核结果已导出。")
    return Written(target, rows=count)
