"""The made-PDF dialog: 另存为 writes a whole copy under the chosen name, 用其他程序打开 points the
PDF reader at the file, and show_report makes the file off the GUI thread with its page count."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from jifen_desktop.ui.pdf_preview import PdfPreview, show_report


class Made:
    pages = 2


def two_pages(path: Path, *_args: object) -> Made:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for n in (1, 2):
        pdf.drawString(72, 720, f"page {n}")
        pdf.showPage()
    pdf.save()
    return Made()


def test_save_as_writes_a_whole_copy_and_the_reader_gets_the_file(qtbot, tmp_path):
    source = tmp_path / "made.pdf"
    two_pages(source)
    preview = PdfPreview(source, "公示表", "2026Q3.pdf", pages=2)
    qtbot.addWidget(preview)
    assert preview.pages.text() == "公示表已生成，共 2 页。"
    saved = preview.save_as(tmp_path / "u盘" / "公示表")
    assert saved == tmp_path / "u盘" / "公示表.pdf"
    assert saved.read_bytes() == source.read_bytes()
    assert [p.name for p in saved.parent.iterdir()] == ["公示表.pdf"]  # no temporary left
    assert Path(preview.reader_url().toLocalFile()) == source


def test_show_report_makes_the_file_on_a_worker(qtbot):
    shown: list[PdfPreview] = []
    window = QWidget()
    qtbot.addWidget(window)
    show_report(window, "户积分卡", "card.pdf", two_pages, shown.append)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    preview = shown[0]
    assert preview.path.read_bytes().startswith(b"%PDF") and "共 2 页" in preview.pages.text()
    preview.accept()
