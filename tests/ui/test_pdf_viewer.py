"""The in-program preview of a real 公示表 of a demo village: every page is there and renders as a
page with print on it; PgDn/PgUp turn pages and the zoom buttons zoom; printing (the routine,
apart from Qt's print dialog) to a PDF file gives as many pages on the same paper, or the pages
asked for; Ctrl+P opens the print dialog; 用其他程序打开 says what to do when the computer has no
PDF reader, and hands the file to one when it has."""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_copies import make_demo
from pypdf import PdfReader
from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QImage, QPageRanges
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication

from jifen_desktop.demo import DEMO_PASSWORD
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.reports.notice import write_notice
from jifen_desktop.ui.pdf_preview import NO_READER, PdfPreview
from jifen_desktop.ui.pdf_viewer import render_page
from jifen_desktop.ui.pdf_viewer_print import print_pages, printer_for


@pytest.fixture(scope="module")
def notices(tmp_path_factory) -> dict[str, tuple[Path, int]]:
    """The demo village's last whole-village notice, A4 portrait and A3 landscape."""
    folder = make_demo(tmp_path_factory.mktemp("viewer") / "data", 120)
    out = tmp_path_factory.mktemp("notices")
    with Ledger.open(folder) as ledger:
        ledger.login("admin", DEMO_PASSWORD)
        village = ledger.villages.list()[0]
        pub = next(p for p in ledger.publications.list(village.id) if p.grid_id is None)
        made = {
            "a4": write_notice(ledger, pub.id, out / "a4.pdf"),
            "a3": write_notice(ledger, pub.id, out / "a3.pdf", paper="A3", landscape=True),
        }
    return {key: (w.path, w.pages) for key, w in made.items()}


@pytest.fixture
def preview(qtbot, notices) -> PdfPreview:
    path, pages = notices["a4"]
    dialog = PdfPreview(path, "季度公示表", "公示表.pdf", pages=pages)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def ink(image: QImage) -> int:
    """Pixels of a page picture darker than light grey (text and rules), every 3rd one."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return sum(
        1
        for y in range(0, gray.height(), 3)
        for x in range(0, gray.width(), 3)
        if gray.pixelColor(x, y).value() < 160
    )


def printed_to(tmp_path: Path, preview: PdfPreview) -> QPrinter:
    assert preview.document is not None
    printer = printer_for(preview.document, "公示表")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    return printer


def sizes(path: Path) -> set[tuple[int, int]]:
    return {(round(p.mediabox.width), round(p.mediabox.height)) for p in PdfReader(path).pages}


def test_every_page_is_shown_and_has_print_on_it(preview, notices):
    _path, pages = notices["a4"]
    assert pages >= 3 and preview.viewer.page_count == pages
    assert preview.viewer.page_label.text() == f"第 1 页 / 共 {pages} 页"
    first = render_page(preview.document, 0, 40)
    assert (first.width(), first.height()) == (round(595 * 40 / 72), round(842 * 40 / 72))
    assert ink(first) > 300  # the title, the rules and the figures
    assert ink(render_page(preview.document, pages - 1, 40)) > 100
    blank = QImage(first.size(), QImage.Format.Format_RGB32)
    blank.fill(Qt.GlobalColor.white)
    assert ink(blank) == 0


def test_page_keys_and_zoom(qtbot, preview, notices):
    _path, pages = notices["a4"]
    viewer = preview.viewer
    qtbot.keyClick(viewer.view, Qt.Key.Key_PageDown)
    qtbot.keyClick(viewer.view, Qt.Key.Key_PageDown)
    assert viewer.current_page == 2 and viewer.page_label.text() == f"第 3 页 / 共 {pages} 页"
    preview.print_button.setFocus()  # the keys work wherever the focus is in the window
    qtbot.keyClick(preview.print_button, Qt.Key.Key_PageUp)
    assert viewer.current_page == 1 and viewer.previous_button.isEnabled()
    fitted = viewer.zoom()
    viewer.zoom_in_button.click()
    assert viewer.zoom() == pytest.approx(fitted * 1.25, rel=0.01)
    viewer.fit_page_button.click()
    assert viewer.zoom() < fitted and viewer.current_page == 1  # a whole page, the same page
    viewer.fit_width_button.click()
    assert viewer.zoom() == pytest.approx(fitted, rel=0.01)


def test_printing_gives_the_same_pages_on_the_same_paper(tmp_path, preview, notices):
    path, pages = notices["a4"]
    printer = printed_to(tmp_path, preview)
    assert print_pages(preview.document, printer) == pages
    printed = tmp_path / "printed.pdf"
    assert len(PdfReader(printed).pages) == pages and sizes(printed) == sizes(path)


def test_printing_the_pages_asked_for(tmp_path, preview):
    printer = printed_to(tmp_path, preview)
    ranges = QPageRanges()
    ranges.addRange(2, 3)
    printer.setPageRanges(ranges)
    assert print_pages(preview.document, printer) == 2
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 2


def test_an_a3_landscape_notice_prints_on_a3_landscape(qtbot, tmp_path, notices):
    path, pages = notices["a3"]
    dialog = PdfPreview(path, "季度公示表", "公示表.pdf", pages=pages)
    qtbot.addWidget(dialog)
    printer = printed_to(tmp_path, dialog)
    assert print_pages(dialog.document, printer) == pages
    assert sizes(tmp_path / "printed.pdf") == sizes(path) == {(1191, 842)}


def test_ctrl_p_opens_the_print_dialog(qtbot, preview):
    seen = []

    def answer() -> None:  # while the dialog waits for the user
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QPrintDialog):
            pages = (dialog.minPage(), dialog.maxPage())
            seen.append((dialog.printer() is preview.printer, pages))
            dialog.reject()

    QTimer.singleShot(300, answer)
    qtbot.keyClick(preview, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert seen == [(True, (1, preview.viewer.page_count))]
    assert not preview.status.isVisible()  # nothing printed, nothing said


class Reader(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toLocalFile())


def test_another_program_gets_the_file_or_the_user_is_told(preview, monkeypatch, tmp_path):
    reader = Reader()
    QDesktopServices.setUrlHandler("file", reader, "open")
    try:
        assert preview.open_in_reader() and reader.opened == [str(preview.path)]
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert not preview.status.isVisible()
    monkeypatch.setenv("PATH", str(tmp_path))  # no xdg-open: no program for a PDF
    if preview.open_in_reader():
        pytest.skip("this desktop opens files without a program on PATH")
    assert preview.status.isVisible() and preview.status.text() == NO_READER


def test_the_preview_fits_the_screen_and_esc_closes_it(qtbot, preview):
    screen = QApplication.primaryScreen().availableGeometry()
    frame = preview.frameGeometry()
    assert frame.width() <= screen.width() and frame.height() <= screen.height()
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    assert not preview.isVisible()
