"""``jifen township scorecard`` and ``jifen township targets show|set``: the township's yearly
考核 of villages (ranked, or saved as the summary PDF, the 考核表 of each village, or Excel),
and the targets and weights it measures by."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import output
from .argparse_zh import date_arg, year_arg
from .cmd_setup import Progress
from .context import CliError, Context, Subcommands, add_command, add_group

if TYPE_CHECKING:
    from jifen_desktop.sync.scorecard_targets import Target, Targets

if TYPE_CHECKING:  # the scorecard and its PDF/Excel writers load when a command runs
    from jifen_desktop.reports.common import Written
    from jifen_desktop.sync.scorecard import Scorecard, ScorecardService

SET_EXAMPLE = "jifen township targets set 户参与率=70/20 按时审核=12/15"


def register(town: Subcommands) -> None:
    """Add ``scorecard`` and ``targets`` to the ``jifen township`` group."""
    p = add_command(
        town,
        "scorecard",
        "村庄考核：各村一年的审核、公示、参与率、兑换等，按乡镇定的指标和权重打分排名",
        run_scorecard,
        epilog="例：jifen township scorecard --year 2026\n"
        "    jifen township scorecard --year 2026 --out 考核汇总.pdf\n"
        "    jifen township scorecard --year 2026 --sheets --out 考核表.pdf\n"
        "    jifen township scorecard --year 2026 --out 考核.xlsx",
    )
    p.add_argument("--year", type=year_arg, metavar="年份", help="考核哪一年（默认今年）")
    p.add_argument(
        "--as-of", type=date_arg, metavar="日期", help="按哪一天统计逾期未审（默认今天）"
    )
    p.add_argument(
        "--out", type=Path, metavar="文件", help="保存为 .pdf（汇总或考核表）或 .xlsx；不写则显示"
    )
    p.add_argument(
        "--sheets",
        nargs="*",
        metavar="村",
        help="与 --out x.pdf 一起用：打印各村的考核表（每村一页）；可写村代码或村名，只印这几个村",
    )
    p.add_argument("--font", type=Path, metavar="字体文件", help="PDF 用这个中文字体（.ttf/.ttc）")
    targets = add_group(town, "targets", "考核指标与权重：查看或修改（满分100）")
    add_command(targets, "show", "查看考核指标、目标和权重", run_targets_show)
    p = add_command(
        targets,
        "set",
        "修改考核指标的目标和权重：指标=目标/权重，权重合计须为100",
        run_targets_set,
        epilog=f"例：{SET_EXAMPLE}\n    jifen township targets set --defaults",
    )
    p.add_argument("pairs", nargs="*", metavar="指标=目标/权重", help="例如 户参与率=70/20")
    p.add_argument("--defaults", action="store_true", help="恢复为方案原文的默认目标和权重")


def _service(ctx: Context) -> ScorecardService:
    from jifen_desktop.sync.scorecard import ScorecardService

    if ctx.ledger.mode != "township":
        raise CliError("村庄考核在乡镇汇总库里做：请用 --data-dir 指向乡镇汇总库的数据文件夹。")
    return ScorecardService(ctx.ledger)


def run_scorecard(ctx: Context) -> None:
    a = ctx.args
    card = _service(ctx).scorecard(a.year or dt.date.today().year, a.as_of)
    if a.out is None:
        if a.sheets is not None:
            raise CliError("打印考核表要写保存到哪个文件：加上 --out 考核表.pdf")
        ctx.emit(card, lambda: _text(card))
        return
    written = _write(card, a)
    size = f"{written.pages} 页" if written.pages else f"{written.rows} 行数据"
    ctx.emit(
        {"path": str(written.path.resolve()), "pages": written.pages, "rows": written.rows},
        f"已保存：{written.path.resolve()}（{size}）",
    )


def _write(card: Scorecard, a: Any) -> Written:
    from jifen_desktop.reports.scorecard_pdf import write_scorecard_sheets, write_scorecard_summary
    from jifen_desktop.reports.scorecard_xlsx import write_scorecard_excel

    progress = Progress() if sys.stderr.isatty() else None
    suffix = a.out.suffix.lower()
    try:
        if suffix == ".xlsx":
            return write_scorecard_excel(card, a.out, progress=progress)
        if suffix != ".pdf":
            raise CliError(f"--out 的文件名要以 .pdf 或 .xlsx 结尾，现在是“{a.out.name}”。")
        if a.sheets is None:
            return write_scorecard_summary(card, a.out, font=a.font, progress=progress)
        chosen = _villages(card, a.sheets) if a.sheets else None
        return write_scorecard_sheets(
            card, a.out, village_ids=chosen, font=a.font, progress=progress
        )
    finally:
        if progress is not None:
            progress.done()


def _villages(card: Scorecard, names: list[str]) -> list[str]:
    found = []
    for name in names:
        match = [v for v in card.villages if name in (v.figures.code, v.figures.name)]
        if not match:
            raise CliError(
                f"没有叫“{name}”的村：请写村代码或村名（jifen township overview 可查）。"
            )
        found.append(match[0].figures.village_id)
    return found


def _text(card: Scorecard) -> str:
    from jifen_desktop.reports.scorecard_pdf import SUMMARY_NAMES, measure_rows, summary_rows
    from jifen_desktop.sync.scorecard_targets import FIGURES, FULL_MARKS

    header = ["名次", "村", *(SUMMARY_NAMES[f.key] for f in FIGURES), "总分"]
    if not card.villages:
        return "还没有导入任何村的同步包，没有可考核的村。"
    lines = [*measure_rows(card), *summary_rows(card)]
    rows: list[list[output.Cell]] = [list(r) for r in lines]
    table = output.table(header, rows, left=range(1, len(header)))
    return f"{card.township}{card.year}年度村庄考核（统计截至 {card.as_of}，满分 {FULL_MARKS}）\n{table}"


def _targets_text(targets: Targets) -> str:
    from jifen_desktop.sync.scorecard_targets import FIGURES, target_text

    rows: list[list[output.Cell]] = [
        [f.name, target_text(f, targets[f.key].target), targets[f.key].weight] for f in FIGURES
    ]
    rows.append(["合计", "", sum(t.weight for t in targets.values())])
    return output.table(["考核指标", "目标", "权重"], rows, left=(0, 1))


def run_targets_show(ctx: Context) -> None:
    targets = _service(ctx).targets()
    ctx.emit(targets, lambda: _targets_text(targets))


def run_targets_set(ctx: Context) -> None:
    from jifen_desktop.sync.scorecard_targets import defaults

    a = ctx.args
    service = _service(ctx)
    if a.defaults == bool(a.pairs):
        raise CliError(f"请写要改的指标（例：{SET_EXAMPLE}），或只写 --defaults。")
    chosen = defaults() if a.defaults else dict(service.targets())
    for pair in a.pairs:
        key, target = _parse_pair(pair, chosen)
        chosen[key] = target
    saved = service.set_targets(chosen).value
    ctx.emit(saved, lambda: "已保存考核指标与权重：\n" + _targets_text(saved))


def _parse_pair(text: str, current: Targets) -> tuple[str, Target]:
    """“户参与率=70/20” (target and weight) or “户参与率=70” (the weight as it is)."""
    from jifen_desktop.sync.scorecard_targets import FIGURES, Target

    name, _, value = text.replace("＝", "=").partition("=")
    key = next((f.key for f in FIGURES if name.strip() in (f.key, f.name)), None)
    target, _, weight = value.partition("/")
    if key is None:
        names = "、".join(f.name for f in FIGURES)
        raise CliError(f"不认识的指标“{name}”。可用的指标：{names}。")
    try:
        kept = current[key].weight
        return key, Target(int(target.strip().rstrip("%")), int(weight) if weight else kept)
    except ValueError:
        raise CliError(f"“{text}”写得不对，应写成 指标=目标/权重，例如 户参与率=70/20。") from None
