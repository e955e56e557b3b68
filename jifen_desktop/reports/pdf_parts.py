"""The body of a PDF: paragraph styles in the CJK font sized for the paper, ruled tables whose
header repeats on every page, label/value boxes, and lines to sign by hand."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped, unused-ignore]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped, unused-ignore]
from reportlab.platypus import (  # type: ignore[import-untyped, unused-ignore]
    Flowable,
    KeepTogether,
    LongTable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .fonts import PdfFont
from .glyphs import Fallback, Glyphs, system_fallback
from .pdf_page import GRID_COLOR, PageSetup

HEADER_FILL = colors.HexColor("#E6E6E6")
ZEBRA_FILL = colors.HexColor("#F5F5F5")
AUTO_SHARE = 1 / 6
CELL_PADDING = 13  # reportlab's 6 pt each side, and a little air


class Styles:
    """Paragraph styles in the document's font, sized for its paper."""

    def __init__(
        self, font: PdfFont, setup: PageSetup, fallback: Fallback = system_fallback
    ) -> None:
        self.font = font.name
        self.glyphs = Glyphs(font, fallback)
        self.size = setup.base_size * setup.scale
        self.frame_width = setup.frame_width
        self.row_padding = setup.row_padding
        s = self.size
        self.title = self._style("title", s * 1.9, TA_CENTER, leading=s * 2.5)
        self.subtitle = self._style("subtitle", s * 1.05, TA_CENTER, leading=s * 1.6)
        self.heading = self._style("heading", s * 1.3, TA_LEFT, leading=s * 1.9, space=s * 0.6)
        self.body = self._style("body", s, TA_LEFT, leading=s * 1.5)
        self.cell = self._style("cell", s * 0.95, TA_LEFT, leading=s * 1.25)
        self.cell_right = self._style("cell_right", s * 0.95, TA_RIGHT, leading=s * 1.25)
        self.note = self._style("note", s * 0.85, TA_LEFT, leading=s * 1.3)

    def _style(
        self, name: str, size: float, align: int, *, leading: float, space: float = 0
    ) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=self.font,
            fontSize=size,
            leading=leading,
            alignment=align,
            wordWrap="CJK",
            spaceBefore=space,
            spaceAfter=space * 0.5,
        )

    def para(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        """``text`` as a paragraph; a character the font lacks is drawn in one that has it."""
        return Paragraph(self.glyphs.markup(text), style or self.body)


def cell_width(styles: Styles, text: object) -> float:
    """Points a cell's text takes on one line in a table, padding included."""
    return stringWidth(str(text), styles.font, styles.size * 0.95) + CELL_PADDING


def fits_auto_column(styles: Styles, texts: Sequence[object]) -> bool:
    """Whether the widest of ``texts`` fits on one line of a column sized to its text."""
    return max((cell_width(styles, t) for t in texts), default=0) <= styles.frame_width * AUTO_SHARE


def column_widths(
    styles: Styles, widths: Sequence[float | None], rows: Sequence[Sequence[Any]]
) -> list[float]:
    """Widths in points: a column given as None is as wide as its widest text (dates,
    numbers, names; a sixth of the page at most); the others share what is left by their
    weights."""
    most = styles.frame_width * AUTO_SHARE
    fixed = {
        i: min(most, max(cell_width(styles, r[i]) for r in rows))
        for i, w in enumerate(widths)
        if w is None
    }
    left = styles.frame_width - sum(fixed.values())
    weights = sum(w for w in widths if w is not None) or 1
    return [fixed[i] if w is None else left * w / weights for i, w in enumerate(widths)]


def data_table(
    styles: Styles,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float | None],
    *,
    right: Sequence[int] = (),
    center: Sequence[int] = (),
    bold_rows: Sequence[int] = (),
) -> Table:
    """A ruled table whose header repeats on every page; ``widths`` are weights of the frame
    width, or None for a column as wide as its text; columns in ``right`` (numbers) are
    right-aligned. Text too wide for its column wraps."""
    columns = column_widths(styles, widths, [header, *rows])
    table = LongTable(
        _fitted_cells(styles, [header, *rows], columns), colWidths=columns, repeatRows=1
    )
    commands = _ruled_look(styles)
    commands += [("ALIGN", (c, 1), (c, -1), "RIGHT") for c in right]
    commands += [("ALIGN", (c, 1), (c, -1), "CENTER") for c in center]
    commands += [("BACKGROUND", (0, r), (-1, r), HEADER_FILL) for r in bold_rows]
    table.setStyle(TableStyle(commands))
    return table


def _fitted_cells(
    styles: Styles, rows: Sequence[Sequence[Any]], columns: Sequence[float]
) -> list[list[Any]]:
    """Each text cell made to fit its column (wrapped); other flowables as they are."""
    return [
        [
            fit_cell(styles, c, w) if isinstance(c, str) else c
            for c, w in zip(row, columns, strict=True)
        ]
        for row in rows
    ]


def _ruled_look(styles: Styles) -> list[tuple[Any, ...]]:
    """A data table's style: the font, thin rules, a shaded centred header, zebra rows."""
    size = styles.size * 0.95
    return [
        ("FONT", (0, 0), (-1, -1), styles.font, size, size * 1.25),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), size * (styles.row_padding - 0.05)),
        ("BOTTOMPADDING", (0, 0), (-1, -1), size * (styles.row_padding + 0.05)),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA_FILL]),
    ]


def signature_block(styles: Styles, lines: Sequence[Sequence[str]]) -> Table:
    """Rows of "label：________" to sign by hand, evenly spread, no rules."""
    columns = max(len(r) for r in lines)
    cells = [[styles.para(c) for c in row] + [""] * (columns - len(row)) for row in lines]
    table = Table(cells, colWidths=[styles.frame_width / columns] * columns)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), styles.font, styles.size),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), styles.size * 1.6),
            ]
        )
    )
    return table


def signed_notes(styles: Styles, note: str, lines: Sequence[Sequence[str]]) -> list[Flowable]:
    """A closing note in small type and the lines to sign, kept together after a little space."""
    return [
        Spacer(1, styles.size * 0.6),
        KeepTogether([styles.para(note, styles.note), signature_block(styles, lines)]),
    ]


def pending_first(pending: int, note: str) -> str:
    """``note``, after a word on the entries still pending (when there are any)."""
    if not pending:
        return note
    return f"另有 {pending} 条记录待审核，审核通过后计入。" + note


def fit_cell(styles: Styles, text: str, width: float) -> str | Flowable:
    """Plain text when it fits a column ``width`` wide (fast), else a paragraph that wraps
    (or that draws a rare character in another font)."""
    fits = stringWidth(text, styles.font, styles.size * 0.95) <= width - CELL_PADDING
    if fits and styles.glyphs.covers(text):
        return text
    return styles.para(text, styles.cell)


def facts_table(styles: Styles, pairs: Sequence[tuple[str, str]]) -> Table:
    """Label/value pairs in a ruled box, two pairs a row, the labels shaded."""
    width = styles.frame_width
    value_width = width * 0.3
    cells = []
    for i in range(0, len(pairs), 2):
        row = [*pairs[i], *(pairs[i + 1] if i + 1 < len(pairs) else ("", ""))]
        cells.append(
            [
                row[0],
                fit_cell(styles, row[1], value_width),
                row[2],
                fit_cell(styles, row[3], value_width),
            ]
        )
    table = Table(cells, colWidths=[width * f for f in (0.2, 0.3, 0.2, 0.3)])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), styles.font, styles.size),
                ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR),
                ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
                ("BACKGROUND", (2, 0), (2, -1), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), styles.size * 0.35),
            ]
        )
    )
    return table


class CutLine(Flowable):
    """A dashed line across the page with "沿虚线剪开" in its middle."""

    def __init__(self, styles: Styles) -> None:
        super().__init__()
        self.font, self.size = styles.font, styles.size * 0.8
        self.width, self.height = styles.frame_width, self.size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        text = "（沿虚线剪开）"
        gap = stringWidth(text, self.font, self.size) + self.size
        middle, y = self.width / 2, self.height / 2
        self.canv.setDash(4, 3)
        self.canv.setStrokeColor(GRID_COLOR)
        self.canv.line(0, y, middle - gap / 2, y)
        self.canv.line(middle + gap / 2, y, self.width, y)
        self.canv.setFont(self.font, self.size)
        self.canv.drawCentredString(middle, y - self.size * 0.35, text)
