"""The honours' printouts as the 评先评优 list offers them: the 光荣榜 (A3) and the 奖状 of a
period (every title, or one), made off the GUI thread and opened in the preview, like the
other printouts (``printouts``)."""

from __future__ import annotations

import importlib
import threading
from pathlib import Path

from PySide6.QtWidgets import QWidget

from jifen_desktop.model import periods

from .background import Progress
from .context import AppContext
from .pdf_preview import show_report
from .printouts import Shown, chosen_font


def poster(
    parent: QWidget, ctx: AppContext, period: str, title: str | None, on_shown: Shown = None
) -> None:
    """打印光荣榜: the poster of ``period`` (``title`` only, if given)."""
    _show(parent, ctx, period, title, parent.tr("光荣榜"), "honour_poster.write_poster", on_shown)


def certificates(
    parent: QWidget, ctx: AppContext, period: str, title: str | None, on_shown: Shown = None
) -> None:
    """打印奖状: one certificate a page for each household holding a title of ``period``."""
    _show(
        parent,
        ctx,
        period,
        title,
        parent.tr("奖状"),
        "honour_certificates.write_certificates",
        on_shown,
    )


def _show(
    parent: QWidget,
    ctx: AppContext,
    period: str,
    title: str | None,
    what: str,
    writer: str,
    on_shown: Shown,
) -> None:
    """``writer``: "module.function" in ``jifen_desktop.reports``, loaded on the worker (the
    PDF code is not loaded before a printout is asked for)."""
    name = f"{ctx.village.name}{periods.parse(period).label}{title or ''}{what}.pdf"

    def make(path: Path, progress: Progress, cancel: threading.Event) -> object:
        module, function = writer.rsplit(".", 1)
        write = getattr(importlib.import_module(f"jifen_desktop.reports.{module}"), function)
        return write(
            ctx.ledger,
            ctx.village_id,
            period,
            path,
            title=title,
            font=chosen_font(),
            progress=progress,
            cancel=cancel,
        )

    show_report(parent, what, name, make, on_shown)
