"""打印积分通知单… on the 公示 page: the 积分通知单 of the publication shown (posted or final),
made off the GUI thread with progress and opened in the preview (打印…, 另存为…), in the PDF
font chosen in 设置 like every printout."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import QWidget

from jifen_desktop.reports.common import Written
from jifen_desktop.reports.notice_slips import write_slips

from .background import Progress
from .context import AppContext
from .pdf_preview import show_report
from .printouts import Shown, chosen_font


def slips(parent: QWidget, ctx: AppContext, publication_id: str, on_shown: Shown = None) -> None:
    pub = ctx.ledger.publications.get(publication_id)
    name = f"{ctx.village.name}{pub.quarter}积分通知单{pub.grid_name}.pdf"

    def make(path: Path, progress: Progress, cancel: threading.Event) -> Written:
        return write_slips(
            ctx.ledger, publication_id, path, font=chosen_font(), progress=progress, cancel=cancel
        )

    show_report(parent, parent.tr("积分通知单"), name, make, on_shown)
