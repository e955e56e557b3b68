"""Screenshots of printing (issue 17 item 9) at 1366×768, on a fresh demo village:
print-notice-options.png (打印公示表 on 公示: paper, orientation, grids), pdf-preview.png (the
notice's first page inside the program, fitted to the width), pdf-preview-page.png (its second
page whole, after PgDn and 整页) and print-dialog.png (Qt's print dialog from 打印…), in
docs/screenshots/ (with ``--size larger``: at 特大, in docs/screenshots/large/).
Run: xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py printing"""

from __future__ import annotations

from demo_shots import prepare
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from jifen_desktop.reports.notice import write_notice
from jifen_desktop.ui.pages.publication.notice_options import NoticeOptionsDialog
from jifen_desktop.ui.pdf_preview import PdfPreview


def main() -> None:
    shots = prepare("打印与预览截图（1366×768）", data="fresh")
    app, work = shots.app, shots.work
    ctx = shots.login()
    pub = next(p for p in ctx.ledger.publications.list(ctx.village_id) if p.grid_id is None)
    choices = NoticeOptionsDialog(ctx, pub)
    choices.show()
    written = write_notice(ctx.ledger, pub.id, work / "notice.pdf")
    preview = PdfPreview(written.path, "季度公示表", "公示表.pdf", pages=written.pages)

    def first() -> None:
        shots.save(choices, "print-notice-options")
        choices.close()
        preview.show()
        QTimer.singleShot(600, second)

    def second() -> None:
        shots.save(preview, "pdf-preview")
        preview.viewer.next_page()
        preview.viewer.fit_page()
        QTimer.singleShot(600, third)

    def third() -> None:
        shots.save(preview, "pdf-preview-page")
        QTimer.singleShot(600, fourth)
        preview.print_pages()  # waits for the print dialog
        app.quit()

    def fourth() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        shots.save(dialog, "print-dialog")
        dialog.reject()

    QTimer.singleShot(600, first)
    app.exec()


if __name__ == "__main__":
    main()
