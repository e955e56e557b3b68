"""One PDF report being made: the file it goes to (checked first), its progress and cancel, the
font (found when the body is laid out), the paper, and the finished ``Written``."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from reportlab.platypus import Flowable  # type: ignore[import-untyped, unused-ignore]

from .common import Cancel, Progress, Steps, Written, check_output
from .fonts import PdfFont, find_font
from .pdf_page import Heading, PageSetup, build_pdf
from .pdf_parts import Styles


class PdfReport:
    def __init__(
        self,
        path: Path | str,
        setup: PageSetup,
        font: Path | str | None,
        progress: Progress | None,
        cancel: Cancel | None,
    ) -> None:
        self.target = check_output(path, ".pdf")
        self.setup = setup
        self.steps = Steps(progress, cancel)
        self._font_choice = font

    @cached_property
    def font(self) -> PdfFont:
        return find_font(self._font_choice)

    @cached_property
    def styles(self) -> Styles:
        return Styles(self.font, self.setup)

    def write(
        self, story: list[Flowable], heading: Heading, rows: int, expected_pages: int = 1
    ) -> Written:
        """Lay out ``story`` into the file; what was written."""
        pages = build_pdf(
            self.target,
            story,
            self.setup,
            heading,
            self.font,
            self.steps,
            expected_pages,
            self.styles.glyphs,
        )
        self.steps(1.0, "已生成。")
        return Written(
            self.target,
            pages=pages,
            rows=rows,
            font=self.font.label,
            warnings=self.styles.glyphs.warnings(),
        )
