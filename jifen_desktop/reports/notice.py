"""季度公示表: the quarter's publication of a village (or a grid) for the notice board, from its
snapshot: every household's points with its rank, the 补记 listed apart, the posting period,
whom to tell about an objection, and the seal and signature block. A4 or A3, portrait or
landscape; the table in two or three column groups side by side where the page is wide enough
(``notice_table``), at 10.5 pt (五号) on either paper: about 45 households a page on A4
portrait, 60 on A4 landscape, 130 on A3. A village's notice can be printed whole, one notice
per grid (each on its own pages, numbered on their own, headed with the grid's name), or one
grid's part only. Names masked as the village chooses; no ID or phone number ever."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer  # type: ignore[import-untyped, unused-ignore]

from jifen_desktop.model import periods
from jifen_desktop.model.calendar.publications import PublicationInfo
from jifen_desktop.model.calendar.snapshot import LateLine, SnapshotLine
from jifen_desktop.model.errors import NotFound
from jifen_desktop.model.wording import LATE_HEADERS, LATE_TITLE

from .common import Cancel, Progress, Written, mask_name
from .notice_table import households_table
from .pdf_page import Heading, PageSetup, SectionStart
from .pdf_parts import Styles, data_table, signature_block
from .pdf_report import PdfReport

if TYPE_CHECKING:
    from jifen_desktop.model.ledger import Ledger
    from jifen_desktop.model.villages import VillageInfo

NOTICE_SIZE = 11.0  # body type, on A4 and A3 alike (A3 holds more households, not bigger ones)
ROWS_PER_PAGE = 45  # about, on A4 portrait: paces the progress only
LATE_WIDTHS = (None, 10, None, None, 30, None, 30)
NO_GRID = "未分网格"


# Households a full page holds (measured on the 2,000-household demo village): for the
# choice's "about n pages" only.
PER_PAGE = {("A4", False): 44, ("A4", True): 57, ("A3", False): 125, ("A3", True): 125}


@dataclass(frozen=True)
class NoticeOptions:
    """How a notice is printed: paper, orientation, and which households (``write_notice``)."""

    paper: str = "A4"
    landscape: bool = False
    grid: str | None = None  # only this grid's households of a village's notice
    per_grid: bool = False  # one notice per grid, each from a new page

    def pages_about(self, households: list[int]) -> int:
        """About how many pages notices of ``households`` households each take (the title
        and the signatures take about a quarter of a page)."""
        per_page = PER_PAGE[(self.paper.upper(), self.landscape)]
        return sum(-(-(n + per_page // 4) // per_page) for n in households)


@dataclass(frozen=True)
class Part:
    """One notice of the file: the whole publication, or one grid's households of it."""

    grid: str | None  # None: the publication as it is
    lines: list[SnapshotLine]
    late: list[LateLine]


def write_notice(
    ledger: Ledger,
    publication_id: str,
    path: Path | str,
    *,
    paper: str = "A4",
    landscape: bool = False,
    grid: str | None = None,
    per_grid: bool = False,
    font: Path | str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Written:
    """The 季度公示表 of a publication as a PDF at ``path``: whole, only ``grid``'s households
    (a grid's name), or ``per_grid``: one notice per grid, each starting a new page."""
    setup = PageSetup(paper, landscape, NOTICE_SIZE, grow=False)
    report = PdfReport(path, setup, font, progress, cancel)
    report.steps(0.0, "正在读取公示表…")
    pub = ledger.publications.get(publication_id)
    village = ledger.villages.get(pub.village_id)
    lines = ledger.publications.lines(publication_id)
    late = ledger.publications.late_entries(publication_id)
    order = [g.name for g in ledger.villages.grids(pub.village_id)]
    parts = notice_parts(lines, late, order, grid=grid, per_grid=per_grid)
    report.steps(0.1, "正在排版公示表…")
    heading = Heading(f"{village.name}{pub.label}", posting_text(pub), draft=pub.status == "draft")
    story = _notices(report.styles, pub, village, parts, heading)
    rows = sum(len(p.lines) for p in parts)
    return report.write(story, heading, rows, rows // ROWS_PER_PAGE + len(parts))


def _notices(
    styles: Styles, pub: PublicationInfo, village: VillageInfo, parts: list[Part], heading: Heading
) -> list[Flowable]:
    """The parts one after another; more than one: each a section (its own title in the page
    heading) starting a new page."""
    name: Callable[[str], str] = mask_name if village.mask_names else str.strip
    story: list[Flowable] = []
    for number, part in enumerate(parts, 1):
        if len(parts) > 1:
            story += _section_start(number, heading, f"{village.name}{_title(pub, part)}")
        story += _notice(styles, pub, village.name, part, name, village.mask_names)
    return story


def _section_start(number: int, heading: Heading, title: str) -> list[Flowable]:
    """A part's start when the file holds several: a new page (but for the first), and its
    title in the page heading."""
    heading.sections[number] = title
    return [*([PageBreak()] if number > 1 else []), SectionStart(number)]


def _grid_part(grid: str, lines: list[SnapshotLine], late: list[LateLine]) -> Part:
    """One grid's part: its households' lines and their late entries."""
    mine = [line for line in lines if (line.grid_name or NO_GRID) == grid]
    ids = {line.household_id for line in mine}
    return Part(grid, mine, [e for e in late if e.household_id in ids])


def notice_parts(
    lines: list[SnapshotLine],
    late: list[LateLine],
    grid_order: list[str],
    *,
    grid: str | None = None,
    per_grid: bool = False,
) -> list[Part]:
    """The notices the file holds: the whole publication; one grid's part; or one part per
    grid, in the village's order of grids (households with no grid last)."""
    if grid is None and not per_grid:
        return [Part(None, lines, late)]
    names = [grid] if grid is not None else _grid_names(lines, grid_order)
    parts = []
    for wanted in names:
        parts.append(_grid_part(wanted, lines, late))
    if grid is not None and not parts[0].lines:
        raise NotFound(f"这份公示里没有网格“{grid}”的户：请检查网格名称。", field="grid")
    return parts


def _grid_names(lines: list[SnapshotLine], order: list[str]) -> list[str]:
    present = {line.grid_name or NO_GRID for line in lines}
    return [g for g in order if g in present] + sorted(present - set(order))


def posting_text(pub: PublicationInfo) -> str:
    planned = "（拟）" if pub.status == "draft" else ""
    return f"公示期{planned}：{pub.posting_start} 至 {pub.posting_end}"


def _title(pub: PublicationInfo, part: Part) -> str:
    label = periods.parse(pub.quarter).label
    return f"{label}积分公示（{part.grid}）" if part.grid else pub.label


def _notice(
    styles: Styles,
    pub: PublicationInfo,
    village_name: str,
    part: Part,
    name: Callable[[str], str],
    masked: bool,
) -> list[Flowable]:
    """One whole notice: title block, the households, the 补记, the signatures."""
    one_grid = part.grid is not None or pub.grid_id is not None
    table = (
        households_table(
            styles, part.lines, name, with_grid=not one_grid, village_rank=part.grid is not None
        )
        if part.lines
        else styles.para("本次公示没有在册农户。")
    )
    return [
        *_front(styles, pub, village_name, part),
        table,
        *_late_section(styles, part.late, name),
        *_closing(styles, pub, masked),
    ]


def _scope(pub: PublicationInfo, part: Part) -> str:
    if part.grid is None:
        return pub.scope
    return f"{part.grid}（全村公示中本网格的户，排名为全村排名）"


def _front(styles: Styles, pub: PublicationInfo, village_name: str, part: Part) -> list[Flowable]:
    period = periods.parse(pub.quarter)
    is_draft = pub.status == "draft"
    draft = "（草稿，未张贴）" if is_draft else ""
    contact = pub.contact or "村委会"
    lines = part.lines
    added = sum(r.added for r in lines)
    deducted = sum(r.deducted for r in lines)
    pending = (
        f"另有 {pub.pending_entries} 条记录待审核，未计入。"
        if is_draft and pub.pending_entries
        else ""
    )
    title = f"{village_name}{period.label}积分公示" + (f"（{part.grid}）" if part.grid else "")
    return [
        styles.para(title, styles.title),
        styles.para(
            f"公示范围：{_scope(pub, part)}　　第 {pub.version} 版{draft}", styles.subtitle
        ),
        Spacer(1, styles.size * 0.4),
        styles.para(
            f"经村积分审核小组逐月审核，现将{period.label}各户积分情况公示如下。"
            f"{posting_text(pub)}。对公示内容有异议的，请在公示期内向{contact}反映。"
        ),
        styles.para(
            f"共 {len(lines)} 户；本季加分合计 {added} 分，扣分合计 {deducted} 分。"
            f"积分统计截至 {pub.taken_at:%Y-%m-%d %H:%M}；排名按年度累计积分，同分同名次。{pending}",
            styles.note,
        ),
        Spacer(1, styles.size * 0.4),
    ]


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
        styles.para(LATE_TITLE, styles.heading),
        data_table(styles, LATE_HEADERS, rows, LATE_WIDTHS, right=(5,), center=(0, 2, 3)),
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
