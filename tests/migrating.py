"""Moving a test's ledger file to a schema revision: up the program's way (``db.upgrade``:
foreign keys off while it runs, checked at the end), down by Alembic."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from jifen_desktop.model import db, paths


def migrate(folder: Path, target: str, up: bool) -> None:
    """Upgrade (``up``) or downgrade the ledger of the data folder ``folder`` to ``target``."""
    engine = db.make_engine(paths.db_path(folder))
    if up:
        db.upgrade(engine, target)
    else:
        with engine.begin() as conn:
            config = db.alembic_config()
            config.attributes["connection"] = conn
            command.downgrade(config, target)
    engine.dispose()
