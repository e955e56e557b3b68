"""A long table printed in column groups side by side, newspaper fashion (down the first group,
then the next), each group under its own header row: a page of the 公示表 then holds two or
three times the households at the same type size. A page takes as many groups as its width
holds; a short table, and the table's last page, use as few groups as hold the rows left, of
even length, so what follows (the 补记, the signatures) comes right under it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors  # type: ignore[import-untyped, unused-ignore]
from reportlab.platypus import Flowable, Table, TableStyle  # type: ignore[import-untyped, unused-ignore]

from .pdf_page import GRID_COLOR

HEADER_FILL = colors.HexColor("#E6E6E6")
ZEBRA_FILL = colors.HexColor("#F2F2F2")
PAD_X, PAD_TOP, PAD_BOTTOM = 2.5, 1.2, 2.2  # points around a cell's text
MAX_STRETCH = 1.3  # groups are widened to fill the page, up to this much


@dataclass(frozen=True)
class GroupStyle:
    """What every group shares: the header (a cell may hold "\\n"), the columns' widths in
    points, the type, the columns aligned right or centred, and the gap between groups."""

    header: tuple[str, ...]
    widths: tuple[float, ...]
    font: str
    size: float
    right: tuple[int, ...] = ()
    center: tuple[int, ...] = ()
    gap: float = 12.0

    @property
    def leading(self) -> float:
        return self.size * 1.2

    @property
    def row_height(self) -> float:
        """A one-line row."""
        return self.leading + PAD_TOP + PAD_BOTTOM

    @property
    def header_height(self) -> float:
        lines = max(str(h).count("\n") + 1 for h in self.header)
        return self.leading * lines + PAD_TOP + PAD_BOTTOM

    def groups_in(self, width: float) -> int:
        """How many groups fit side by side in ``width``."""
        return max(1, int((width + self.gap) // (sum(self.widths) + self.gap)))

    def commands(self) -> list[tuple[Any, ...]]:
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), self.font, self.size, self.leading),
            ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), PAD_TOP),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_BOTTOM),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA_FILL]),
        ]
        commands += [("ALIGN", (c, 1), (c, -1), "RIGHT") for c in self.right]
        commands += [("ALIGN", (c, 1), (c, -1), "CENTER") for c in self.center]
        return commands


def row_heights(
    style: GroupStyle, rows: Sequence[Sequence[Any]], stretch: float = 1.0
) -> list[float]:
    """Each row's height, its columns ``stretch`` times their width: one line, or what its
    tallest wrapping cell needs."""
    heights = []
    for row in rows:
        height = style.row_height
        for cell, width in zip(row, style.widths, strict=True):
            width *= stretch
            if isinstance(cell, Flowable):
                needed = cell.wrap(width - 2 * PAD_X, 10_000)[1] + PAD_TOP + PAD_BOTTOM
                height = max(height, needed)
        heights.append(height)
    return heights


def pack(heights: Sequence[float], capacity: float, groups: int) -> list[tuple[int, int]]:
    """The rows (start, end) of each group, filling one group before the next, each at most
    ``capacity`` high, in at most ``groups`` groups; the rows left over wait for a later page."""
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(heights) and len(spans) < groups:
        end, used = start, 0.0
        while end < len(heights) and used + heights[end] <= capacity + 0.01:
            used += heights[end]
            end += 1
        if end == start:  # not even one row fits
            break
        spans.append((start, end))
        start = end
    return spans


def balanced(heights: Sequence[float], capacity: float, groups: int) -> list[tuple[int, int]]:
    """All rows in as few groups as hold them, as evenly long as they can be; [] when they do
    not all fit in ``groups`` groups."""
    spans = pack(heights, capacity, groups)
    if not spans or spans[-1][1] < len(heights):
        return []
    low, high = max(heights), capacity  # the shortest group height that still holds them all
    for _ in range(24):
        middle = (low + high) / 2
        tried = pack(heights, middle, len(spans))
        if tried and tried[-1][1] == len(heights):
            high = middle
        else:
            low = middle
    return pack(heights, high, len(spans))


class ColumnTable(Flowable):
    """The rows in groups side by side; split across pages by the frame like a table. The
    groups are widened to fill the page (up to MAX_STRETCH), and the rows measured so."""

    def __init__(
        self,
        style: GroupStyle,
        rows: list[list[Any]],
        measured: tuple[float, list[float]] | None = None,
    ) -> None:
        super().__init__()
        self.style, self.rows = style, rows
        self.measured = measured  # (stretch, row heights) once known
        self.spans: list[tuple[int, int]] = []
        self.width = self.height = 0.0

    def stretch(self, width: float) -> float:
        s = self.style
        groups = s.groups_in(width)
        room = (width - s.gap * (groups - 1)) / (groups * sum(s.widths))
        return min(MAX_STRETCH, max(1.0, room))

    def heights(self, width: float) -> list[float]:
        stretch = self.stretch(width)
        if self.measured is None or self.measured[0] != stretch:
            self.measured = (stretch, row_heights(self.style, self.rows, stretch))
        return self.measured[1]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        s = self.style
        self.width = available_width
        heights = self.heights(available_width)
        groups = s.groups_in(available_width)
        self.spans = balanced(heights, available_height - s.header_height, groups)
        if not self.spans:  # too long for the space: the frame splits it
            self.height = s.header_height + sum(heights)
        else:
            self.height = s.header_height + max(sum(heights[a:b]) for a, b in self.spans)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        s = self.style
        heights = self.heights(available_width)
        stretch = self.stretch(available_width)
        groups = s.groups_in(available_width)
        spans = pack(heights, available_height - s.header_height, groups)
        if not spans:
            return []
        end = spans[-1][1]
        return [
            ColumnTable(s, self.rows[:end], (stretch, heights[:end])),
            ColumnTable(s, self.rows[end:], (stretch, heights[end:])),
        ]

    def draw(self) -> None:
        s = self.style
        groups = s.groups_in(self.width)
        heights = self.heights(self.width)
        widths = [w * self.stretch(self.width) for w in s.widths]
        group_width = sum(widths)
        left = (self.width - groups * group_width - (groups - 1) * s.gap) / 2
        for i, (a, b) in enumerate(self.spans):
            table = Table(
                [list(s.header), *self.rows[a:b]],
                colWidths=widths,
                rowHeights=[s.header_height, *heights[a:b]],
            )
            table.setStyle(TableStyle(s.commands()))
            _, height = table.wrapOn(self.canv, group_width, self.height)
            table.drawOn(self.canv, left + i * (group_width + s.gap), self.height - height)
