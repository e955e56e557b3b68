"""奖状: one certificate a page (A4 landscape) for each household holding a title of a period —
the household's name (whole: the certificate is theirs; a person's title names the person first,
their household on the line under it), the title, the period, the village
committee as issuer, the meeting's date, and a circle where the seal is stamped."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.enums import TA_CENTER, TA_LEFT  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.units import mm  # type: ignore[import-untyped, unused-ignore]
from reportlab.platypus import Flowable, PageBreak, Spacer  # type: ignore[import-untyped, unused-ignore]

from jifen_desktop.model.calendar.honour_awards import AwardInfo

from .common import Cancel, Progress, Written, printed_on
from .honour_poster import RED, awards_to_print, big_style, household_line, issuer
from .pdf_page import Heading, PageSetup, SectionStart
from .pdf_parts import Styles
from .pdf_report import PdfReport

if TYPE_CHECKING:
    from jifen_desktop.model.ledger import Ledger

CERTIFICATE_PAGE = PageSetup("A4", True, base_size=14)
SEAL_RADIUS = 21 * mm  # a village committee's round seal is 42 mm across


def write_certificates(
    ledger: Ledger,
    village_id: str,
    period: str,
    path: Path | str,
    *,
    title: str | None = None,
    font: Path | str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Written:
    """The 奖状 of ``period`` (every title, or ``title`` only), one a page, at ``path``."""
    report = PdfReport(path, CERTIFICATE_PAGE, font, progress, cancel)
    report.steps(0.0, "正在读取荣誉称号…")
    awards = awards_to_print(ledger, village_id, period, title)
    village = ledger.villages.get(village_id)
    heading = Heading(f"{village.name}奖状")
    story: list[Flowable] = []
    tick = report.steps.each(len(awards), 0.1, 0.3, "正在排版第 {} 张奖状，共 {} 张…")
    for i, award in enumerate(awards):
        tick(i)
        heading.sections[i] = f"{village.name}奖状 · {award.household_label}"
        story += [SectionStart(i), *_certificate(report.styles, village.name, award)]
        if i < len(awards) - 1:
            story.append(PageBreak())
    return report.write(story, heading, len(awards), len(awards))


def _certificate(styles: Styles, village_name: str, award: AwardInfo) -> list[Flowable]:
    body = big_style(styles, "certificate_body", 1.7, TA_LEFT)
    body.firstLineIndent = body.fontSize * 2
    return [
        Spacer(1, styles.size * 1.5),
        styles.para("奖　状", big_style(styles, "certificate_title", 4.5, TA_CENTER, RED)),
        Spacer(1, styles.size * 2),
        *_addressee(styles, award),
        Spacer(1, styles.size * 0.8),
        styles.para(
            f"在{award.period_label}积分制管理评比中，被评为“{award.title}”。特发此状，以资鼓励。",
            body,
        ),
        Spacer(1, styles.size * 2.5),
        SealBlock(styles, issuer(village_name), printed_on(award.meeting_on)),
    ]


def _addressee(styles: Styles, award: AwardInfo) -> list[Flowable]:
    """Whom the certificate is for: a household “王建国 家庭（户号 0101）：”; a person by name
    first, “王小军同志：”, with their household on a line under it."""
    to = big_style(styles, "certificate_to", 1.7, TA_LEFT)
    if not award.member_id:
        return [styles.para(f"{award.recipient_text}：", to)]
    under = big_style(styles, "certificate_household", 1.1, TA_LEFT, colors.HexColor("#555555"))
    return [
        styles.para(f"{award.member_name}同志：", to),
        styles.para(f"（{household_line(award)}）", under),
    ]


class SealBlock(Flowable):
    """The issuer and the date at the right, with a dashed circle over them for the seal."""

    def __init__(self, styles: Styles, issuer: str, day: str) -> None:
        super().__init__()
        self.styles = styles
        self.lines = [issuer, day]
        self.width = styles.frame_width
        self.height = SEAL_RADIUS * 2 + styles.size

    def draw(self) -> None:
        canvas, styles = self.canv, self.styles
        centre_x = self.width - SEAL_RADIUS * 2.2
        centre_y = self.height / 2
        style = big_style(styles, "certificate_seal", 1.5, TA_CENTER)
        box = SEAL_RADIUS * 4
        y = centre_y + style.leading * 0.2
        for text in self.lines:
            para = styles.para(text, style)
            _w, h = para.wrap(box, style.leading * 2)
            para.drawOn(canvas, centre_x - box / 2, y)
            y -= h + style.leading * 0.2
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor("#999999"))
        canvas.setDash(4, 3)
        canvas.setLineWidth(0.8)
        canvas.circle(centre_x, centre_y + style.leading * 0.4, SEAL_RADIUS, stroke=1, fill=0)
        canvas.setFont(styles.font, styles.size * 0.7)
        canvas.setFillColor(colors.HexColor("#999999"))
        canvas.drawCentredString(centre_x, centre_y + SEAL_RADIUS * 0.6, "（盖章）")
        canvas.restoreState()
