"""Periods of the scheme: a month, a quarter, a half-year (半年一评), a year or all time, parsed
from text like ``2026-03``, ``2026Q1``, ``2026H1``, ``2026`` or ``all``.

A period someone types is one of the years the program supports (``FIRST_YEAR`` to
``LAST_YEAR``): a scheme that began this century, with room for the ledger to outlive us; a
year like 9999 is a typing slip, answered in Chinese rather than by date arithmetic failing at
the end of the calendar."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .errors import ValidationError

EARLIEST = dt.date(1949, 10, 1)
HALF_NAMES = {1: "上半年", 2: "下半年"}
FIRST_YEAR = 2000
LAST_YEAR = 2100


@dataclass(frozen=True)
class Period:
    key: str
    start: dt.date
    end: dt.date  # inclusive

    @property
    def label(self) -> str:
        if self.key == "all":
            return "累计"
        if "Q" in self.key:
            year, quarter = self.key.split("Q")
            return f"{year}年第{quarter}季度"
        if "H" in self.key:
            year, half = self.key.split("H")
            return f"{year}年{HALF_NAMES[int(half)]}"
        if "-" in self.key:
            year, month = self.key.split("-")
            return f"{year}年{int(month)}月"
        return f"{self.key}年度"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def month(year: int, month_no: int) -> Period:
    last_day = calendar.monthrange(year, month_no)[1]
    return Period(
        f"{year}-{month_no:02d}", dt.date(year, month_no, 1), dt.date(year, month_no, last_day)
    )


def quarter(year: int, q: int) -> Period:
    start = dt.date(year, 3 * q - 2, 1)
    end = month(year, 3 * q).end
    return Period(f"{year}Q{q}", start, end)


def half_year(year: int, half: int) -> Period:
    """``2026H1`` (January to June, 上半年) or ``2026H2`` (July to December, 下半年)."""
    start = dt.date(year, 6 * half - 5, 1)
    return Period(f"{year}H{half}", start, month(year, 6 * half).end)


def half_of(day: dt.date) -> Period:
    return half_year(day.year, 1 if day.month <= 6 else 2)


def half_years(today: dt.date, back: int = 2) -> list[Period]:
    """This year's half-years begun by ``today`` and those of the ``back`` years before, the
    latest first (for the period pickers: 半年一评)."""
    begun = half_of(today).start
    return [
        half_year(y, h)
        for y in range(today.year, today.year - back - 1, -1)
        for h in (2, 1)
        if half_year(y, h).start <= begun
    ]


def year(year_no: int) -> Period:
    return Period(str(year_no), dt.date(year_no, 1, 1), dt.date(year_no, 12, 31))


def all_time() -> Period:
    return Period("all", EARLIEST, dt.date(9999, 12, 31))


def quarter_of(day: dt.date) -> Period:
    return quarter(day.year, (day.month - 1) // 3 + 1)


def parse(text: str) -> Period:
    """``2026Q1`` | ``2026H1`` | ``2026`` | ``2026-03`` | ``all``; a clear message for anything
    else. ``2026上半年`` and ``2026下半年`` are read as the half-years too."""
    value = text.strip().upper()
    if value in ("ALL", "累计", "全部"):
        return all_time()
    m = re.match(r"\d{4}", value)
    if m:
        check_year(int(m[0]), text)
    m = re.fullmatch(r"(\d{4})Q([1-4])", value)
    if m:
        return quarter(int(m[1]), int(m[2]))
    m = re.fullmatch(r"(\d{4})(?:H([12])|年?([上下])半年)", value)
    if m:
        return half_year(int(m[1]), int(m[2]) if m[2] else 1 if m[3] == "上" else 2)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", value)
    if m and 1 <= int(m[2]) <= 12:
        return month(int(m[1]), int(m[2]))
    if re.fullmatch(r"\d{4}", value):
        return year(int(value))
    raise ValidationError(
        f"期间“{text}”看不懂：季度写成 2026Q1，半年写成 2026H1（上半年）或 2026H2（下半年），"
        "年度写成 2026，月份写成 2026-03，累计写成 all。",
        field="period",
    )


def check_year(year_no: int, text: str | None = None) -> int:
    """``year_no`` if the program supports it; otherwise a message that names what was typed."""
    if not FIRST_YEAR <= year_no <= LAST_YEAR:
        raise ValidationError(_beyond_years(f"“{text or year_no}”的年份"), field="period")
    return year_no


def check_day(day: dt.date, what: str, field: str) -> dt.date:
    """``day`` if it is in a year the scheme's periods can hold (a household's registration,
    and so every entry of it); otherwise a message naming the field."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(_beyond_years(f"{what} {day} ", "的日期"), field=field)
    return day


def _beyond_years(subject: str, unit: str = "") -> str:
    """``subject`` outside the years the program holds, in words."""
    return f"{subject}超出了范围：只能是{FIRST_YEAR}年到{LAST_YEAR}年之间{unit}，请核对。"
