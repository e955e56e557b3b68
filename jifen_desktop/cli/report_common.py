"""What the figure and report commands share, in one module they all import (so they need not
import each other): the ``--period`` help, a ranking's first columns, and ``run``, which writes a
report file with progress on a terminal and says where it went."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import output
from .cmd_setup import Progress
from .context import Context

if TYPE_CHECKING:
    from jifen_desktop.model.calendar.snapshot import SnapshotLine
    from jifen_desktop.model.rankings import RankRow
    from jifen_desktop.reports.common import Progress as ProgressFn
    from jifen_desktop.reports.common import Written

    Writer = Callable[[Context, ProgressFn | None], Written]

PERIOD_HELP = "期间：2026Q1（季度）、2026H1（上半年）、2026（年度）、2026-03（月份）或 all（累计）"
RANK_HEADERS = ["名次", "户号", "户主/单位", "网格", "加分", "扣分"]


def rank_cells(r: RankRow | SnapshotLine) -> tuple[output.Cell, ...]:
    """The cells a ranking and a publication's table begin with."""
    return (r.rank, r.number, r.head_name, r.grid_name, r.added, r.deducted)


def run(ctx: Context, writer: Writer) -> None:
    """Write the file with progress on a terminal's stderr; say where it went."""
    progress = Progress() if sys.stderr.isatty() else None
    try:
        written = writer(ctx, progress)
    finally:
        if progress is not None:
            progress.done()
    data: dict[str, Any] = {
        "path": str(written.path.resolve()),
        "pages": written.pages,
        "rows": written.rows,
        "font": written.font,
        "warnings": list(written.warnings),
    }
    size = f"{written.pages} 页" if written.pages else f"{written.rows} 行数据"
    font = f"，字体：{written.font}" if written.font else ""
    ctx.emit(data, f"已保存：{data['path']}（{size}{font}）")
    for warning in written.warnings:
        output.note(f"注意：{warning}")
