"""The page every PDF shares: paper (A4/A3, portrait/landscape), a header line with the title
on every page, "第 n 页 共 m 页" in the footer and a "草稿" mark across a draft, in the CJK font.

Page numbers need the page count, known only at the end: ``_PagedCanvas`` keeps each finished
page and draws the header and footer on all of them when the document is saved. A document can
be cut into sections (a household's card in the cards of a grid): ``SectionStart`` begins one,
and its pages are then numbered on their own ("第 1 页 共 2 页") with its own header.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab import rl_config  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib import colors  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.pagesizes import A3, A4, landscape, portrait  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.units import mm  # type: ignore[import-untyped, unused-ignore]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped, unused-ignore]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped, unused-ignore]
from reportlab.platypus import Flowable, SimpleDocTemplate  # type: ignore[import-untyped, unused-ignore]

from .common import Steps, printed_on, write_whole
from .fonts import PdfFont
from .glyphs import Glyphs

# Page streams compressed but not also ASCII85-encoded: a third smaller, and 2,000 cards are
# written 4 s sooner (reportlab encodes in pure Python).
rl_config.useA85 = 0
PAPERS = {"A4": A4, "A3": A3}
GRID_COLOR = colors.HexColor("#555555")
DRAFT_COLOR = colors.Color(0.85, 0.1, 0.1, alpha=0.18)


@dataclass(frozen=True)
class PageSetup:
    paper: str = "A4"
    landscape: bool = False
    base_size: float = 10.5  # body type on A4; A3 scales it up with the paper
    row_padding: float = 0.27  # air above and below a table row, as a share of its type
    grow: bool = True  # on A3, type and margins grow with the paper (False: the same as A4)

    @property
    def size(self) -> tuple[float, float]:
        paper = PAPERS[self.paper.upper()]
        return landscape(paper) if self.landscape else portrait(paper)

    @property
    def scale(self) -> float:
        return 1.414 if self.grow and self.paper.upper() == "A3" else 1.0

    @property
    def margin(self) -> float:
        return 14 * mm * self.scale

    @property
    def frame_width(self) -> float:
        return self.size[0] - 2 * self.margin


@dataclass
class Heading:
    """What the header and footer of every page say."""

    title: str  # 张集村 2026年第3季度积分公示（全村）
    right: str = ""  # the header's right end, e.g. the posting period
    draft: bool = False
    sections: dict[int, str] = field(default_factory=dict)  # section no -> its header title


class SectionStart(Flowable):
    """Begins section ``number`` (its pages are numbered on their own); takes no space."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number
        self.width = self.height = 0

    def draw(self) -> None:
        self.canv.section = self.number


# -- the canvas that numbers pages ---------------------------------------------------------------


class _PagedCanvas(Canvas):
    """Keeps finished pages and decorates them all at ``save``, when the count is known."""

    def __init__(
        self, *args: Any, decorate: Callable[..., None], steps: Steps, expected: int, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self._pages: list[dict[str, Any]] = []
        self._decorate = decorate
        self._steps = steps
        self._expected = max(1, expected)
        self.section = 0

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        done = min(1.0, len(self._pages) / self._expected)
        self._steps(0.3 + 0.5 * done, f"正在排版第 {len(self._pages)} 页…")
        self._startPage()

    def save(self) -> None:
        numbers = _section_numbers([p["section"] for p in self._pages])
        total = len(self._pages)
        tick = self._steps.each(total, 0.8, 0.97, "正在写入第 {} 页，共 {} 页…")
        for i, page in enumerate(self._pages):
            tick(i)
            self.__dict__.update(page)
            self._decorate(self, i + 1, total, *numbers[i])
            super().showPage()
        super().save()


def _section_numbers(sections: list[int]) -> list[tuple[int, int, int]]:
    """For each page: (its section, its number in the section, the section's page count)."""
    counts: dict[int, int] = {}
    for s in sections:
        counts[s] = counts.get(s, 0) + 1
    seen: dict[int, int] = {}
    result = []
    for s in sections:
        seen[s] = seen.get(s, 0) + 1
        result.append((s, seen[s], counts[s]))
    return result


def _decorator(
    setup: PageSetup, heading: Heading, font: PdfFont, glyphs: Glyphs | None
) -> Callable[..., None]:
    width, height = setup.size
    margin, small = setup.margin, 8.5 * setup.scale
    draw = functools.partial(_draw_text, font=font, glyphs=glyphs)

    def decorate(canvas: Canvas, page: int, total: int, section: int, n: int, m: int) -> None:
        canvas.saveState()
        if heading.draft:
            _draft_mark(canvas, font, width, height)
        canvas.setFont(font.name, small)
        canvas.setFillColor(colors.black)
        top = height - margin * 0.62
        draw(canvas, margin, top, heading.sections.get(section, heading.title), small)
        draw(canvas, width - margin, top, heading.right, small, right=True)
        canvas.setStrokeColor(GRID_COLOR)
        canvas.setLineWidth(0.4)
        canvas.line(margin, top - small * 0.5, width - margin, top - small * 0.5)
        bottom = margin * 0.45
        numbers = f"第 {n} 页 共 {m} 页" if heading.sections else f"第 {page} 页 共 {total} 页"
        canvas.setFont(font.name, small * 1.15)
        canvas.drawCentredString(width / 2, bottom, numbers)
        canvas.setFont(font.name, small)
        canvas.drawString(margin, bottom, f"打印日期：{printed_on()}")
        canvas.restoreState()

    return decorate


def _draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    font: PdfFont,
    glyphs: Glyphs | None,
    right: bool = False,
) -> None:
    """``text`` on one line from ``x`` (or ending at ``x``), a character the font lacks in a
    font that has it (a village's or household's name in the page heading)."""
    runs = glyphs.runs(text) if glyphs is not None else [(None, text)]
    placed = [(name or font.name, chunk) for name, chunk in runs]
    if right:
        x -= sum(stringWidth(chunk, name, size) for name, chunk in placed)
    line = canvas.beginText(x, y)
    for name, chunk in placed:
        line.setFont(name, size)
        line.textOut(chunk)
    canvas.drawText(line)


def _draft_mark(canvas: Canvas, font: PdfFont, width: float, height: float) -> None:
    canvas.setFillColor(DRAFT_COLOR)
    canvas.setFont(font.name, min(width, height) * 0.28)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(30)
    canvas.drawCentredString(0, -min(width, height) * 0.1, "草稿")
    canvas.rotate(-30)
    canvas.translate(-width / 2, -height / 2)


def _document(temp: Path, setup: PageSetup, heading: Heading, font: PdfFont) -> SimpleDocTemplate:
    """The document: page size, the same margin all round, title and author."""
    margin = setup.margin
    return SimpleDocTemplate(
        str(temp),
        pagesize=setup.size,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=heading.title,
        author="积分台账",
        creator="积分台账 jifen-desktop",
        initialFontName=font.name,
    )


def build_pdf(
    target: Path,
    story: list[Flowable],
    setup: PageSetup,
    heading: Heading,
    font: PdfFont,
    steps: Steps,
    expected_pages: int = 1,
    glyphs: Glyphs | None = None,
) -> int:
    """Lay out ``story`` into ``target`` (whole or not at all); returns the page count.
    ``expected_pages`` (a guess) only paces the progress reports."""
    decorate = _decorator(setup, heading, font, glyphs)

    def build(temp: Path) -> int:
        doc = _document(temp, setup, heading, font)
        made: list[_PagedCanvas] = []

        def canvasmaker(*args: Any, **kw: Any) -> _PagedCanvas:
            made.append(
                _PagedCanvas(*args, decorate=decorate, steps=steps, expected=expected_pages, **kw)
            )
            return made[-1]

        doc.build(story, canvasmaker=canvasmaker)
        return len(made[-1]._pages)

    return write_whole(target, build)
