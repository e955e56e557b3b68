"""store: goods, stock movements, stocktakes, redemptions, returns, year-end expiries

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 01:13:49.460349
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stocktakes",
        sa.Column("village_id", sa.String(length=36), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["village_id"], ["villages.id"], name=op.f("fk_stocktakes_village_id_villages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stocktakes")),
    )
    with op.batch_alter_table("stocktakes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stocktakes_village_id"), ["village_id"], unique=False)

    op.create_table(
        "store_goods",
        sa.Column("village_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("price", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("is_service", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("low_stock", sa.Integer(), nullable=False),
        sa.Column("photo_sha256", sa.String(length=64), nullable=False),
        sa.Column("photo_name", sa.String(length=256), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("changed_by_replica", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("is_deleted", sa.Boolean(), nullable=False),
        sa.CheckConstraint("low_stock >= 0", name=op.f("ck_store_goods_low_stock")),
        sa.CheckConstraint("price >= 1", name=op.f("ck_store_goods_price")),
        sa.ForeignKeyConstraint(
            ["village_id"], ["villages.id"], name=op.f("fk_store_goods_village_id_villages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_goods")),
        sa.UniqueConstraint("village_id", "name", name=op.f("uq_store_goods_village_id")),
    )
    with op.batch_alter_table("store_goods", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_store_goods_village_id"), ["village_id"], unique=False)

    op.create_table(
        "year_end_closings",
        sa.Column("village_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["village_id"], ["villages.id"], name=op.f("fk_year_end_closings_village_id_villages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_year_end_closings")),
        sa.UniqueConstraint("village_id", "year", name=op.f("uq_year_end_closings_village_id")),
    )
    op.create_table(
        "stocktake_lines",
        sa.Column("stocktake_id", sa.String(length=36), nullable=False),
        sa.Column("goods_id", sa.String(length=36), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("counted", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.CheckConstraint("counted >= 0", name=op.f("ck_stocktake_lines_counted")),
        sa.ForeignKeyConstraint(
            ["goods_id"], ["store_goods.id"], name=op.f("fk_stocktake_lines_goods_id_store_goods")
        ),
        sa.ForeignKeyConstraint(
            ["stocktake_id"],
            ["stocktakes.id"],
            name=op.f("fk_stocktake_lines_stocktake_id_stocktakes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stocktake_lines")),
    )
    with op.batch_alter_table("stocktake_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stocktake_lines_stocktake_id"), ["stocktake_id"], unique=False
        )

    op.create_table(
        "point_expiries",
        sa.Column("village_id", sa.String(length=36), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.CheckConstraint("points > 0", name=op.f("ck_point_expiries_points")),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_point_expiries_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["villages.id"], name=op.f("fk_point_expiries_village_id_villages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_point_expiries")),
        sa.UniqueConstraint("household_id", "year", name=op.f("uq_point_expiries_household_id")),
    )
    with op.batch_alter_table("point_expiries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_point_expiries_village_id"), ["village_id"], unique=False
        )

    op.create_table(
        "redemptions",
        sa.Column("village_id", sa.String(length=36), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=True),
        sa.Column("receipt_no", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        sa.Column("operator_name", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.CheckConstraint("points >= 0", name=op.f("ck_redemptions_points")),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_redemptions_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_redemptions_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["villages.id"], name=op.f("fk_redemptions_village_id_villages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redemptions")),
        sa.UniqueConstraint("village_id", "receipt_no", name=op.f("uq_redemptions_village_id")),
    )
    with op.batch_alter_table("redemptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_redemptions_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            "ix_redemptions_village_date", ["village_id", "occurred_on"], unique=False
        )

    op.create_table(
        "redemption_lines",
        sa.Column("redemption_id", sa.String(length=36), nullable=False),
        sa.Column("goods_id", sa.String(length=36), nullable=False),
        sa.Column("goods_name", sa.String(length=64), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("unit_price", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity >= 1", name=op.f("ck_redemption_lines_quantity")),
        sa.ForeignKeyConstraint(
            ["goods_id"], ["store_goods.id"], name=op.f("fk_redemption_lines_goods_id_store_goods")
        ),
        sa.ForeignKeyConstraint(
            ["redemption_id"],
            ["redemptions.id"],
            name=op.f("fk_redemption_lines_redemption_id_redemptions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redemption_lines")),
    )
    with op.batch_alter_table("redemption_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_redemption_lines_redemption_id"), ["redemption_id"], unique=False
        )

    op.create_table(
        "redemption_returns",
        sa.Column("redemption_id", sa.String(length=36), nullable=False),
        sa.Column("village_id", sa.String(length=36), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("returned_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_redemption_returns_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["redemption_id"],
            ["redemptions.id"],
            name=op.f("fk_redemption_returns_redemption_id_redemptions"),
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["villages.id"], name=op.f("fk_redemption_returns_village_id_villages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redemption_returns")),
        sa.UniqueConstraint("redemption_id", name=op.f("uq_redemption_returns_redemption_id")),
    )
    with op.batch_alter_table("redemption_returns", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_redemption_returns_village_id"), ["village_id"], unique=False
        )

    op.create_table(
        "stock_movements",
        sa.Column("village_id", sa.String(length=36), nullable=False),
        sa.Column("goods_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_cost_fen", sa.Integer(), nullable=True),
        sa.Column("party", sa.String(length=128), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("redemption_id", sa.String(length=36), nullable=True),
        sa.Column("stocktake_id", sa.String(length=36), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind in ('purchase', 'donation', 'sponsor', 'redemption', 'return', 'write_off', 'stocktake')",
            name=op.f("ck_stock_movements_kind"),
        ),
        sa.CheckConstraint("quantity != 0", name=op.f("ck_stock_movements_quantity")),
        sa.ForeignKeyConstraint(
            ["goods_id"], ["store_goods.id"], name=op.f("fk_stock_movements_goods_id_store_goods")
        ),
        sa.ForeignKeyConstraint(
            ["redemption_id"],
            ["redemptions.id"],
            name=op.f("fk_stock_movements_redemption_id_redemptions"),
        ),
        sa.ForeignKeyConstraint(
            ["stocktake_id"],
            ["stocktakes.id"],
            name=op.f("fk_stock_movements_stocktake_id_stocktakes"),
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["villages.id"], name=op.f("fk_stock_movements_village_id_villages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_movements")),
    )
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_movements_goods_id"), ["goods_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_movements_goods_id"))

    op.drop_table("stock_movements")
    with op.batch_alter_table("redemption_returns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_redemption_returns_village_id"))

    op.drop_table("redemption_returns")
    with op.batch_alter_table("redemption_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_redemption_lines_redemption_id"))

    op.drop_table("redemption_lines")
    with op.batch_alter_table("redemptions", schema=None) as batch_op:
        batch_op.drop_index("ix_redemptions_village_date")
        batch_op.drop_index(batch_op.f("ix_redemptions_household_id"))

    op.drop_table("redemptions")
    with op.batch_alter_table("point_expiries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_point_expiries_village_id"))

    op.drop_table("point_expiries")
    with op.batch_alter_table("stocktake_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stocktake_lines_stocktake_id"))

    op.drop_table("stocktake_lines")
    op.drop_table("year_end_closings")
    with op.batch_alter_table("store_goods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_store_goods_village_id"))

    op.drop_table("store_goods")
    with op.batch_alter_table("stocktakes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stocktakes_village_id"))

    op.drop_table("stocktakes")
