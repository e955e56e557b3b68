"""``jifen publish`` (一季一公示): draft a quarter's publication (a snapshot to check), post it
on the notice board for its posting period, make it final, list them, and print one: the
table of every household's points and the 补记 listed apart. A publication is named by its
quarter, and --grid for one grid's (without --grid: the whole village's)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from jifen_desktop.model.errors import NotFound
from jifen_desktop.model.wording import LATE_HEADERS, LATE_TITLE

from . import output
from .argparse_zh import date_arg, year_arg
from .context import Context, Subcommands, add_command, add_group
from .report_common import RANK_HEADERS, rank_cells

if TYPE_CHECKING:
    from jifen_desktop.model.calendar.publications import PublicationInfo
    from jifen_desktop.model.calendar.snapshot import LateLine, SnapshotLine


def register(sub: Subcommands) -> None:
    publish = add_group(sub, "publish", "一季一公示：草稿、张贴、定稿、公示表")
    p = add_command(
        publish,
        "draft",
        "生成（或刷新）一个季度的公示草稿，供核对",
        run_draft,
        epilog="例：jifen publish draft --quarter 2026Q3\n"
        "    jifen publish draft --quarter 2026Q3 --grid 一组 --contact 王书记",
    )
    publication_options(p)
    p.add_argument("--contact", default="", metavar="联系人", help="异议联系人和电话")
    p.add_argument("--note", default="", metavar="备注", help="备注")

    p = add_command(
        publish,
        "post",
        "张贴公示：公示表定下来，公示期内可以提出异议，本季度从此锁定",
        run_post,
        epilog="例：jifen publish post --quarter 2026Q3 --from 2026-10-08 --to 2026-10-14",
    )
    publication_options(p)
    p.add_argument(
        "--from", dest="start", type=date_arg, metavar="日期", help="公示开始（默认今天）"
    )
    p.add_argument("--to", dest="end", type=date_arg, metavar="日期", help="公示结束（默认共7天）")
    p.add_argument("--contact", default="", metavar="联系人", help="异议联系人和电话")

    p = add_command(
        publish,
        "final",
        "公示定稿：公示期已满、异议都已处理",
        run_final,
        epilog="例：jifen publish final --quarter 2026Q3",
    )
    publication_options(p)

    p = add_command(publish, "list", "公示列表（最近的季度在前）", run_list)
    p.add_argument("--year", type=year_arg, metavar="年份", help="只看这一年")

    p = add_command(
        publish,
        "show",
        "显示公示表：各户积分和单独列出的补记",
        run_show,
        epilog="例：jifen publish show --quarter 2026Q3 --grid 一组",
    )
    publication_options(p)


def publication_options(p: argparse.ArgumentParser) -> None:
    """--quarter and --grid, which name a publication."""
    p.add_argument("--quarter", required=True, metavar="季度", help="哪个季度，例如 2026Q3")
    p.add_argument("--grid", metavar="网格", help="按网格公示时的网格（默认全村）")


def find_publication(ctx: Context) -> PublicationInfo:
    """The publication named by --quarter (and --grid)."""
    from jifen_desktop.model.calendar.publications import parse_quarter

    a = ctx.args
    found = ctx.ledger.publications.find(ctx.village.id, a.quarter, ctx.grid_id(a.grid))
    if found is None:
        period = parse_quarter(a.quarter)
        grid = f" --grid {a.grid}" if a.grid else ""
        raise NotFound(
            f"{period.label}（{a.grid or '全村'}）还没有公示：请先运行 "
            f"jifen publish draft --quarter {period.key}{grid}。"
        )
    return found


def publication_json(p: PublicationInfo) -> dict[str, Any]:
    """The publication with what its properties say (label, status name, warning)."""
    data: dict[str, Any] = output.jsonable(p)
    return {**data, "label": p.label, "status_name": p.status_name, "warning": p.warning}


def _period_text(p: PublicationInfo) -> str:
    return f"{p.posting_start} 至 {p.posting_end}"


def run_draft(ctx: Context) -> None:
    a = ctx.args
    p = ctx.ledger.publications.draft(
        ctx.village.id, a.quarter, ctx.grid_id(a.grid), contact=a.contact, note=a.note
    ).value
    if p.warning and not ctx.json:
        output.note(f"注意：{p.warning}")
    ctx.emit(
        publication_json(p),
        f"已生成{p.label}草稿（第 {p.version} 版，{p.households} 户）。"
        f"核对：jifen publish show --quarter {p.quarter}{_grid_flag(p)}；"
        f"张贴：jifen publish post --quarter {p.quarter}{_grid_flag(p)}",
    )


def _grid_flag(p: PublicationInfo) -> str:
    return f" --grid {p.grid_name}" if p.grid_name else ""


def run_post(ctx: Context) -> None:
    a = ctx.args
    p = ctx.ledger.publications.post(find_publication(ctx).id, a.start, a.end, a.contact).value
    ctx.emit(
        publication_json(p),
        f"已张贴{p.label}：公示期 {_period_text(p)}，异议联系人：{p.contact}。"
        "本季度已锁定，此后发现的漏记错记请按补记录入（entry add --late）。",
    )


def run_final(ctx: Context) -> None:
    p = ctx.ledger.publications.finalise(find_publication(ctx).id).value
    ctx.emit(publication_json(p), f"{p.label}已定稿（异议 {p.objections} 件，均已处理）。")


def run_list(ctx: Context) -> None:
    rows = ctx.ledger.publications.list(ctx.village.id, ctx.args.year)
    ctx.emit(
        [publication_json(p) for p in rows],
        lambda: output.table_or(
            "还没有公示。生成草稿：jifen publish draft --quarter 2026Q3",
            ["季度", "范围", "状态", "公示期", "户数", "异议", "待处理", "版本"],
            [
                (
                    p.quarter,
                    p.scope,
                    p.status_name,
                    _period_text(p),
                    p.households,
                    p.objections,
                    p.open_objections,
                    p.version,
                )
                for p in rows
            ],
        ),
    )


def snapshot_table(lines: list[SnapshotLine]) -> str:
    return output.table_or(
        "公示表上没有户。",
        [*RANK_HEADERS, "本季", "其中补记", "年度", "累计", "备注"],
        [
            (
                *rank_cells(r),
                output.signed(r.net),
                r.late or "",
                r.year_total,
                r.lifetime_total,
                "一票否决" if r.vetoed else "",
            )
            for r in lines
        ],
        left=(1,),
    )


def late_table(late: list[LateLine]) -> str:
    return output.table(
        LATE_HEADERS,
        [
            (
                r.number,
                r.head_name,
                r.original_on.isoformat(),
                r.recorded_on.isoformat(),
                r.item,
                output.signed(r.points),
                r.reason,
            )
            for r in late
        ],
        max_width={4: 30, 6: 30},
    )


def run_show(ctx: Context) -> None:
    p = find_publication(ctx)
    lines = ctx.ledger.publications.lines(p.id)
    late = ctx.ledger.publications.late_entries(p.id)

    def render() -> str:
        facts = output.key_values(
            [
                ("公示", f"{p.label}（{p.status_name}）"),
                ("公示期", _period_text(p)),
                ("异议联系人", p.contact or "张贴时填写"),
                (
                    "公示表",
                    f"第 {p.version} 版，{p.taken_at:%Y-%m-%d %H:%M} 生成，{p.households} 户",
                ),
                ("异议", f"{p.objections} 件，待处理 {p.open_objections} 件"),
                *([("提醒", p.warning)] if p.warning else []),
            ]
        )
        parts = [facts, "", snapshot_table(lines)]
        if late:
            parts += ["", f"{LATE_TITLE}：", late_table(late)]
        return "\n".join(parts)

    ctx.emit({"publication": publication_json(p), "lines": lines, "late": late}, render)
