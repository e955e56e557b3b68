"""The printouts as the pages offer them: each PDF is made off the GUI thread with progress and
opened in the preview (打印…, 另存为…); each spreadsheet is saved where the user chooses, also
made off the GUI thread. The PDF font is the one chosen in 设置 › 显示与账号, else one found on
the system (``reports.fonts``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from jifen_desktop.model.periods import Period

from . import messages
from .background import Progress, run_in_background
from .context import AppContext
from .forms import ask_save_path
from .pdf_preview import PdfPreview, show_report

if TYPE_CHECKING:  # the PDF and Excel writers (reportlab, openpyxl) load on the worker that writes
    from jifen_desktop.reports.notice import NoticeOptions

FONT_KEY = "reports/font"
Shown = Callable[[PdfPreview], None] | None


def chosen_font() -> str | None:
    """The font file chosen in 设置 (None: find one on the system)."""
    value = QSettings().value(FONT_KEY, "")
    return str(value) if value else None


def notice(
    parent: QWidget,
    ctx: AppContext,
    publication_id: str,
    on_shown: Shown = None,
    options: NoticeOptions | None = None,
) -> None:
    """The 季度公示表, printed as ``options`` say (A4 portrait, whole, unless they say else)."""
    from jifen_desktop.reports.notice import NoticeOptions

    pub = ctx.ledger.publications.get(publication_id)
    chosen = options or NoticeOptions()
    part = chosen.grid or ("各网格" if chosen.per_grid else pub.grid_name)
    side = "横版" if chosen.landscape else ""
    name = f"{ctx.village.name}{pub.quarter}公示表{part}{chosen.paper}{side}.pdf"

    def make(path: Path, progress: Progress, cancel: threading.Event) -> object:
        from jifen_desktop.reports.notice import write_notice

        return write_notice(
            ctx.ledger,
            publication_id,
            path,
            paper=chosen.paper,
            landscape=chosen.landscape,
            grid=chosen.grid,
            per_grid=chosen.per_grid,
            font=chosen_font(),
            progress=progress,
            cancel=cancel,
        )

    show_report(parent, parent.tr("季度公示表"), name, make, on_shown)


def card(
    parent: QWidget, ctx: AppContext, household_id: str, year: int, on_shown: Shown = None
) -> None:
    household = ctx.ledger.households.get(household_id)
    name = f"{household.number}{household.unit_name or household.head_name}{year}积分卡.pdf"

    def make(path: Path, progress: Progress, cancel: threading.Event) -> object:
        from jifen_desktop.reports.card import write_card

        return write_card(
            ctx.ledger,
            household_id,
            year,
            path,
            font=chosen_font(),
            progress=progress,
            cancel=cancel,
        )

    show_report(parent, parent.tr("户积分卡"), name, make, on_shown)


def minutes(parent: QWidget, ctx: AppContext, session_id: str, on_shown: Shown = None) -> None:
    session = ctx.ledger.review.get(session_id)

    def make(path: Path, progress: Progress, cancel: threading.Event) -> object:
        from jifen_desktop.reports.minutes import write_minutes

        return write_minutes(
            ctx.ledger, session_id, path, font=chosen_font(), progress=progress, cancel=cancel
        )

    show_report(
        parent, parent.tr("审核会议记录"), f"{session.month}审核会议记录.pdf", make, on_shown
    )


def receipt(parent: QWidget, ctx: AppContext, receipt_no: str, on_shown: Shown = None) -> None:
    def make(path: Path, progress: Progress, cancel: threading.Event) -> object:
        from jifen_desktop.reports.receipt import write_receipt

        return write_receipt(
            ctx.ledger,
            ctx.village_id,
            receipt_no,
            path,
            font=chosen_font(),
            progress=progress,
            cancel=cancel,
        )

    show_report(parent, parent.tr("兑换凭证"), f"兑换凭证{receipt_no}.pdf", make, on_shown)


def save_spreadsheet(
    parent: QWidget,
    title: str,
    suggested: str,
    write: Callable[[Path, Progress, threading.Event], object],
    target: Path | None = None,
    on_saved: Callable[[Path], None] | None = None,
) -> None:
    """Ask where (unless ``target``), then write the .xlsx on a worker and say where it is."""
    if target is None:
        target = ask_save_path(parent, title, suggested, parent.tr("Excel 表格 (*.xlsx)"))
        if target is None:
            return
    if target.suffix.lower() != ".xlsx":
        target = target.with_suffix(".xlsx")
    saved = target

    def done(_written: object) -> None:
        if on_saved is not None:
            on_saved(saved)
        else:
            messages.inform(parent, title, parent.tr("已保存到 {0}").format(saved))

    run_in_background(parent, title, lambda p, c: write(saved, p, c), done, modal=False)


def ranking(
    parent: QWidget,
    ctx: AppContext,
    period: Period,
    grid_id: str | None,
    **kw: object,
) -> None:

    def write(path: Path, p: Progress, c: threading.Event) -> object:
        from jifen_desktop.reports.excel_figures import write_ranking

        return write_ranking(
            ctx.ledger, ctx.village_id, period, path, grid_id=grid_id, progress=p, cancel=c
        )

    save_spreadsheet(
        parent,
        parent.tr("导出排名"),
        f"{ctx.village.name}{period.label}排名.xlsx",
        write,
        **kw,  # type: ignore[arg-type]
    )


def ledger_sheet(
    parent: QWidget, ctx: AppContext, period: Period, grid_id: str | None = None, **kw: object
) -> None:
    """导出积分台账(Excel): every entry of the period (of a grid, if chosen)."""
    grid = next((g.name for g in ctx.ledger.villages.grids(ctx.village_id) if g.id == grid_id), "")

    def write(path: Path, p: Progress, c: threading.Event) -> object:
        from jifen_desktop.reports.excel_ledger import write_ledger

        return write_ledger(
            ctx.ledger, ctx.village_id, period, path, grid_id=grid_id, progress=p, cancel=c
        )

    save_spreadsheet(
        parent,
        parent.tr("导出积分台账"),
        f"{ctx.village.name}{grid}{period.label}积分台账.xlsx",
        write,
        **kw,  # type: ignore[arg-type]
    )


def households_sheet(parent: QWidget, ctx: AppContext, **kw: object) -> None:
    """导出农户表(Excel): every household with this year's points (phones masked)."""

    def write(path: Path, p: Progress, c: threading.Event) -> object:
        from jifen_desktop.reports.excel_ledger import write_households

        return write_households(ctx.ledger, ctx.village_id, path, progress=p, cancel=c)

    save_spreadsheet(
        parent,
        parent.tr("导出农户表"),
        f"{ctx.village.name}农户表.xlsx",
        write,
        **kw,  # type: ignore[arg-type]
    )


def summary_sheet(parent: QWidget, ctx: AppContext, period: Period, **kw: object) -> None:
    """导出乡镇汇总(Excel): every village the township holds, per village, grid and category."""

    def write(path: Path, p: Progress, c: threading.Event) -> object:
        from jifen_desktop.reports.excel_figures import write_summary

        return write_summary(ctx.ledger, period, path, progress=p, cancel=c)

    save_spreadsheet(
        parent,
        parent.tr("导出乡镇汇总"),
        f"{ctx.village.name}{period.label}积分制汇总.xlsx",
        write,
        **kw,  # type: ignore[arg-type]
    )
