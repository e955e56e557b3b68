"""Screenshots of the 审核 page's evidence (issue 17 item 3) on a copy of the demo village:
review-evidence.png (the pending list with the picked −20 deduction's detail and its photos),
review-evidence-zoom.png (a photo opened large and zoomed in) and review-decisions-detail.png
(本次已决定 with the deduction, rejected, picked), in docs/screenshots/ (with
``--size larger``: at 特大, in docs/screenshots/large/). Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py review_evidence
(makes the demo village in ./demo-data first if it is not there;
the photos are drawn here, a phone photo of rubbish by a road and a scanned 情况说明)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from demo_shots import login, prepare
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication

from jifen_desktop.demo import DEMO_PASSWORD
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.pages.review import ReviewPage


def draw_photo(path: Path, stamp: str, hue: int) -> Path:
    """A 1600×1200 'phone photo': sky, a road, heaps of rubbish and the camera's time stamp."""
    image = QImage(1600, 1200, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    sky = QLinearGradient(0, 0, 0, 600)
    sky.setColorAt(0, QColor(150, 190, 230))
    sky.setColorAt(1, QColor(225, 235, 240))
    painter.fillRect(0, 0, 1600, 600, sky)
    painter.fillRect(0, 600, 1600, 600, QColor(120, 110, 95))
    painter.fillRect(0, 760, 1600, 180, QColor(90, 90, 92))
    for i in range(14):
        painter.setBrush(QColor.fromHsv((hue + 37 * i) % 360, 120, 90 + 9 * i))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QPointF(300 + 70 * i, 640 + (i % 4) * 22), 90 - 3 * i, 55)
    font = QFont()
    font.setPixelSize(48)
    painter.setFont(font)
    painter.setPen(QColor(255, 200, 40))
    painter.drawText(QRectF(40, 1100, 1520, 80), Qt.AlignmentFlag.AlignRight, stamp)
    painter.end()
    image.save(str(path), "JPEG", 85)
    return path


def draw_scan(path: Path) -> Path:
    """A one-page 情况说明 as a PDF, as a scanner would give it."""
    writer = QPdfWriter(str(path))
    writer.setResolution(150)
    painter = QPainter(writer)
    font = QFont()
    font.setPointSize(16)
    painter.setFont(font)
    painter.drawText(QRectF(0, 80, writer.width(), 120), Qt.AlignmentFlag.AlignHCenter, "情况说明")
    font.setPointSize(11)
    painter.setFont(font)
    text = (
        "2026年12月5日下午，三组网格员巡查时发现该户在村道旁倾倒建筑垃圾和生活垃圾，"
        "经劝导未清理。现场拍照两张。\n\n网格员（签字）：王建军\n户主（签字）：拒签"
    )
    painter.drawText(QRectF(80, 300, writer.width() - 160, 900), Qt.TextFlag.TextWordWrap, text)
    painter.end()
    return path


def reviewer_at_session(folder: Path, files: Path) -> tuple[AppContext, str]:
    """The demo's reviewer at an open session for this month, with a −20 deduction that has
    two photos and a scan; returns the context and the deduction's id."""
    ledger = Ledger.open(folder)
    admin = ledger.as_actor(ledger.operators.authenticate("admin", DEMO_PASSWORD))
    village = admin.villages.resolve()
    household = admin.households.list(village.id)[7]
    today = dt.date.today()
    evidence = (
        draw_photo(files / "现场照片1.jpg", f"{today:%Y-%m-%d} 14:32 张集村三组", 20),
        draw_photo(files / "现场照片2.jpg", f"{today:%Y-%m-%d} 14:35 张集村三组", 200),
        draw_scan(files / "情况说明.pdf"),
    )
    draft = EntryDraft(
        household.id,
        "A16",
        today,
        points=-20,
        place="村道三组段",
        note="在村道旁倾倒建筑垃圾，劝导后未清理",
        evidence=evidence,
    )
    entry = admin.entries.record(village.id, draft).value
    if admin.review.open_session(village.id, f"{today:%Y-%m}") is None:
        admin.review.open(village.id, f"{today:%Y-%m}", place="村委会会议室")
    return login(ledger, "shenhe"), entry.id


def main() -> int:
    shots = prepare("审核页的证明材料截图（1366×768）")
    ctx, entry_id = reviewer_at_session(shots.data, shots.work)
    window = shots.window(ctx)
    page = window.page("review")
    assert isinstance(page, ReviewPage)
    page.select_session(page.sessions[0].id)
    panel = page.panel
    panel.table.setCurrentIndex(panel.model.index(panel.model.row_of(entry_id), 0))
    panel.table.setFocus()

    def zoomed() -> None:
        viewer = panel.detail.viewer
        assert viewer is not None
        viewer.view.zoom(2.5)
        viewer.view.centerOn(700, 700)  # the heap of rubbish by the road
        QTimer.singleShot(300, lambda: finish(viewer))

    def finish(viewer: QApplication | object) -> None:
        shots.save(viewer, "review-evidence-zoom")  # type: ignore[arg-type]
        viewer.reject()  # type: ignore[attr-defined]
        session = page.sessions[0].id
        first = panel.model.entry_at(0)
        assert first is not None
        ctx.apply(ctx.ledger.review.decide(session, [first.id], "approved"))
        ctx.apply(ctx.ledger.review.decide(session, [entry_id], "rejected", "照片看不清是哪一户"))
        panel.tabs.setCurrentIndex(1)
        decisions = panel.decisions
        decisions.table.setCurrentIndex(
            decisions.model.index(
                decisions.entries.index(next(e for e in decisions.entries if e.id == entry_id)), 0
            )
        )
        QTimer.singleShot(500, decided)

    def decided() -> None:
        shots.finish(window, "review-decisions-detail")

    def shoot() -> None:
        shots.save(window, "review-evidence")
        panel.view_evidence()
        QTimer.singleShot(500, zoomed)

    return shots.run(shoot, 700)


if __name__ == "__main__":
    sys.exit(main())
