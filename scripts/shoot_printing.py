"""Screenshots of printing (issue 17 item 9) at 1366×768, on a fresh demo village:
print-notice-options.png (打印公示表 on 公示: paper, orientation, grids), pdf-preview.png (the
notice's first page inside the program, fitted to the width), pdf-preview-page.png (its second
page whole, after PgDn and 整页) and print-dialog.png (Qt's print dialog from 打印…), in
docs/screenshots/ (with ``--size larger``: at 特大, in docs/screenshots/large/).
Run: xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shoot_printing.py
[--size normal|large|larger]"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from jifen_desktop.demo import DEMO_PASSWORD, generate_demo
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.reports.notice import write_notice
from jifen_desktop.ui import identity, type_size
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.pages.publication.notice_options import NoticeOptionsDialog
from jifen_desktop.ui.pdf_preview import PdfPreview

DOCS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def shoot(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=list(type_size.FONT_SCALES), default="normal")
    size = parser.parse_args().size
    out = DOCS if size == "normal" else DOCS / "large"
    app = QApplication([])
    identity.present(app)  # Qt's own buttons in Chinese, as in the program
    type_size.apply(app, size)
    work = Path(tempfile.mkdtemp(prefix="jifen-shoot-printing-"))
    with Ledger.create(work / "data") as ledger:
        generate_demo(ledger)
    ledger = Ledger.open(work / "data")
    actor = ledger.operators.authenticate("admin", DEMO_PASSWORD)
    ctx = AppContext(ledger.as_actor(actor), ledger.villages.resolve())
    pub = next(p for p in ctx.ledger.publications.list(ctx.village_id) if p.grid_id is None)
    choices = NoticeOptionsDialog(ctx, pub)
    choices.show()
    written = write_notice(ctx.ledger, pub.id, work / "notice.pdf")
    preview = PdfPreview(written.path, "季度公示表", "公示表.pdf", pages=written.pages)

    def first() -> None:
        shoot(choices, out / "print-notice-options.png")
        choices.close()
        preview.show()
        QTimer.singleShot(600, second)

    def second() -> None:
        shoot(preview, out / "pdf-preview.png")
        preview.viewer.next_page()
        preview.viewer.fit_page()
        QTimer.singleShot(600, third)

    def third() -> None:
        shoot(preview, out / "pdf-preview-page.png")
        QTimer.singleShot(600, fourth)
        preview.print_pages()  # waits for the print dialog
        app.quit()

    def fourth() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        shoot(dialog, out / "print-dialog.png")
        dialog.reject()

    QTimer.singleShot(600, first)
    app.exec()


if __name__ == "__main__":
    main()
