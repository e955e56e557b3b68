"""A township's store of the villages' audit rows (审计日志), kept compact.

A township receives every village's audit rows, two or more per entry, each checked against the
village's hash chain on import (``sync.chain_links``). Indexed rows of ``audit_log`` took most
of a township's file; here they are kept as *members*: per bundle and origin replica, the rows
new to the township, as their canonical JSON lines (whose sha256 the chain lists), compressed,
with their sequence numbers and the span of their times, so that the 审计日志 finds the latest
rows without opening every member and ``jifen verify`` re-hashes each line against the chain.

The township's own audit rows (its imports, enrolments, targets) stay in ``audit_log``; a
village laptop never stores members.
"""

import datetime as dt

from sqlalchemy import DateTime, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import UUID_LEN, Base


class AuditMember(Base):
    """Audit rows ``seq_from``..``seq_to`` of one origin replica that one bundle brought (or
    that the upgrade to this layout moved out of ``audit_log``: no bundle)."""

    __tablename__ = "audit_members"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    bundle_id: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    replica_id: Mapped[str] = mapped_column(String(UUID_LEN))
    village_id: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    seq_from: Mapped[int] = mapped_column(Integer)
    seq_to: Mapped[int] = mapped_column(Integer)
    at_from: Mapped[dt.datetime] = mapped_column(DateTime)
    at_to: Mapped[dt.datetime] = mapped_column(DateTime)
    rows: Mapped[int] = mapped_column(Integer)
    seqs: Mapped[bytes] = mapped_column(LargeBinary)  # zlib of little-endian int64s
    lines: Mapped[bytes] = mapped_column(LargeBinary)  # zlib of the lines, one per row
    __table_args__ = (
        Index("ix_audit_members_replica_seq", "replica_id", "seq_to"),
        Index("ix_audit_members_village_at", "village_id", "at_to"),
    )
