"""The PDF preview: pages on screen, 另存为 writes a whole copy, 打印 sends every page to a
printer (here Qt's own PDF printer, a real one), and show_report makes the file off the GUI
thread and removes its temporary copy when the preview closes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from jifen_desktop.ui.pdf_preview import PdfPreview, show_report


def two_pages(path: Path, *_args: object) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for n in (1, 2):
        pdf.drawString(72, 720, f"page {n}")
        pdf.showPage()
    pdf.save()


def test_preview_saves_and_prints_every_page(qtbot, tmp_path):
    source = tmp_path / "made.pdf"
    two_pages(source)
    preview = PdfPreview(source, "公示表", "2026Q3.pdf")
    qtbot.addWidget(preview)
    assert preview.document.pageCount() == 2 and preview.pages.text() == "共 2 页"
    saved = preview.save_as(tmp_path / "u盘" / "公示表")
    assert saved == tmp_path / "u盘" / "公示表.pdf"
    assert saved.read_bytes() == source.read_bytes()
    assert [p.name for p in saved.parent.iterdir()] == ["公示表.pdf"]  # no temporary left
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert preview.print_document(printer) == 2
    assert (tmp_path / "printed.pdf").stat().st_size > 1000


def test_show_report_makes_the_file_on_a_worker_and_cleans_up(qtbot):
    shown: list[PdfPreview] = []
    window = QWidget()
    qtbot.addWidget(window)
    show_report(window, "户积分卡", "card.pdf", two_pages, shown.append)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    preview = shown[0]
    assert preview.document.pageCount() == 2
    folder = preview.path.parent
    assert folder.exists()
    preview.accept()
    qtbot.waitUntil(lambda: not folder.exists(), timeout=5_000)
