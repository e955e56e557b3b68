"""季度公示表: the quarter's publication of a village (or a grid) for the notice board, from its
snapshot: every household's points with its rank, the 补记 listed apart, the posting period,
whom to tell about an objection, and the seal and signature block. Large type, A4 or A3,
landscape by default; names masked as the village chooses; no ID or phone number ever."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer  # type: ignore[import-untyped, unused-ignore]

from jifen_desktop.model import periods
from jifen_desktop.model.calendar.publications import PublicationInfo
from jifen_desktop.model.calendar.snapshot import LateLine, SnapshotLine

from .common import Cancel, Progress, Written, mask_name
from .pdf_page import Heading, PageSetup
from .pdf_parts import Styles, data_table, signature_block
from .pdf_report import PdfReport

if TYPE_CHECKING:
    from jifen_desktop.model.ledger import Ledger

NOTICE_SIZE = 13.5  # body type on A4: readable from a step back at the notice board
ROWS_PER_PAGE = 18  # about, on A4 landscape: paces the progress only
HEADER = (
    "排名",
    "户号",
    "户主",
    "网格",
    "本季加分",
    "本季扣分",
    "本季净得",
    "年度累计",
    "累计积分",
    "备注",
)
WIDTHS = (6, 8, 11, 9, 9, 9, 9, 9, 9, 13)
LATE_HEADER = ("户号", "户主", "原日期", "补记日期", "事项", "分值", "说明")
LATE_WIDTHS = (None, 10, None, None, 30, None, 30)


def write_notice(
    ledger: Ledger,
    publication_id: str,
    path: Path | str,
    *,
    paper: str = "A4",
    landscape: bool = True,
    font: Path | str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Written:
    """The 季度公示表 of a publication as a PDF at ``path``."""
    report = PdfReport(path, PageSetup(paper, landscape, NOTICE_SIZE), font, progress, cancel)
    report.steps(0.0, "正在读取公示表…")
    pub = ledger.publications.get(publication_id)
    village = ledger.villages.get(pub.village_id)
    lines = ledger.publications.lines(publication_id)
    late = ledger.publications.late_entries(publication_id)
    styles = report.styles
    name: Callable[[str], str] = mask_name if village.mask_names else str.strip
    report.steps(0.1, "正在排版公示表…")
    story = _front(styles, pub, village.name, lines)
    story.append(_households_table(styles, lines, name))
    story += _late_section(styles, late, name)
    story += _closing(styles, pub, village.mask_names)
    heading = Heading(
        f"{village.name}{pub.label}",
        posting_text(pub),
        draft=pub.status == "draft",
    )
    return report.write(story, heading, len(lines), len(lines) // ROWS_PER_PAGE + 1)


def posting_text(pub: PublicationInfo) -> str:
    planned = "（拟）" if pub.status == "draft" else ""
    return f"公示期{planned}：{pub.posting_start} 至 {pub.posting_end}"


def _front(
    styles: Styles, pub: PublicationInfo, village_name: str, lines: list[SnapshotLine]
) -> list[Flowable]:
    period = periods.parse(pub.quarter)
    is_draft = pub.status == "draft"
    draft = "（草稿，未张贴）" if is_draft else ""
    contact = pub.contact or "村委会"
    added = sum(r.added for r in lines)
    deducted = sum(r.deducted for r in lines)
    pending = (
        f"另有 {pub.pending_entries} 条记录待审核，未计入。"
        if is_draft and pub.pending_entries
        else ""
    )
    return [
        styles.para(f"{village_name}{period.label}积分公示", styles.title),
        styles.para(f"公示范围：{pub.scope}　　第 {pub.version} 版{draft}", styles.subtitle),
        Spacer(1, styles.size * 0.6),
        styles.para(
            f"经村积分审核小组逐月审核，现将{period.label}各户积分情况公示如下。"
            f"{posting_text(pub)}。对公示内容有异议的，请在公示期内向{contact}反映。"
        ),
        styles.para(
            f"共 {len(lines)} 户；本季加分合计 {added} 分，扣分合计 {deducted} 分。"
            f"积分统计截至 {pub.taken_at:%Y-%m-%d %H:%M}；排名按年度累计积分，同分同名次。{pending}",
            styles.note,
        ),
        Spacer(1, styles.size * 0.5),
    ]


def _remark(line: SnapshotLine) -> str:
    marks = ["一票否决"] if line.vetoed else []
    if line.late:
        marks.append(f"含补记 {line.late:+d}")
    return "，".join(marks)


def _households_table(
    styles: Styles, lines: list[SnapshotLine], name: Callable[[str], str]
) -> Flowable:
    rows = [
        (
            r.rank,
            r.number,
            name(r.head_name),
            r.grid_name,
            r.added,
            r.deducted,
            r.net,
            r.year_total,
            r.lifetime_total,
            _remark(r),
        )
        for r in lines
    ]
    if not rows:
        return styles.para("本次公示没有在册农户。")
    return data_table(styles, HEADER, rows, WIDTHS, right=(4, 5, 6, 7, 8), center=(0, 1))


def _late_section(
    styles: Styles, late: list[LateLine], name: Callable[[str], str]
) -> list[Flowable]:
    if not late:
        return []
    rows = [
        (
            e.number,
            name(e.head_name),
            f"{e.original_on}",
            f"{e.recorded_on}",
            styles.para(e.item, styles.cell),
            e.points,
            styles.para(e.reason, styles.cell),
        )
        for e in late
    ]
    return [
        CondPageBreak(styles.size * 8),
        styles.para("补记（以前季度发生、本季度补记的记录，已计入本季积分）", styles.heading),
        data_table(styles, LATE_HEADER, rows, LATE_WIDTHS, right=(5,), center=(0, 2, 3)),
    ]


def _closing(styles: Styles, pub: PublicationInfo, masked: bool) -> list[Flowable]:
    notes = ["本表不含身份证号码、电话号码。"]
    if masked:
        notes.insert(0, "为保护隐私，户主姓名隐去部分文字。")
    if pub.note:
        notes.append(pub.note)
    block = signature_block(
        styles,
        [
            ["审核人：________________", "村民委员会（盖章）"],
            ["监督人：________________", "日期：______年____月____日"],
        ],
    )
    return [
        Spacer(1, styles.size),
        KeepTogether([styles.para("".join(notes), styles.note), block]),
    ]
