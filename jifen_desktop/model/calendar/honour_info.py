"""An honour awarded (荣誉称号) as the screens, printouts and commands read it: ``AwardInfo``,
a plain value with the household (and, for a person's title, the member) it went to, and the
Chinese names of the ways of choosing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import periods

CHOSEN_NAMES = {
    "top": "前几名",
    "grade": "评星定级",
    "above_average": "高于平均分",
    "hand": "评议推选",
}


@dataclass(frozen=True)
class AwardInfo:
    id: str
    village_id: str
    household_id: str
    household_number: str
    household_name: str
    title: str
    period: str
    chosen_by: str
    basis: str
    points: int
    meeting_on: dt.date
    awarded_by_name: str
    lifted_on: dt.date | None
    lift_reason: str
    member_id: str | None = None  # a person's title; None for the household's
    member_name: str = ""

    @property
    def period_label(self) -> str:
        return periods.parse(self.period).label

    @property
    def chosen_name(self) -> str:
        return CHOSEN_NAMES.get(self.chosen_by, self.chosen_by)

    @property
    def household_label(self) -> str:
        """“户号 户主”, or “户号 本人” for a person's title."""
        return f"{self.household_number} {self.member_name or self.household_name}"

    @property
    def recipient_name(self) -> str:
        """The person's name for a person's title, else the head's (or the unit's)."""
        return self.member_name or self.household_name

    @property
    def recipient_text(self) -> str:
        """Whom a 奖状 is made out to: “王小军同志（户号 0101）” or “王建国 家庭（户号 0101）”."""
        if self.member_id:
            return f"{self.member_name}同志（户号 {self.household_number}）"
        return f"{self.household_name} 家庭（户号 {self.household_number}）"

    @property
    def title_text(self) -> str:
        """“2026年度十星级文明户”, and whose for a person's: “2026年度优秀党员（王小军）”."""
        whose = f"（{self.member_name}）" if self.member_id else ""
        return f"{self.period_label}{self.title}{whose}"

    @property
    def in_force(self) -> bool:
        return self.lifted_on is None
