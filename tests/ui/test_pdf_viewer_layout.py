"""The layout check (layout_check.py) on the PDF preview and the 打印公示表 choices, at 标准, 大
and 特大 on the 1366×768 laptop: nothing cut, nothing off the screen, and the preview's frame
within the screen's free area. (Checked here rather than in test_layout_dialogs.py, which
another engineer was changing; test_layout_coverage.py points here.)"""

from __future__ import annotations

import datetime as dt

import pytest
from layout_check import problems, settle
from PySide6.QtWidgets import QApplication, QDialog

from jifen_desktop.model import periods
from jifen_desktop.reports.notice import write_notice
from jifen_desktop.ui import type_size
from jifen_desktop.ui.pages.publication.notice_options import NoticeOptionsDialog
from jifen_desktop.ui.pdf_preview import PdfPreview

QUARTER = periods.quarter_of(periods.quarter_of(dt.date.today()).start - dt.timedelta(days=1))


@pytest.fixture
def sized():
    app = QApplication.instance()
    yield lambda key: type_size.apply(app, key)
    type_size.apply(app, "normal")


def checked(qtbot, dialog: QDialog) -> list[str]:
    qtbot.addWidget(dialog)
    dialog.show()
    settle()
    found = problems(dialog, type_size.point_size())
    room = QApplication.primaryScreen().availableGeometry()
    frame = dialog.frameGeometry()
    if frame.width() > room.width() or frame.height() > room.height():
        found.append(f"{frame.width()}×{frame.height()} is larger than the screen")
    dialog.reject()
    return [f"{type(dialog).__name__}: {p}" for p in found]


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
def test_the_preview_and_the_notice_choices_fit(qtbot, make_ctx, sized, tmp_path, size):
    sized(size)
    ctx = make_ctx("admin")
    pub = ctx.ledger.publications.draft(ctx.village_id, QUARTER.key).value
    written = write_notice(ctx.ledger, pub.id, tmp_path / "n.pdf")
    choices = NoticeOptionsDialog(ctx, pub)
    found = checked(qtbot, choices)
    found += checked(qtbot, PdfPreview(written.path, "季度公示表", "n.pdf", pages=written.pages))
    assert not found, "\n".join(found)
