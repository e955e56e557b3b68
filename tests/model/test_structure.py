"""House rules that keep the layers apart, and the schema owned by Alembic."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect

from jifen_desktop.model import db, paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.tables import Base

MODEL = Path(__file__).resolve().parents[2] / "jifen_desktop" / "model"
FORBIDDEN = (
    "PySide6",
    "PyQt5",
    "PyQt6",
    "shiboken6",
    "jifen_desktop.ui",
    "jifen_desktop.cli",
    "jifen_desktop.reports",
    "jifen_desktop.sync",
)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_model_never_imports_qt_or_upper_layers():
    offenders = {
        str(p.relative_to(MODEL)): sorted(m for m in imported_modules(p) if m.startswith(FORBIDDEN))
        for p in MODEL.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_importing_the_model_loads_no_qt():
    code = (
        "import sys, jifen_desktop.model.ledger as l, jifen_desktop.model.entries, "
        "jifen_desktop.model.rankings; print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_migrations_from_empty_to_head_match_the_tables(tmp_path):
    ledger = Ledger.create(tmp_path)
    assert db.current_revision(ledger.engine) == db.head_revision()
    found = inspect(ledger.engine)
    assert set(found.get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}
    for table in Base.metadata.tables.values():
        assert {c["name"] for c in found.get_columns(table.name)} == set(table.columns.keys())
    ledger.close()


def test_pragmas_on_every_connection(tmp_path):
    ledger = Ledger.create(tmp_path)
    with ledger.engine.connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
        }
    assert pragma == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "synchronous": 2,
        "busy_timeout": 10_000,
    }
    ledger.close()


def test_open_missing_ledger_says_what_to_do(tmp_path):
    import pytest

    from jifen_desktop.model.errors import LedgerStateError

    with pytest.raises(LedgerStateError, match="jifen init"):
        Ledger.open(tmp_path / "nothing")
    assert not paths.db_path(tmp_path / "nothing").exists()


def test_database_at_first_revision_upgrades_with_its_data(tmp_path):
    from alembic import command

    engine = db.make_engine(paths.db_path(tmp_path))
    config = db.alembic_config()
    with db.writer(engine).begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.exec_driver_sql(
            "insert into replica values ('r1', 'village', '2026-01-01 00:00:00', 1, 1)"
        )
        conn.exec_driver_sql(
            "insert into villages (id, hlc, changed_by_replica, change_seq, is_deleted, code, "
            "name, township_name, township_code, base_points, available_policy, mask_names) "
            "values ('v1', 1, 'r1', 1, 0, '420881100001', '老村', '', '', 100, 'carry_over', 1)"
        )
    engine.dispose()
    ledger = Ledger.open(tmp_path)
    assert db.current_revision(ledger.engine) == db.head_revision() != "0001"
    assert [v.name for v in ledger.villages.list()] == ["老村"]
    assert "ix_members_id_number" in {
        i["name"] for i in inspect(ledger.engine).get_indexes("members")
    }
    ledger.close()
