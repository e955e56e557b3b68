"""The table of household changes (户籍变动): a 分户 (members leave to form a new household), a
合户 (a household merges into another and closes) or a 注销 (a household dies out and closes).
Imported by ``tables`` so that one ``Base`` holds every table.

A change is append-only: it is recorded once and never edited. The pair of transfer entries
that moves available points between the two households (``Entry.kind == "transfer"``) carries
the change's id as its ``batch_id``: both entries cite the one change, and are decided together.
It travels in the village's bundles like every append-only record; only the village's own keys
write it (``sync.trust``: its village and both households must be that village's).
"""

import datetime as dt

from sqlalchemy import CheckConstraint, Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import UUID_LEN, AppendOnlyRecord, Base, _fk
from .ledger import Entry

# The kind of the entries that move available points between two households, and the condition
# that leaves them out of every points total but the available points (lifetime, annual,
# period points, rankings, 公示): a transfer moves what may be spent, not what was earned.
TRANSFER = "transfer"
NOT_TRANSFER = Entry.kind != TRANSFER
# 分户, 合户, 注销户.
CHANGE_KIND_NAMES = {"split": "分户", "merge": "合户", "close": "注销户"}
# How available points move: not at all, by the members who leave, an amount, all of them.
SPLIT_RULE_NAMES = {
    "none": "不分",
    "members": "按人口分",
    "amount": "指定积分",
    "all": "全部转入",
}


class HouseholdChange(AppendOnlyRecord, Base):
    """One 分户, 合户 or 注销: from which household, to which (none for a close), on which day,
    the members moved (their names, JSON), the available points transferred and why."""

    __tablename__ = "household_changes"
    village_id: Mapped[str] = _fk("villages.id")
    kind: Mapped[str] = mapped_column(String(8))
    from_household_id: Mapped[str] = _fk("households.id")
    to_household_id: Mapped[str | None] = _fk("households.id", nullable=True)
    effective_on: Mapped[dt.date] = mapped_column(Date)
    members: Mapped[str] = mapped_column(Text, default="[]")
    split_rule: Mapped[str] = mapped_column(String(8), default="none")
    transfer_points: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(Text, default="")
    meeting_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    recorded_by: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    __table_args__ = (
        CheckConstraint("kind in ('split', 'merge', 'close')", name="kind"),
        CheckConstraint("split_rule in ('none', 'members', 'amount', 'all')", name="split_rule"),
        CheckConstraint("transfer_points >= 0", name="transfer_points"),
    )
