"""Alembic environment: runs on the connection the program hands in. Batch mode (copy-and-move
ALTER TABLE) only for SQLite; PostgreSQL alters tables in place."""

from __future__ import annotations

from alembic import context

from jifen_desktop.model.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise SystemExit("请通过积分台账程序升级数据库（jifen 会在打开时自动迁移）。")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
