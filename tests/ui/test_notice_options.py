"""打印公示表… on the 公示 page asks how to print first: paper, orientation and, for the whole
village's notice, all in one, one notice per grid or one grid only, with about how many pages;
the paper and orientation are remembered; the preview then shows the notice made that way."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader
from PySide6.QtWidgets import QApplication

from jifen_desktop.model import periods
from jifen_desktop.reports.notice import NoticeOptions
from jifen_desktop.ui.pages.publication import PublicationPage
from jifen_desktop.ui.pages.publication.notice_options import (
    ONE_GRID,
    PER_GRID,
    NoticeOptionsDialog,
)
from jifen_desktop.ui.pdf_preview import PdfPreview

QUARTER = periods.quarter_of(periods.quarter_of(dt.date.today()).start - dt.timedelta(days=1))


def previews() -> list[PdfPreview]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreview) and w.isVisible()
    ]


def test_the_choices_and_what_they_make(qtbot, make_ctx):
    ctx = make_ctx("admin")
    pub = ctx.ledger.publications.draft(ctx.village_id, QUARTER.key).value
    dialog = NoticeOptionsDialog(ctx, pub)
    qtbot.addWidget(dialog)
    assert dialog.options() == NoticeOptions()  # A4 portrait, the whole village
    assert dialog.about.text() == "共 3 户，约 1 页。"
    dialog.paper.button(1).click()
    dialog.side.button(1).click()
    dialog.scope.button(PER_GRID).click()
    assert dialog.options() == NoticeOptions("A3", True, None, True)
    assert dialog.about.text() == "共 3 户，约 2 页。" and not dialog.grid.isEnabled()
    dialog.scope.button(ONE_GRID).click()
    dialog.grid.setCurrentText("二组")
    assert dialog.options().grid == "二组" and dialog.about.text() == "共 1 户，约 1 页。"
    dialog.accept()
    again = NoticeOptionsDialog(ctx, pub)  # paper and orientation remembered, not the grid
    qtbot.addWidget(again)
    assert again.options() == NoticeOptions("A3", True)


def test_a_grids_own_publication_has_no_grid_choice(qtbot, make_ctx):
    ctx = make_ctx("admin")
    grid = ctx.ledger.villages.grids(ctx.village_id)[0]
    pub = ctx.ledger.publications.draft(ctx.village_id, QUARTER.key, grid.id).value
    dialog = NoticeOptionsDialog(ctx, pub)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.grid.isVisible() and dialog.about.text() == "共 2 户，约 1 页。"


def test_one_notice_per_grid_from_the_publication_page(qtbot, shown, make_ctx):
    ctx = make_ctx("admin")
    ctx.ledger.publications.draft(ctx.village_id, QUARTER.key)
    page = shown(PublicationPage(ctx))
    page.quarter.setCurrentIndex(page.quarter.findData(QUARTER.key))
    page.refresh()
    page.print_button.click()
    dialog = page.notice_options
    assert dialog is not None and dialog.isVisible()
    dialog.scope.button(PER_GRID).click()
    dialog.accept()
    qtbot.waitUntil(lambda: bool(previews()), timeout=20_000)
    [preview] = previews()
    assert "各网格" in preview.suggested_name and preview.viewer.page_count == 2
    text = [p.extract_text() for p in PdfReader(preview.path).pages]
    assert "积分公示（一组）" in text[0] and "积分公示（二组）" in text[1]
    preview.accept()
