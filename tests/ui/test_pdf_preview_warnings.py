"""A report's warning (names that print with a gap, ``reports.glyphs``) is shown in the made-PDF
dialog, not only on the command line."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from jifen_desktop.reports.common import Written
from jifen_desktop.reports.glyphs import WARNING
from jifen_desktop.ui.pdf_preview import PdfPreview, show_report


def with_a_gap(path: Path, *_args: object) -> Written:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.showPage()
    pdf.save()
    return Written(path, pages=1, warnings=(WARNING.format("刘䶮"),))


def test_the_made_pdf_dialog_shows_the_report_warning(qtbot, shown):
    made: list[PdfPreview] = []
    window = shown(PdfPreview(Path("x.pdf"), "户积分卡", "x.pdf"))  # any parent
    assert not window.warnings.isVisible()
    show_report(window, "户积分卡", "card.pdf", with_a_gap, made.append)
    qtbot.waitUntil(lambda: bool(made), timeout=10_000)
    preview = made[0]
    qtbot.waitUntil(preview.isVisible, timeout=5_000)
    assert preview.warnings.isVisible()
    assert "打印出来会缺字：刘䶮" in preview.warnings.text()
    preview.accept()
