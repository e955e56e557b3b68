"""``jifen roster template`` and ``jifen roster import``: the village's households and members from
its own Excel roster (花名册), with a dry run that lists every problem by row and column before
anything is written."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import output
from .argparse_zh import date_arg
from .context import CliError, Context, Subcommands, add_command, add_group

if TYPE_CHECKING:  # the .xlsx readers and writers load only when a roster command runs
    from jifen_desktop.model.roster.report import RosterReport, RosterSummary
    from jifen_desktop.model.roster.rows import RosterSheet
    from jifen_desktop.model.roster.service import RosterResult


def register(sub: Subcommands) -> None:
    roster = add_group(sub, "roster", "花名册：从 Excel 导入本村的户和成员")
    p = add_command(
        roster,
        "template",
        "生成花名册模板（Excel），按模板填好后导入",
        run_template,
        epilog="例：jifen roster template --out 花名册模板.xlsx --with-grids",
    )
    p.add_argument("--out", required=True, type=Path, metavar="文件", help="保存到哪个 .xlsx 文件")
    p.add_argument(
        "--with-grids", action="store_true", help="网格一列给出本村网格的下拉选项（需要登录）"
    )

    p = add_command(
        roster,
        "import",
        "导入花名册：按户号对上已有的户，按身份证号或姓名对上成员；重复导入不会重复登记",
        run_import,
        epilog="例：jifen roster import 花名册.xlsx --dry-run\n"
        "    jifen roster import 花名册.xlsx --skip-invalid",
    )
    p.add_argument(
        "file", type=Path, metavar="文件", help="花名册 .xlsx 文件（本村自己的表也可以）"
    )
    p.add_argument(
        "--dry-run", action="store_true", help="只检查，列出问题和将要导入的内容，不写入"
    )
    p.add_argument(
        "--skip-invalid", action="store_true", help="有问题的户整户跳过，只导入没有问题的户"
    )
    p.add_argument("--sheet", metavar="工作表", help="读哪个工作表（默认第一个有表头的）")
    p.add_argument(
        "--registered",
        type=date_arg,
        metavar="日期",
        help="表里没填“登记日期”的新户记在哪天登记（默认今年1月1日）",
    )


def run_template(ctx: Context) -> None:
    grids = (
        [g.name for g in ctx.ledger.villages.grids(ctx.village.id)] if ctx.args.with_grids else []
    )
    from jifen_desktop.reports.roster_template import write_roster_template

    written = write_roster_template(ctx.args.out, grids)
    ctx.emit(
        {"path": str(written.path), "grids": grids},
        f"已生成花名册模板：{written.path}（“填写说明”工作表里有填法和例子）。",
    )


def run_import(ctx: Context) -> None:
    a = ctx.args
    from jifen_desktop.reports.roster_read import read_roster

    sheet = read_roster(a.file, a.sheet)
    roster = ctx.ledger.roster
    village_id = ctx.village.id
    if a.dry_run or not a.skip_invalid:
        report = roster.check(village_id, sheet, registered_on=a.registered)
        if a.dry_run or not report.ok:
            ctx.emit(
                _data(a.file, sheet, report, None),
                lambda: _render(a.file, sheet, report, preview=a.dry_run),
            )
            if not report.ok and not a.dry_run:
                raise CliError(
                    f"花名册有{len(report.blocking)}处问题，没有导入任何内容："
                    "请按上面的表改正后重新导入，或加 --skip-invalid 只导入没有问题的户。"
                )
            return
    result = roster.apply(
        village_id, sheet, skip_invalid=a.skip_invalid, registered_on=a.registered
    ).value
    ctx.emit(
        _data(a.file, sheet, result.report, result),
        lambda: _render(a.file, sheet, result.report, result),
    )


def _data(
    path: Path, sheet: RosterSheet, report: RosterReport, result: RosterResult | None
) -> dict[str, Any]:
    return {
        "file": str(path),
        "sheet": sheet.name,
        "rows": len(sheet.rows),
        "applied": result is not None,
        "households_written": result.households_written if result else 0,
        "summary": report.summary,
        "problems": report.problems,
    }


def _render(
    path: Path,
    sheet: RosterSheet,
    report: RosterReport,
    result: RosterResult | None = None,
    *,
    preview: bool = False,
) -> str:
    s = report.summary
    parts = [
        f"花名册：{path.name}（工作表“{sheet.name}”，{len(sheet.rows)} 行）",
        _counts("已" if result else "将", s),
    ]
    if s.households_skipped or s.rows_skipped:
        verb = "已跳过" if result else "有问题、不能导入的"
        parts.append(f"{verb}：{s.households_skipped} 户，共 {s.rows_skipped} 行")
    if report.problems:
        parts += ["", f"问题（{len(report.problems)} 处）：", _problem_table(report)]
    if preview:
        parts += ["", "这是预览，没有写入任何内容。"]
        if report.ok:
            parts.append("去掉 --dry-run 即可导入。")
        else:
            parts.append("改正后重新导入；或加 --skip-invalid 只导入没有问题的户。")
    elif result is not None and not result.households_written:
        parts.append("台账里已经是表里的内容，没有需要改动的。")
    return "\n".join(parts)


def _counts(tense: str, s: RosterSummary) -> str:
    return (
        f"{tense}新增 {s.households_new} 户、{s.members_new} 人；"
        f"{tense}更新 {s.households_updated} 户、{s.members_updated} 人；"
        f"无变化 {s.households_unchanged} 户、{s.members_unchanged} 人"
    )


def _problem_table(report: RosterReport) -> str:
    return output.table(
        ["行", "列", "问题"],
        [
            (p.row, p.column, p.message if p.blocking else f"（提示）{p.message}")
            for p in report.problems
        ],
    )
