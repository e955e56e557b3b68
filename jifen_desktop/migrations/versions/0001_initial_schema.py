"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-20 23:04:25.132542
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "audit_log",
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("operator_id", sa.String(length=36), nullable=True),
        sa.Column("operator_name", sa.String(length=64), nullable=False),
        sa.Column("village_id", sa.String(length=36), nullable=True),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.String(length=36), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("before_json", sa.Text(), nullable=False),
        sa.Column("after_json", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_object_id"), ["object_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_village_id"), ["village_id"], unique=False)

    op.create_table(
        "replica",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("hlc_last", sa.BigInteger(), nullable=False),
        sa.Column("next_seq", sa.Integer(), nullable=False),
        sa.CheckConstraint("mode in ('village', 'township')", name=op.f("ck_replica_mode")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_replica")),
    )
    op.create_table(
        "villages",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("township_name", sa.String(length=64), nullable=False),
        sa.Column("township_code", sa.String(length=12), nullable=False),
        sa.Column("base_points", sa.Integer(), nullable=False),
        sa.Column("available_policy", sa.String(length=16), nullable=False),
        sa.Column("mask_names", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("changed_by_replica", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("is_deleted", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "available_policy in ('carry_over', 'year_end')",
            name=op.f("ck_villages_available_policy"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_villages")),
        sa.UniqueConstraint("code", name=op.f("uq_villages_code")),
    )
    op.create_table(
        "grids",
        sa.Column("village_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("changed_by_replica", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("is_deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["village_id"], ["villages.id"], name=op.f("fk_grids_village_id_villages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grids")),
        sa.UniqueConstraint("village_id", "name", name=op.f("uq_grids_village_id")),
    )
    with op.batch_alter_table("grids", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grids_village_id"), ["village_id"], unique=False)

    op.create_table(
        "operators",
        sa.Column("village_id", sa.String(length=36), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("grid_ids", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("changed_by_replica", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("is_deleted", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "role in ('admin', 'reviewer', 'recorder', 'viewer')", name=op.f("ck_operators_role")
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["villages.id"], name=op.f("fk_operators_village_id_villages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operators")),
        sa.UniqueConstraint("username", name=op.f("uq_operators_username")),
    )
    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_operators_village_id"), ["village_id"], unique=False)

    op.create_table(
        "rule_categories",
        sa.Column("village_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("changed_by_replica", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("is_deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["village_id"], ["villages.id"], name=op.f("fk_rule_categories_village_id_villages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_categories")),
        sa.UniqueConstraint("village_id", "code", name=op.f("uq_rule_categories_village_id")),
    )
    with op.batch_alter_table("rule_categories", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rule_categories_village_id"), ["village_id"], unique=False
        )

    op.create_table(
        "households",
        sa.Column("village_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("head_name", sa.String(length=64), nullable=False),
        sa.Column("unit_name", sa.String(length=128), nullable=False),
        sa.Column("grid_id", sa.String(length=36), nullable=True),
        sa.Column("address", sa.String(length=256), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_since", sa.Date(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("changed_by_replica", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("is_deleted", sa.Boolean(), nullable=False),
        sa.CheckConstraint("kind in ('household', 'unit')", name=op.f("ck_households_kind")),
        sa.CheckConstraint(
            "status in ('active', 'moved_out', 'dissolved')", name=op.f("ck_households_status")
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grids.id"], name=op.f("fk_households_grid_id_grids")
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["villages.id"], name=op.f("fk_households_village_id_villages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_households")),
        sa.UniqueConstraint("village_id", "number", name=op.f("uq_households_village_id")),
    )
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_households_grid_id"), ["grid_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_households_village_id"), ["village_id"], unique=False)

    op.create_table(
        "rule_items",
        sa.Column("village_id", sa.String(length=36), nullable=False),
        sa.Column("category_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("points_min", sa.Integer(), nullable=False),
        sa.Column("points_max", sa.Integer(), nullable=False),
        sa.Column("period_cap", sa.String(length=8), nullable=False),
        sa.Column("applies_to", sa.String(length=16), nullable=False),
        sa.Column("evidence_required", sa.Boolean(), nullable=False),
        sa.Column("counts_people", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=128), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("changed_by_replica", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("is_deleted", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "applies_to in ('household', 'unit')", name=op.f("ck_rule_items_applies_to")
        ),
        sa.CheckConstraint("direction in ('add', 'deduct')", name=op.f("ck_rule_items_direction")),
        sa.CheckConstraint(
            "period_cap in ('each', 'month', 'year')", name=op.f("ck_rule_items_period_cap")
        ),
        sa.CheckConstraint(
            "points_min >= 0 and points_max >= points_min", name=op.f("ck_rule_items_points")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["rule_categories.id"],
            name=op.f("fk_rule_items_category_id_rule_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["villages.id"], name=op.f("fk_rule_items_village_id_villages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_items")),
        sa.UniqueConstraint("village_id", "code", name=op.f("uq_rule_items_village_id")),
    )
    with op.batch_alter_table("rule_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rule_items_category_id"), ["category_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_rule_items_village_id"), ["village_id"], unique=False)

    op.create_table(
        "household_search_keys",
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("village_id", sa.String(length=36), nullable=False),
        sa.Column("keys", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_search_keys_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("household_id", name=op.f("pk_household_search_keys")),
    )
    with op.batch_alter_table("household_search_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_household_search_keys_village_id"), ["village_id"], unique=False
        )

    op.create_table(
        "household_status_changes",
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("operator_id", sa.String(length=36), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_status_changes_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_status_changes")),
    )
    with op.batch_alter_table("household_status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_household_status_changes_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "members",
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("relation", sa.String(length=16), nullable=False),
        sa.Column("gender", sa.String(length=4), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("is_party_member", sa.Boolean(), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_since", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("changed_by_replica", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("is_deleted", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "status in ('present', 'moved_out', 'deceased')", name=op.f("ck_members_status")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_members_household_id_households")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_members_household_id"), ["household_id"], unique=False)

    op.create_table(
        "entries",
        sa.Column("village_id", sa.String(length=36), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=True),
        sa.Column("rule_item_id", sa.String(length=36), nullable=True),
        sa.Column("rule_code", sa.String(length=16), nullable=False),
        sa.Column("rule_name", sa.String(length=256), nullable=False),
        sa.Column("category_name", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("unit_points", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=128), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("corrects_entry_id", sa.String(length=36), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("batch_id", sa.String(length=36), nullable=True),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind in ('normal', 'base', 'reversal', 'penalty')", name=op.f("ck_entries_kind")
        ),
        sa.CheckConstraint(
            "source in ('recorder', 'declaration', 'activity', 'inspection', 'system')",
            name=op.f("ck_entries_source"),
        ),
        sa.CheckConstraint("quantity >= 1", name=op.f("ck_entries_quantity")),
        sa.ForeignKeyConstraint(
            ["corrects_entry_id"], ["entries.id"], name=op.f("fk_entries_corrects_entry_id_entries")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_entries_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_entries_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["rule_item_id"], ["rule_items.id"], name=op.f("fk_entries_rule_item_id_rule_items")
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["villages.id"], name=op.f("fk_entries_village_id_villages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entries")),
    )
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entries_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_entries_corrects_entry_id"), ["corrects_entry_id"], unique=False
        )
        batch_op.create_index(
            "ix_entries_household_date", ["household_id", "occurred_on"], unique=False
        )
        batch_op.create_index(
            "ix_entries_rule_household",
            ["rule_item_id", "household_id", "occurred_on"],
            unique=False,
        )
        batch_op.create_index(
            "ix_entries_village_date", ["village_id", "occurred_on"], unique=False
        )

    op.create_table(
        "entry_decisions",
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=36), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "decision in ('approved', 'rejected', 'withdrawn')",
            name=op.f("ck_entry_decisions_decision"),
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["entries.id"], name=op.f("fk_entry_decisions_entry_id_entries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_decisions")),
        sa.UniqueConstraint("entry_id", name=op.f("uq_entry_decisions_entry_id")),
    )
    op.create_table(
        "evidence_files",
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=256), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["entries.id"], name=op.f("fk_evidence_files_entry_id_entries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_files")),
    )
    with op.batch_alter_table("evidence_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_files_entry_id"), ["entry_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("evidence_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_files_entry_id"))

    op.drop_table("evidence_files")
    op.drop_table("entry_decisions")
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index("ix_entries_village_date")
        batch_op.drop_index("ix_entries_rule_household")
        batch_op.drop_index("ix_entries_household_date")
        batch_op.drop_index(batch_op.f("ix_entries_corrects_entry_id"))
        batch_op.drop_index(batch_op.f("ix_entries_batch_id"))

    op.drop_table("entries")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_members_household_id"))

    op.drop_table("members")
    with op.batch_alter_table("household_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_status_changes_household_id"))

    op.drop_table("household_status_changes")
    with op.batch_alter_table("household_search_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_search_keys_village_id"))

    op.drop_table("household_search_keys")
    with op.batch_alter_table("rule_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rule_items_village_id"))
        batch_op.drop_index(batch_op.f("ix_rule_items_category_id"))

    op.drop_table("rule_items")
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_households_village_id"))
        batch_op.drop_index(batch_op.f("ix_households_grid_id"))

    op.drop_table("households")
    with op.batch_alter_table("rule_categories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rule_categories_village_id"))

    op.drop_table("rule_categories")
    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_operators_village_id"))

    op.drop_table("operators")
    with op.batch_alter_table("grids", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grids_village_id"))

    op.drop_table("grids")
    op.drop_table("villages")
    op.drop_table("replica")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_village_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_object_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))
        batch_op.drop_index(batch_op.f("ix_audit_log_action"))

    op.drop_table("audit_log")
