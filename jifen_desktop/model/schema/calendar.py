"""The tables of the scheme's calendar (一月一审核、一季一公示): review sessions, publications
with their snapshot rows, objections, vetoes. Imported by ``tables`` so that one ``Base``
holds every table.

Review sessions, publications, objections and vetoes change state (open -> closed, draft ->
posted -> final, open -> resolved, active -> lifted), so they are mutable records merged
last-writer-wins; a publication's snapshot rows are append-only and never change once written.
"""

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import UUID_LEN, AppendOnlyRecord, Base, MutableRecord, _fk


class ReviewSession(MutableRecord, Base):
    """审核会: the committee's review of one month's pending entries of a village."""

    __tablename__ = "review_sessions"
    village_id: Mapped[str] = _fk("villages.id", index=False)
    month: Mapped[str] = mapped_column(String(7))  # "2026-03"
    held_on: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(128), default="")
    attendees: Mapped[str] = mapped_column(Text, default="")
    reviewer_id: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    reviewer_name: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(8), default="open")
    note: Mapped[str] = mapped_column(Text, default="")
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    __table_args__ = (
        Index("ix_review_sessions_village_month", "village_id", "month"),
        CheckConstraint("status in ('open', 'closed')", name="status"),
    )


class Publication(MutableRecord, Base):
    """公示: a quarter's points of a village (or one grid) shown to the village.

    ``version`` counts the snapshots of a draft; the rows of the current version are the
    snapshot, and posting freezes it."""

    __tablename__ = "publications"
    village_id: Mapped[str] = _fk("villages.id", index=False)
    grid_id: Mapped[str | None] = _fk("grids.id", nullable=True, index=False)
    quarter: Mapped[str] = mapped_column(String(6))  # "2026Q3"
    status: Mapped[str] = mapped_column(String(8), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    posting_start: Mapped[dt.date] = mapped_column(Date)
    posting_end: Mapped[dt.date] = mapped_column(Date)
    contact: Mapped[str] = mapped_column(String(128), default="")
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime)
    pending_entries: Mapped[int] = mapped_column(Integer, default=0)
    posted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    final_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        Index("ix_publications_village_quarter", "village_id", "quarter"),
        CheckConstraint("status in ('draft', 'posted', 'final')", name="status"),
        CheckConstraint("posting_end >= posting_start", name="posting"),
    )


class PublicationRow(AppendOnlyRecord, Base):
    """One household's line of a publication snapshot, as it was when the snapshot was taken."""

    __tablename__ = "publication_rows"
    publication_id: Mapped[str] = _fk("publications.id", index=False)
    version: Mapped[int] = mapped_column(Integer)
    household_id: Mapped[str] = _fk("households.id")
    number: Mapped[str] = mapped_column(String(32))
    head_name: Mapped[str] = mapped_column(String(128))
    grid_name: Mapped[str] = mapped_column(String(64), default="")
    added: Mapped[int] = mapped_column(Integer)
    deducted: Mapped[int] = mapped_column(Integer)
    net: Mapped[int] = mapped_column(Integer)
    late: Mapped[int] = mapped_column(Integer, default=0)  # of net: 补记 points
    year_total: Mapped[int] = mapped_column(Integer)
    lifetime_total: Mapped[int] = mapped_column(Integer)
    rank: Mapped[int] = mapped_column(Integer)
    vetoed: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (Index("ix_publication_rows_version", "publication_id", "version"),)


class PublicationLateEntry(AppendOnlyRecord, Base):
    """A 补记 listed apart on a publication: recorded in this quarter for an earlier date."""

    __tablename__ = "publication_late_entries"
    publication_id: Mapped[str] = _fk("publications.id", index=False)
    version: Mapped[int] = mapped_column(Integer)
    entry_id: Mapped[str] = _fk("entries.id", index=False)
    household_id: Mapped[str] = _fk("households.id", index=False)
    number: Mapped[str] = mapped_column(String(32))
    head_name: Mapped[str] = mapped_column(String(128))
    original_on: Mapped[dt.date] = mapped_column(Date)
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    item: Mapped[str] = mapped_column(String(280))
    points: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (Index("ix_publication_late_entries_version", "publication_id", "version"),)


class Objection(MutableRecord, Base):
    """异议: a household disputes an entry or its total during a publication's posting."""

    __tablename__ = "objections"
    village_id: Mapped[str] = _fk("villages.id", index=False)
    publication_id: Mapped[str] = _fk("publications.id")
    household_id: Mapped[str] = _fk("households.id", index=False)
    entry_id: Mapped[str | None] = _fk("entries.id", nullable=True, index=False)
    content: Mapped[str] = mapped_column(Text)
    received_on: Mapped[dt.date] = mapped_column(Date)
    handler: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(10), default="open")
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    correction_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of entry ids
    __table_args__ = (CheckConstraint("status in ('open', 'upheld', 'dismissed')", name="status"),)


class Veto(MutableRecord, Base):
    """一票否决 on a household for a period: it keeps earning points but is left out of
    honours and may not redeem. Lifting early records the day and why."""

    __tablename__ = "vetoes"
    village_id: Mapped[str] = _fk("villages.id", index=False)
    household_id: Mapped[str] = _fk("households.id")
    reason: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)  # inclusive
    entry_id: Mapped[str | None] = _fk("entries.id", nullable=True, index=False)
    lifted_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    lift_reason: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="period"),)
