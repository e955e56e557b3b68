"""The village's own tables: the replica, villages, grids, households and members, the rules,
entries and their decisions, evidence, operators and the audit log."""

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import UUID_LEN, AppendOnlyRecord, Base, MutableRecord, _fk, _only_set, _uuid_pk


class Replica(Base):
    """This database's identity: one row, made at ``init``."""

    __tablename__ = "replica"
    id: Mapped[str] = _uuid_pk()
    mode: Mapped[str] = mapped_column(String(16))  # village | township
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    hlc_last: Mapped[int] = mapped_column(BigInteger)
    next_seq: Mapped[int] = mapped_column(Integer)
    # The replica's Ed25519 key pair (raw bytes as hex) that signs its sync bundles. It lives in
    # the database so that a backup restored on a new laptop still signs as the same replica.
    signing_key: Mapped[str] = mapped_column(String(64), default="")
    public_key: Mapped[str] = mapped_column(String(64), default="")
    # A township database's own name and code (a village database names its village instead).
    name: Mapped[str] = mapped_column(String(64), default="")
    code: Mapped[str] = mapped_column(String(12), default="")
    __table_args__ = (CheckConstraint("mode in ('village', 'township')", name="mode"),)


class Village(MutableRecord, Base):
    __tablename__ = "villages"
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    township_name: Mapped[str] = mapped_column(String(64), default="")
    township_code: Mapped[str] = mapped_column(String(12), default="")
    base_points: Mapped[int] = mapped_column(Integer, default=100)
    available_policy: Mapped[str] = mapped_column(String(16), default="carry_over")
    mask_names: Mapped[bool] = mapped_column(Boolean, default=True)
    # Honour grades (评星定级) as JSON: [{"name": "优秀", "min": 80}, ...], highest first;
    # a household gets the first grade whose minimum its annual points reach.
    honour_tiers: Mapped[str] = mapped_column(Text, default="")
    # Person grades (个人等次, seed 002), the same JSON; "" = the village has set none.
    person_tiers: Mapped[str] = mapped_column(Text, default="")
    # Rule codes (JSON list) whose confirmed deductions in a year withhold the next year's base
    # points (年度结转: 无群众反映不良行为, seed 001 篇7 二、1), set by the village.
    base_withhold_rules: Mapped[str] = mapped_column(Text, default="")
    # Recorders' own observations (网格员记录, 抽检) may go without a photo; declarations by
    # households always need evidence (seed 001 篇7 三(三)1; seed 000: 口头反映一律无效).
    observations_without_evidence: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (
        CheckConstraint("available_policy in ('carry_over', 'year_end')", name="available_policy"),
    )


class Grid(MutableRecord, Base):
    __tablename__ = "grids"
    village_id: Mapped[str] = _fk("villages.id")
    name: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (Index("ix_grids_village_name", "village_id", "name"),)


class Household(MutableRecord, Base):
    """A points account: a household (户) or a unit (单位, a shop or association)."""

    __tablename__ = "households"
    village_id: Mapped[str] = _fk("villages.id")
    kind: Mapped[str] = mapped_column(String(16), default="household")
    number: Mapped[str] = mapped_column(String(32))
    head_name: Mapped[str] = mapped_column(String(64))
    unit_name: Mapped[str] = mapped_column(String(128), default="")
    grid_id: Mapped[str | None] = _fk("grids.id", nullable=True)
    address: Mapped[str] = mapped_column(String(256), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    status: Mapped[str] = mapped_column(String(16), default="active")
    status_since: Mapped[dt.date] = mapped_column(Date)
    registered_on: Mapped[dt.date] = mapped_column(Date)
    __table_args__ = (
        Index("ix_households_village_number", "village_id", "number"),
        CheckConstraint("kind in ('household', 'unit')", name="kind"),
        CheckConstraint("status in ('active', 'moved_out', 'dissolved')", name="status"),
    )


class HouseholdStatusChange(AppendOnlyRecord, Base):
    """History of a household's status: every move-out, dissolution and return."""

    __tablename__ = "household_status_changes"
    household_id: Mapped[str] = _fk("households.id")
    status: Mapped[str] = mapped_column(String(16))
    effective_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    operator_id: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Member(MutableRecord, Base):
    __tablename__ = "members"
    household_id: Mapped[str] = _fk("households.id")
    name: Mapped[str] = mapped_column(String(64))
    relation: Mapped[str] = mapped_column(String(16), default="")
    gender: Mapped[str] = mapped_column(String(4), default="")
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    id_number: Mapped[str] = mapped_column(String(18), default="", index=True)
    is_party_member: Mapped[bool] = mapped_column(Boolean, default=False)
    is_cadre: Mapped[bool] = mapped_column(Boolean, default=False)  # 村干部 (migration 0009)
    phone: Mapped[str] = mapped_column(String(32), default="")
    status: Mapped[str] = mapped_column(String(16), default="present")
    status_since: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    __table_args__ = (
        CheckConstraint("status in ('present', 'moved_out', 'deceased')", name="status"),
    )


class RuleCategory(MutableRecord, Base):
    __tablename__ = "rule_categories"
    village_id: Mapped[str] = _fk("villages.id")
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(64))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (Index("ix_rule_categories_village_code", "village_id", "code"),)


class RuleItem(MutableRecord, Base):
    __tablename__ = "rule_items"
    village_id: Mapped[str] = _fk("villages.id")
    category_id: Mapped[str] = _fk("rule_categories.id")
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(256))
    direction: Mapped[str] = mapped_column(String(8))
    points_min: Mapped[int] = mapped_column(Integer)
    points_max: Mapped[int] = mapped_column(Integer)
    period_cap: Mapped[str] = mapped_column(String(8), default="each")
    applies_to: Mapped[str] = mapped_column(String(16), default="household")
    evidence_required: Mapped[bool] = mapped_column(Boolean, default=False)
    counts_people: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str] = mapped_column(String(24), default="normal")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(128), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (
        Index("ix_rule_items_village_code", "village_id", "code"),
        CheckConstraint("direction in ('add', 'deduct')", name="direction"),
        CheckConstraint("period_cap in ('each', 'month', 'year')", name="period_cap"),
        CheckConstraint("applies_to in ('household', 'unit', 'all')", name="applies_to"),
        CheckConstraint("points_min >= 0 and points_max >= points_min", name="points"),
    )


class Entry(AppendOnlyRecord, Base):
    """One event on a household's account. The rule's code, name and points are copied in, so
    editing a rule never changes what was recorded."""

    __tablename__ = "entries"
    village_id: Mapped[str] = _fk("villages.id", index=False)
    household_id: Mapped[str] = _fk("households.id", index=False)
    member_id: Mapped[str | None] = _fk("members.id", nullable=True, index=False)
    rule_item_id: Mapped[str | None] = _fk("rule_items.id", nullable=True, index=False)
    rule_code: Mapped[str] = mapped_column(String(16))
    rule_name: Mapped[str] = mapped_column(String(256))
    category_name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16), default="normal")
    unit_points: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    points: Mapped[int] = mapped_column(Integer)
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(128), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(16), default="recorder")
    corrects_entry_id: Mapped[str | None] = _fk("entries.id", nullable=True, index=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    batch_id: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    recorded_by: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # 补记: the day it really happened, for an entry recorded in a later quarter because the
    # quarter of that day was already published (``occurred_on`` is then the day recorded).
    original_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    __table_args__ = (
        Index("ix_entries_household_date", "household_id", "occurred_on"),
        Index("ix_entries_village_date", "village_id", "occurred_on"),
        Index("ix_entries_rule_household", "rule_item_id", "household_id", "occurred_on"),
        # The latest recorded entries of a village (积分录入's recent list) without a sort.
        Index("ix_entries_village_recorded", "village_id", "recorded_at", "id"),
        # Few entries correct another or belong to a batch: only those are indexed (a query
        # for a given id implies IS NOT NULL, so SQLite and PostgreSQL use these).
        _only_set("ix_entries_corrects_entry_id", "corrects_entry_id"),
        _only_set("ix_entries_batch_id", "batch_id"),
        CheckConstraint(
            "kind in ('normal', 'base', 'reversal', 'penalty', 'transfer')", name="kind"
        ),
        CheckConstraint(
            "source in ('recorder', 'declaration', 'activity', 'inspection', 'system')",
            name="source",
        ),
        CheckConstraint("quantity >= 1", name="quantity"),
    )


class EntryDecision(AppendOnlyRecord, Base):
    """The one decision on an entry: approved, rejected or withdrawn. No row means pending."""

    __tablename__ = "entry_decisions"
    entry_id: Mapped[str] = mapped_column(String(UUID_LEN), ForeignKey("entries.id"), unique=True)
    decision: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # The review session (审核会) that decided it; none for what is approved by its nature
    # (activities, corrections, base points) and for withdrawals.
    session_id: Mapped[str | None] = mapped_column(
        String(UUID_LEN), ForeignKey("review_sessions.id"), nullable=True
    )
    __table_args__ = (
        _only_set("ix_entry_decisions_session_id", "session_id"),
        CheckConstraint("decision in ('approved', 'rejected', 'withdrawn')", name="decision"),
    )


class EvidenceFile(AppendOnlyRecord, Base):
    """A photo or scan kept in the data folder by its sha256, attached to an entry."""

    __tablename__ = "evidence_files"
    entry_id: Mapped[str] = _fk("entries.id")
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(256))
    size: Mapped[int] = mapped_column(Integer)


class Operator(MutableRecord, Base):
    __tablename__ = "operators"
    village_id: Mapped[str | None] = _fk("villages.id", nullable=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(256))
    grid_ids: Mapped[str] = mapped_column(Text, default="[]")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    __table_args__ = (
        CheckConstraint("role in ('admin', 'reviewer', 'recorder', 'viewer')", name="role"),
    )


class AuditRow(AppendOnlyRecord, Base):
    """Who changed what, when, with the values before and after (JSON)."""

    __tablename__ = "audit_log"
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    operator_id: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    operator_name: Mapped[str] = mapped_column(String(64))
    village_id: Mapped[str | None] = mapped_column(String(UUID_LEN), nullable=True)
    action: Mapped[str] = mapped_column(String(48), index=True)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    before_json: Mapped[str] = mapped_column(Text, default="")
    after_json: Mapped[str] = mapped_column(Text, default="")
    # The 审计日志 page reads a village's latest rows first: this index gives them in order,
    # and serves every query by village (no index on village_id or at alone: migration 0015).
    __table_args__ = (Index("ix_audit_log_village_at", "village_id", "at", "seq"),)
