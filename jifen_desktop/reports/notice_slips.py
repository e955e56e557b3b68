"""积分通知单: after a 公示 is posted, one slip per household to hand out, four to an A4 page
with dashed lines to cut along, grid by grid in the order of household numbers (each grid
from a new page, headed with its name), or one grid only. A slip says the household's number and head (masked as the village
chooses), the quarter's added, deducted and net points (补记 included), its year and
lifetime points and its rank, all from the publication's snapshot, and how to object: whom
to tell and by which day (the posting period's end). No ID or phone number."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, KeepInFrame, PageBreak, Spacer, Table, TableStyle  # type: ignore[import-untyped, unused-ignore]

from jifen_desktop.model import periods
from jifen_desktop.model.calendar.publications import PublicationInfo
from jifen_desktop.model.calendar.snapshot import SnapshotLine
from jifen_desktop.model.errors import ValidationError

from .common import Cancel, Progress, Written, mask_name
from .notice import NO_GRID, Part, notice_parts, posting_text
from .pdf_page import Heading, PageSetup, SectionStart
from .pdf_parts import CutLine, Styles, facts_table
from .pdf_report import PdfReport

if TYPE_CHECKING:
    from jifen_desktop.model.ledger import Ledger

SLIPS_PER_PAGE = 4
SLIP_PAGE = PageSetup("A4", False, base_size=11.5)
FRAME_PADDING = 12  # reportlab's frame keeps 6 pt on each side


@dataclass(frozen=True)
class SlipText:
    """What every slip of one publication shares."""

    title: str  # 张集村2026年第3季度积分通知单
    scope: str  # 全村 or the grid's name: whose rank
    households: int  # how many the rank is out of
    objection: str
    name: Callable[[str], str]


def write_slips(
    ledger: Ledger,
    publication_id: str,
    path: Path | str,
    *,
    grid: str | None = None,
    font: Path | str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Written:
    """The 积分通知单 of a posted or final publication as a PDF at ``path``: every household,
    grid by grid, or only ``grid``'s (a grid's name)."""
    report = PdfReport(path, SLIP_PAGE, font, progress, cancel)
    report.steps(0.0, "正在读取公示…")
    pub = ledger.publications.get(publication_id)
    if pub.status == "draft":
        raise ValidationError(
            "这份公示还是草稿：请先张贴公示，再打印积分通知单（通知单上的积分以张贴的为准）。"
        )
    village = ledger.villages.get(pub.village_id)
    lines = ledger.publications.lines(publication_id)
    order = [g.name for g in ledger.villages.grids(pub.village_id)]
    parts = notice_parts(lines, [], order, grid=grid, per_grid=True)
    text = slip_text(pub, village.name, len(lines), mask_name if village.mask_names else str)
    heading = Heading(text.title, posting_text(pub))
    story = _slips_story(report, text, heading, parts, len(lines))
    rows = sum(len(p.lines) for p in parts)
    return report.write(story, heading, rows, rows // SLIPS_PER_PAGE + len(parts))


def _slips_story(
    report: PdfReport, text: SlipText, heading: Heading, parts: list[Part], households: int
) -> list[Flowable]:
    """Each grid from a new page (its name in ``heading``), its households' slips by number;
    progress counts against ``households``, the publication's."""
    story: list[Flowable] = []
    tick = report.steps.each(households, 0.1, 0.3, "正在排版第 {} 户，共 {} 户…")
    done = 0
    for number, part in enumerate(parts, 1):
        story += [PageBreak()] if number > 1 else []
        story.append(SectionStart(number))
        heading.sections[number] = f"{text.title}（{part.grid or NO_GRID}）"
        for i, line in enumerate(sorted(part.lines, key=lambda x: x.number)):
            tick(done)
            done += 1
            story += _between(report.styles, i)
            story.append(_slot(report.styles, _slip(report.styles, text, line)))
    return story


def slip_text(
    pub: PublicationInfo, village_name: str, households: int, name: Callable[[str], str]
) -> SlipText:
    label = periods.parse(pub.quarter).label
    contact = pub.contact or "村委会"
    if pub.status == "final":
        objection = (
            f"本季公示期已于 {pub.posting_end} 结束，公示结果已定稿；"
            f"如仍有疑问，请向{contact}咨询。"
        )
    else:
        objection = (
            f"对本通知单的积分有异议的，请在 {pub.posting_end} 前（公示期内）向{contact}反映，"
            "写明户号和哪一条记录。"
        )
    return SlipText(f"{village_name}{label}积分通知单", pub.scope, households, objection, name)


def _between(styles: Styles, index: int) -> list[Flowable]:
    """A cut line between two slips of a page; a new page after every ``SLIPS_PER_PAGE``."""
    if index == 0:
        return []
    if index % SLIPS_PER_PAGE == 0:
        return [PageBreak()]
    return [CutLine(styles)]


def _slot_height(styles: Styles) -> float:
    """A quarter of the page's frame, less the cut lines between the slips."""
    frame = SLIP_PAGE.size[1] - 2 * SLIP_PAGE.margin - FRAME_PADDING
    cut = styles.size * 0.8
    return (frame - (SLIPS_PER_PAGE - 1) * cut) / SLIPS_PER_PAGE - 1


def _slot(styles: Styles, content: list[Flowable]) -> Table:
    """``content`` in a box of a quarter page (less the cut lines), so that the cut lines
    fall at the same place on every page; shrunk if a long name makes it taller."""
    height = _slot_height(styles)
    inner = KeepInFrame(styles.frame_width - 12, height - 12, content, mode="shrink")
    table = Table([[inner]], colWidths=[styles.frame_width], rowHeights=[height])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def _slip(styles: Styles, text: SlipText, line: SnapshotLine) -> list[Flowable]:
    rank = f"第 {line.rank} 名（{text.scope}共 {text.households} 户，按年度积分排）"
    if line.vetoed:
        rank += "；本期被一票否决"
    late = f"（含补记 {line.late:+d}）" if line.late else ""
    return [
        styles.para(text.title, styles.heading),
        facts_table(
            styles,
            [
                ("户号", line.number),
                ("户主", text.name(line.head_name)),
                ("本季加分", f"+{line.added}"),
                ("本季扣分", str(line.deducted)),
                ("本季净得", f"{line.net:+d}{late}"),
                ("年度积分", str(line.year_total)),
                ("累计积分", str(line.lifetime_total)),
                ("网格", line.grid_name or NO_GRID),
            ],
        ),
        Spacer(1, styles.size * 0.4),
        styles.para(f"排名：{rank}", styles.body),
        styles.para(text.objection, styles.note),
    ]
