"""Figures in Excel: the ranking of a period (with the village's grades for a year and the veto
mark), and the township summary — per village and per grid: households on the books, how many
took part, points added and deducted, the average — plus the points per category. Units (单位)
are not households: the figures are the households', a village's units have columns apart."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jifen_desktop.model.calendar.honours import Grade, graded
from jifen_desktop.model.households import KIND_NAMES
from jifen_desktop.model.periods import Period
from jifen_desktop.model.rankings import Participation, RankRow
from jifen_desktop.model.villages import VillageInfo
from jifen_desktop.model.wording import grade_text

from .common import Cancel, Progress, Steps, Written, check_output, grid_name, printed_on
from .excel_ledger import as_period
from .xlsx_sheet import Column, SheetData, save_workbook

if TYPE_CHECKING:
    from jifen_desktop.model.ledger import Ledger

RANK_COLUMNS = (
    Column("名次", "int"),
    Column("户号"),
    Column("户主/单位"),
    Column("网格"),
    Column("加分", "int"),
    Column("扣分", "int"),
    Column("合计", "signed"),
)
FIGURE_COLUMNS = (
    Column("在册户数", "int"),
    Column("参与户数", "int"),
    Column("参与率", "percent"),
    Column("加分", "int"),
    Column("扣分", "int"),
    Column("净分", "signed"),
    Column("户均积分", "decimal"),
)
UNIT_COLUMNS = (Column("在册单位数", "int"), Column("单位净分", "signed"))
CATEGORY_COLUMNS = (Column("加分", "int"), Column("扣分", "int"), Column("记录数", "int"))


def write_ranking(
    ledger: Ledger,
    village_id: str,
    period: Period | str,
    path: Path | str,
    *,
    grid_id: str | None = None,
    kind: str = "household",
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Written:
    """The ranking of a period (shared ranks 1, 2, 2, 4) as an .xlsx at ``path``; for a year
    with each household's grade (评星定级), and the households under a veto marked."""
    target = check_output(path, ".xlsx")
    steps = Steps(progress, cancel)
    chosen = as_period(period)
    steps(0.0, "正在计算排名…")
    village = ledger.villages.get(village_id)
    rows = ledger.rankings.rank(village_id, chosen, grid_id, kind)
    grades = ledger.honours.grades(village_id) if graded(chosen) else None
    columns = [*RANK_COLUMNS, *([Column("等级")] if grades else []), Column("一票否决")]
    average = sum(r.points for r in rows) / len(rows) if rows else 0.0
    where = f"{village.name}{grid_name(ledger, village_id, grid_id)}"
    sheet = SheetData(
        "排名",
        f"{where}{chosen.label}{KIND_NAMES.get(kind, '')}积分排名（{len(rows)} 户，"
        f"平均 {average:.1f} 分，{printed_on()}导出）",
        columns,
        [_rank_row(r, grades) for r in rows],
    )
    count = save_workbook(target, [sheet], steps)
    steps(1.0, "排名已导出。")
    return Written(target, rows=count)


def _rank_row(r: RankRow, grades: list[Grade] | None) -> tuple[object, ...]:
    cells: tuple[object, ...] = (
        r.rank,
        r.number,
        r.head_name,
        r.grid_name,
        r.added,
        r.deducted,
        r.points,
    )
    if grades is not None:
        cells += (grade_text(r, grades),)
    return (*cells, "是" if r.vetoed else "")


def write_summary(
    ledger: Ledger,
    period: Period | str,
    path: Path | str,
    *,
    village_ids: list[str] | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Written:
    """The township summary of a period for every village in the ledger the operator may see
    (or those given): one sheet per village, one per grid, one per rule category."""
    target = check_output(path, ".xlsx")
    steps = Steps(progress, cancel)
    chosen = as_period(period)
    villages = [v for v in ledger.villages.list() if _visible(ledger, v, village_ids)]
    lines = _SummaryLines()
    for i, village in enumerate(villages):
        steps(0.3 * i / max(1, len(villages)), f"正在统计{village.name}…")
        lines.add_village(ledger, village, chosen)
    township = villages[0].township_name if villages else ""
    title = f"{township}{chosen.label}积分制汇总（{printed_on()}导出）"
    count = save_workbook(target, lines.sheets(title), steps)
    steps(1.0, "汇总表已导出。")
    return Written(target, rows=count)


@dataclass
class _SummaryLines:
    """The summary's three sheets as they fill, village by village."""

    by_village: list[tuple[object, ...]] = field(default_factory=list)
    by_grid: list[tuple[object, ...]] = field(default_factory=list)
    by_category: list[tuple[object, ...]] = field(default_factory=list)

    def add_village(self, ledger: Ledger, village: VillageInfo, chosen: Period) -> None:
        """The village's line (with its units), its grids' lines and its categories'."""
        self._add_scopes(ledger, village, chosen)
        for c in ledger.rankings.by_category(village.id, chosen):
            self.by_category.append((village.name, c.label, c.added, c.deducted, c.entries))

    def _add_scopes(self, ledger: Ledger, village: VillageInfo, chosen: Period) -> None:
        """The village's line, with its units' count and points, and a line per grid."""
        ranks = ledger.rankings.rank(village.id, chosen)
        units = ledger.rankings.rank(village.id, chosen, kind="unit")
        for p in ledger.rankings.participation(village.id, chosen):
            mine = [r for r in ranks if p.grid_id is None or r.grid_name == p.grid_name]
            line = (village.name, p.grid_name, *_figures(p, mine))
            if p.grid_id is None:
                self.by_village.append((*line, len(units), sum(u.points for u in units)))
            else:
                self.by_grid.append(line)

    def sheets(self, title: str) -> list[SheetData]:
        village, grid = [Column("村"), Column("范围")], [Column("村"), Column("网格")]
        category = [Column("村"), Column("类别"), *CATEGORY_COLUMNS]
        return [
            SheetData(
                "各村汇总", title, [*village, *FIGURE_COLUMNS, *UNIT_COLUMNS], self.by_village
            ),
            SheetData("分网格", title, [*grid, *FIGURE_COLUMNS], self.by_grid),
            SheetData("分类别", title, category, self.by_category),
        ]


def _visible(ledger: Ledger, village: VillageInfo, chosen: list[str] | None) -> bool:
    own = ledger.actor.village_id
    return (chosen is None or village.id in chosen) and (own is None or village.id == own)


def _figures(p: Participation, ranks: list[RankRow]) -> tuple[object, ...]:
    added = sum(r.added for r in ranks)
    deducted = sum(r.deducted for r in ranks)
    net = added + deducted
    average = net / p.active_households if p.active_households else 0.0
    return (p.active_households, p.participating, p.rate, added, deducted, net, round(average, 1))
