"""Words the screens, the printouts and the ``jifen`` command share, written once: the 说明 of
an entry wherever entries are listed, the 补记 list's title and headers, a ranking row's grade,
and how wide a text is where a Chinese character takes two columns (a terminal, an Excel column).

No Qt and nothing heavy at import (the ``jifen`` command's start-up loads it): the ORM types it
reads are named for the type checker only."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .calendar.honours import Grade
    from .entry_queries import EntryInfo
    from .rankings import RankRow

ENTRY_KIND_NAMES = {"normal": "", "base": "基础分", "reversal": "冲正", "penalty": "弄虚作假扣分"}
REMARK_JOIN = "；"

LATE_TITLE = "补记（以前季度发生、本季度补记的记录，已计入本季积分）"
LATE_HEADERS = ("户号", "户主", "原日期", "补记日期", "事项", "分值", "原因")

NO_GRADE = "—"  # a ranking row without a grade: vetoed, or under every threshold


def late_mark(original_on: dt.date) -> str:
    """What marks a 补记 wherever an entry is described: 补记，原日期 2026-03-05."""
    return f"补记，原日期 {original_on.isoformat()}"


def entry_remark(e: EntryInfo) -> str:
    """The 说明 of an entry in every list (``jifen entry list``, the 户积分卡, the review
    table): its kind, a 补记's original date, 已冲正, why it was rejected, the reason of a
    correction, the member who did it (when not the head), how many, the place and the
    recorder's note, in that order."""
    parts = (
        ENTRY_KIND_NAMES.get(e.kind, ""),
        late_mark(e.original_on) if e.original_on else "",
        "已冲正" if e.reversed else "",
        f"理由：{e.decision_reason}" if e.status == "rejected" and e.decision_reason else "",
        e.reason if e.kind != "normal" else "",
        f"成员 {e.member_name}" if e.member_name and e.member_name != e.household_name else "",
        f"{e.quantity}×{e.unit_points}分" if e.quantity > 1 else "",
        e.place,
        e.note,
    )
    return REMARK_JOIN.join(part for part in parts if part)


def grade_text(row: RankRow, grades: Sequence[Grade]) -> str:
    """A ranking row's grade (评星定级): the first whose threshold its points reach, or
    ``NO_GRADE`` for a vetoed household or when no grade applies (no grades: not a year)."""
    from .calendar.honours import grade_of  # the ledger's modules load only when ranking

    grade = None if row.vetoed else grade_of(row.points, list(grades))
    return grade.name if grade else NO_GRADE


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal or a spreadsheet: wide (CJK) and full-width
    characters count two, combining marks none, the rest one."""
    return sum(
        0
        if unicodedata.combining(ch)
        else 2
        if unicodedata.east_asian_width(ch) in ("W", "F")
        else 1
        for ch in text
    )
