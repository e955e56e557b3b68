"""The table of honours awarded (荣誉称号): a title a village gives a household for a period,
decided at a meeting (评先评优), and lifted later if need be. Imported by ``tables`` so that one
``Base`` holds every table.

An award changes state once (in force -> lifted), so it is a mutable record merged
last-writer-wins like a veto: it travels in the village's bundles to the township, and only the
village's own keys may write it (``sync.trust``). A lifted award stays, with the day and why.
"""

import datetime as dt

from sqlalchemy import CheckConstraint, Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import UUID_LEN, Base, MutableRecord, _fk

# How the household was chosen: 前N名, 评星定级 grade, 高于平均分, or named by hand.
CHOSEN_BY = ("top", "grade", "above_average", "hand")


class HonourAward(MutableRecord, Base):
    """A title (十星级文明户, 最美家庭, 优秀 …) awarded to a household for a period."""

    __tablename__ = "honour_awards"
    village_id: Mapped[str] = _fk("villages.id", index=False)
    household_id: Mapped[str] = _fk("households.id")
    member_id: Mapped[str | None] = _fk("members.id", nullable=True)  # a person's title
    title: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(8))  # "2026", or a quarter "2026Q3"
    chosen_by: Mapped[str] = mapped_column(String(16))
    basis: Mapped[str] = mapped_column(String(128), default="")  # "前10名（第2名）" …
    points: Mapped[int] = mapped_column(Integer, default=0)  # its points in the period then
    meeting_on: Mapped[dt.date] = mapped_column(Date)
    awarded_by: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    awarded_by_name: Mapped[str] = mapped_column(String(64), default="")
    lifted_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    lift_reason: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        Index("ix_honour_awards_village_period", "village_id", "period"),
        CheckConstraint("chosen_by in ('top', 'grade', 'above_average', 'hand')", name="chosen_by"),
    )
