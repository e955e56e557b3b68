"""光荣榜: the poster of the titles a village awarded for a period (A3 portrait, big type): the
title, the period, and under each title the households that hold it (numbers and names, the
names masked as the village chooses for its notices) — a person's title shows the person's name
first and their household (户号, 户主) under it —, the village and the date at the foot.
Lifted awards are not printed."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.enums import TA_CENTER, TA_RIGHT  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped, unused-ignore]
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle  # type: ignore[import-untyped, unused-ignore]

from jifen_desktop.model import periods
from jifen_desktop.model.calendar.honour_awards import AwardInfo, HonourAwardService

from .common import Cancel, NothingToPrint, Progress, Written, mask_name, printed_on
from .pdf_page import Heading, PageSetup
from .pdf_parts import Styles
from .pdf_report import PdfReport

if TYPE_CHECKING:
    from jifen_desktop.model.ledger import Ledger

POSTER_PAGE = PageSetup("A3", False, base_size=15)
COLUMNS = 3
RED = colors.HexColor("#B22222")


def awards_to_print(
    ledger: Ledger, village_id: str, period: str, title: str | None = None
) -> list[AwardInfo]:
    """The awards in force of ``period`` (of one ``title`` if given), by title then number."""
    key = periods.parse(period).key
    awards = HonourAwardService(ledger).list(village_id, key, in_force=True)
    chosen = [a for a in awards if title is None or a.title == title]
    if not chosen:
        raise NothingToPrint(_none_awarded(key, title))
    return sorted(chosen, key=lambda a: (a.title, a.household_number))


def write_poster(
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
    """The 光荣榜 of ``period`` (every title, or ``title`` only) as a PDF at ``path``."""
    report = PdfReport(path, POSTER_PAGE, font, progress, cancel)
    report.steps(0.0, "正在读取荣誉称号…")
    awards = awards_to_print(ledger, village_id, period, title)
    village = ledger.villages.get(village_id)
    name: Callable[[str], str] = mask_name if village.mask_names else str.strip
    label = periods.parse(period).label
    report.steps(0.1, "正在排版光荣榜…")
    styles = report.styles
    story: list[Flowable] = [
        styles.para("光 荣 榜", big_style(styles, "poster_title", 4.2, TA_CENTER, RED)),
        styles.para(f"{village.name}{label}", big_style(styles, "poster_sub", 1.6, TA_CENTER)),
        Spacer(1, styles.size * 1.5),
    ]
    for award_title, group in groupby(awards, key=lambda a: a.title):
        story += _group(styles, award_title, list(group), name)
    story += _foot(styles, village.name)
    heading = Heading(f"{village.name}{label}光荣榜")
    return report.write(story, heading, len(awards))


def _none_awarded(period_key: str, title: str | None) -> str:
    """No award to print for the period (of the title), and where to award one."""
    what = f"“{title}”" if title else "荣誉称号"
    return f"{periods.parse(period_key).label}还没有授予{what}：请先在 排名与统计 › 荣誉称号 授予称号。"


def big_style(
    styles: Styles, name: str, times: float, align: int, color: object = colors.black
) -> ParagraphStyle:
    size = styles.size * times
    return ParagraphStyle(
        name,
        fontName=styles.font,
        fontSize=size,
        leading=size * 1.35,
        alignment=align,
        wordWrap="CJK",
        textColor=color,
    )


def _group(
    styles: Styles, title: str, awards: list[AwardInfo], name: Callable[[str], str]
) -> list[Flowable]:
    """A title in large red type over its households, three to a row."""
    texts = [_recipient(styles, a, name) for a in awards]
    rows = [texts[i : i + COLUMNS] for i in range(0, len(texts), COLUMNS)]
    rows[-1] += [""] * (COLUMNS - len(rows[-1]))
    table = Table(rows, colWidths=[styles.frame_width / COLUMNS] * COLUMNS)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), styles.size * 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), styles.size * 0.5),
            ]
        )
    )
    heading = styles.para(
        f"{title}（{how_many(awards)}）", big_style(styles, "poster_heading", 2.2, TA_CENTER, RED)
    )
    return [
        KeepTogether([heading, Spacer(1, styles.size * 0.6), table]),
        Spacer(1, styles.size * 2),
    ]


def how_many(awards: list[AwardInfo]) -> str:
    """“3 户”, “2 人”, or “3 户、2 人” when a title went to households and persons."""
    persons = sum(1 for a in awards if a.member_id)
    parts = [(len(awards) - persons, "户"), (persons, "人")]
    return "、".join(f"{n} {unit}" for n, unit in parts if n) or "0 户"


def household_line(award: AwardInfo, name: Callable[[str], str] = str.strip) -> str:
    """A person's household under their name: “户号 0101　户主 王建国”."""
    return f"户号 {award.household_number}　户主 {name(award.household_name)}"


def _recipient(
    styles: Styles, award: AwardInfo, name: Callable[[str], str]
) -> Flowable | list[Flowable]:
    """A household: its number and name on one line. A person: their name first, large, and
    their household under it in smaller type."""
    cell = big_style(styles, "poster_cell", 1.5, TA_CENTER)
    if not award.member_id:
        return styles.para(f"{award.household_number} {name(award.household_name)}", cell)
    small = big_style(styles, "poster_household", 0.95, TA_CENTER, colors.HexColor("#555555"))
    return [
        styles.para(name(award.member_name), cell),
        styles.para(household_line(award, name), small),
    ]


def _foot(styles: Styles, village_name: str) -> list[Flowable]:
    right = big_style(styles, "poster_foot", 1.4, TA_RIGHT)
    return [
        Spacer(1, styles.size * 2),
        styles.para(issuer(village_name), right),
        styles.para(printed_on(), right),
    ]


def issuer(village_name: str) -> str:
    """The village committee that awards and signs: 张集村 → 张集村村民委员会."""
    name = village_name.strip()
    return f"{name}村民委员会" if name.endswith("村") else f"{name}村村民委员会"
