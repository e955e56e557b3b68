"""The households' table of the 公示表: rank, number, head (masked as the village chooses), grid,
the quarter's points added, deducted and net, the year's and lifetime totals, and a remark
(一票否决, 含补记 +5), in column groups side by side (``pdf_columns``). Each column is as wide
as its widest text (numbers, two-line headers); a name or remark longer than four characters
wraps. The grid column is left out when the table holds one grid only."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped, unused-ignore]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped, unused-ignore]
from reportlab.platypus import Flowable  # type: ignore[import-untyped, unused-ignore]

from jifen_desktop.model.calendar.snapshot import SnapshotLine

from .pdf_columns import PAD_X, ColumnTable, GroupStyle
from .pdf_parts import Styles

HEADER = (
    "排名",
    "户号",
    "户主",
    "网格",
    "本季\n加分",
    "本季\n扣分",
    "本季\n净得",
    "年度\n累计",
    "累计\n积分",
    "备注",
)
TEXT_COLUMNS = ("户主", "网格", "备注")  # wrap past TEXT_CHARS characters
CENTERED = ("排名", "户号", "全村\n排名")
TEXT_CHARS = 4
TABLE_SHARE = 0.95  # the table's type, of the body's: 10.5 pt (五号) under an 11 pt body


def remark(line: SnapshotLine) -> str:
    marks = ["一票否决"] if line.vetoed else []
    if line.late:
        marks.append(f"含补记 {line.late:+d}")
    return "，".join(marks)


def _values(line: SnapshotLine, name: Callable[[str], str]) -> list[str]:
    numbers = (line.added, line.deducted, line.net, line.year_total, line.lifetime_total)
    head = [str(line.rank), line.number, name(line.head_name), line.grid_name]
    return [*head, *(str(n) for n in numbers), remark(line)]


def households_table(
    styles: Styles,
    lines: Sequence[SnapshotLine],
    name: Callable[[str], str],
    *,
    with_grid: bool = True,
    village_rank: bool = False,
) -> Flowable:
    """The table of ``lines``; ``village_rank`` heads the rank column 全村排名 (a grid's part
    of a village's notice keeps the village's ranks)."""
    keep = [i for i, h in enumerate(HEADER) if with_grid or h != "网格"]
    header = [("全村\n排名" if village_rank and i == 0 else HEADER[i]) for i in keep]
    values = [[row[i] for i in keep] for row in (_values(r, name) for r in lines)]
    size = styles.size * TABLE_SHARE
    widths = [
        _width(styles.font, size, h, [row[c] for row in values]) for c, h in enumerate(header)
    ]
    rows = _wrapped(styles, size, header, widths, values)
    group = _column_style(styles.font, size, header, widths)
    return ColumnTable(group, rows)


def _wrapped(
    styles: Styles, size: float, header: list[str], widths: list[float], values: list[list[str]]
) -> list[list[str | Flowable]]:
    """The rows with the text columns' cells wrapped within their widths."""
    cell = ParagraphStyle("notice_cell", parent=styles.cell, fontSize=size, leading=size * 1.2)
    return [
        [
            _fit(styles, cell, text, widths[c]) if header[c] in TEXT_COLUMNS else text
            for c, text in enumerate(row)
        ]
        for row in values
    ]


def _column_style(font: str, size: float, header: list[str], widths: list[float]) -> GroupStyle:
    """Headers, widths and type; number columns right-aligned, the centred ones centred."""
    return GroupStyle(
        tuple(header),
        tuple(widths),
        font,
        size,
        right=tuple(c for c, h in enumerate(header) if "\n" in h and h not in CENTERED),
        center=tuple(c for c, h in enumerate(header) if h in CENTERED),
        gap=size * 1.2,
    )


def _width(font: str, size: float, header: str, texts: Sequence[str]) -> float:
    """A column as wide as its widest text or header line (a text column: at most
    TEXT_CHARS characters wide; longer texts wrap)."""
    widest = max(stringWidth(t, font, size) for t in [*header.split("\n"), *texts])
    if header in TEXT_COLUMNS:
        widest = min(widest, size * TEXT_CHARS)
    return widest + 2 * PAD_X + 1


def _fit(styles: Styles, style: ParagraphStyle, text: str, width: float) -> str | Flowable:
    """Plain text when it fits on one line in the font; else a paragraph that wraps (or draws
    a rare character in a font that has it)."""
    fits = stringWidth(text, styles.font, style.fontSize) <= width - 2 * PAD_X
    return text if fits and styles.glyphs.covers(text) else styles.para(text, style)
