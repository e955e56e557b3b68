"""The township's summary tables (derived, not synced): approved points per household, per
village and per person for each year and quarter, and a village's persons per year, so that the
cross-village ranking and the villages overview of a county read a row per household or village
instead of every entry or person.

Kept only in a township (``model.summaries``): filled for the villages a bundle touched inside
the bundle's transaction, by migrations 0016 and 0018 for existing townships, and again in full by
``jifen township rebuild-summaries``; ``jifen verify`` recomputes them and names any that
differ. A row's ``id`` is its key spelt out (``2026Q1:<household id>``), so a row exists at
most once and a stray one is seen.

What they count is exactly what the township's scanning queries count (``sync.township``):
approved entries, transfers (``transfer``) left out; ``normal_entries`` (approved non-base,
non-transfer entries of kind ``normal``) decides participation; a person's ``live_entries``
leave out entries reversed by a correction, as ``person_rates`` does."""

import datetime as dt

from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import UUID_LEN, Base

PERIOD_LEN = 8  # "2026", "2026Q3"
KEY_LEN = 70  # "2026Q1:<village id>:household" and shorter


class HouseholdTotal(Base):
    """A household's (or unit's) approved points of a year or quarter; a row only when it has
    an approved entry then."""

    __tablename__ = "household_totals"
    id: Mapped[str] = mapped_column(String(KEY_LEN), primary_key=True)
    period: Mapped[str] = mapped_column(String(PERIOD_LEN))
    household_id: Mapped[str] = mapped_column(String(UUID_LEN))
    village_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    points: Mapped[int] = mapped_column(Integer)
    entries: Mapped[int] = mapped_column(Integer)
    normal_entries: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        Index("ix_household_totals_period_points", "period", "points"),
        Index("ix_household_totals_household_id", "household_id"),  # a household's refresh
    )


class MemberTotal(Base):
    """A person's approved ``normal`` entries naming them in a year or quarter (a row only when
    there is one); ``live_entries`` of them not reversed."""

    __tablename__ = "member_totals"
    id: Mapped[str] = mapped_column(String(KEY_LEN), primary_key=True)
    period: Mapped[str] = mapped_column(String(PERIOD_LEN))
    member_id: Mapped[str] = mapped_column(String(UUID_LEN))
    village_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    entries: Mapped[int] = mapped_column(Integer)
    live_entries: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        Index("ix_member_totals_period_member", "period", "member_id"),
        Index("ix_member_totals_member_id", "member_id"),  # a person's refresh
    )


class VillageTotal(Base):
    """A village's figures of a year or quarter for one kind of account (``household`` or
    ``unit``): approved points and entries, the accounts on the books taking part, and the day
    of its latest entry of any state in the period."""

    __tablename__ = "village_totals"
    id: Mapped[str] = mapped_column(String(KEY_LEN), primary_key=True)
    period: Mapped[str] = mapped_column(String(PERIOD_LEN))
    village_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    points: Mapped[int] = mapped_column(Integer)
    entries: Mapped[int] = mapped_column(Integer)
    active: Mapped[int] = mapped_column(Integer)
    last_entry_on: Mapped[dt.date] = mapped_column(Date)


class VillagePersonTotal(Base):
    """A village's persons in a year it has entries of (as the overview's 个人参与率, 党员参与率
    and 个人兑换率 count them, ``person_rates``): present some day of the year, of them taking
    part (a year row of ``member_totals`` with a live entry), party members present and taking
    part, and persons named by a redemption of the year not returned; a row only when someone
    is present."""

    __tablename__ = "village_person_totals"
    id: Mapped[str] = mapped_column(String(KEY_LEN), primary_key=True)
    period: Mapped[str] = mapped_column(String(PERIOD_LEN))
    village_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    present: Mapped[int] = mapped_column(Integer)
    taking_part: Mapped[int] = mapped_column(Integer)
    party_present: Mapped[int] = mapped_column(Integer)
    party_taking_part: Mapped[int] = mapped_column(Integer)
    redeeming: Mapped[int] = mapped_column(Integer)
