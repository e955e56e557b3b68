"""House rules that keep the layers apart, and the schema owned by Alembic."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import import_graph
from sqlalchemy import inspect

from jifen_desktop.model import db, paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.schema import Base

PACKAGE = Path(__file__).resolve().parents[2] / "jifen_desktop"
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6")
SESSIONS = re.compile(r"sqlalchemy(\.|$)|jifen_desktop\.model\.schema(\.|$)")
# Which parts of jifen_desktop each part may import (docs/architecture.md, "The layers"): arrows
# go one way, towards model/. "" is the package's own __init__ (its version).
MAY_IMPORT = {
    "": set(),
    "model": {"model"},
    "migrations": {"migrations", "model"},
    "sync": {"sync", "model"},
    "reports": {"reports", "model", "sync"},  # the township's scorecard prints sync's figures
    "demo": {"demo", "model"},
    "crash_log": {"", "model"},
    "startup": set(),  # the collector paused around imports: the standard library only
    "cli": {"", "cli", "model", "reports", "sync", "demo", "crash_log", "startup"},
    "ui": {"", "ui", "model", "reports", "sync", "demo", "crash_log", "startup"},
    "__main__": {"", "model", "ui", "demo", "crash_log", "startup"},
}
QT_FREE = set(MAY_IMPORT) - {"ui", "__main__"}
# Parts that reach data only through the model's services: no SQLAlchemy, no tables
# (model.schema).
NO_SESSIONS = {"ui", "reports", "demo", "crash_log", "cli"}
# The modules of sync/ freed so far (issue 23, item 2): they reach data only through the model
# (service.py through model/sync_store.py), and may not slide back. The others still hold the
# merge's and the export's SQL.
SYNC_FREED = {
    "sync/__init__.py",
    "sync/bundle_file.py",
    "sync/errors.py",
    "sync/keys.py",
    "sync/prepare.py",
    "sync/service.py",
}
# Nor do they (nor the parts without sessions) open or take an engine: ``ledger.engine``,
# ``db.make_engine``.
ENGINE_NAMES = {"engine", "make_engine", "make_server_engine"}
# Engines named above the model today, each with why it waits; the test fails when one grows or
# is gone.
KNOWN_ENGINES: dict[str, list[str]] = {
    # 设置 › 备份 on a server shows the server's address and hands pg_dump its URL; the model
    # should give the address (ui/ is being split by another engineer this session).
    "ui/pages/settings/backup_server.py": ["engine", "engine"],
}


def part_of(module: str) -> str:
    """The part a module is in: model for jifen_desktop.model.entries, "" for the package."""
    return module.split(".")[1] if module.count(".") else ""


def imported(path: Path, name: str) -> set[str]:
    """Every module ``path`` (module ``name``) imports, relative imports resolved, type-only
    ones included, and ``pkg.name`` for each name a ``from pkg import`` takes."""
    found = list(
        import_graph.imports_of(path.read_text(encoding="utf-8"), name, path.name == "__init__.py")
    )
    return {i.module for i in found} | {f"{i.module}.{n}" for i in found for n in i.names}


def layer_breaches(package: Path = PACKAGE) -> dict[str, list[str]]:
    """Per module, what it imports that its part may not (other parts, Qt, sessions)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        name = import_graph.module_name(path, package.parent)
        part, where = part_of(name), path.relative_to(package).as_posix()
        sessionless = part in NO_SESSIONS or where in SYNC_FREED
        found_bad = (m for m in imported(path, name) if _forbidden(part, m, package.name))
        bad = sorted(set(found_bad) | _sessions(imported(path, name), sessionless))
        if bad:
            found[where] = bad
    return found


def _sessions(modules: set[str], sessionless: bool) -> set[str]:
    return {m for m in modules if SESSIONS.match(m)} if sessionless else set()


def _forbidden(part: str, module: str, root: str) -> bool:
    if module.startswith(QT) and part in QT_FREE:
        return True
    if module != root and not module.startswith(root + "."):
        return False
    target = part_of(module)
    target = target if target in MAY_IMPORT else ""  # a name of the package's own __init__
    return target not in MAY_IMPORT.get(part, set())


def engine_uses(package: Path = PACKAGE) -> dict[str, list[str]]:
    """Per module of the parts without sessions and the freed sync modules, each engine it
    names (once per place)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        where = path.relative_to(package).as_posix()
        part = part_of(import_graph.module_name(path, package.parent))
        if not (part in NO_SESSIONS or where in SYNC_FREED):
            continue
        names = sorted(name for _node, name in _names(ast.parse(path.read_text(encoding="utf-8"))))
        if names:
            found[where] = names
    return found


def _names(tree: ast.AST) -> list[tuple[ast.AST, str]]:
    """Each ``x.engine``, ``engine`` and ``import … engine`` of ``ENGINE_NAMES``."""
    named: list[tuple[ast.AST, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            named.append((node, node.attr))
        elif isinstance(node, ast.Name):
            named.append((node, node.id))
        elif isinstance(node, ast.alias):
            named.append((node, node.name.rsplit(".", 1)[-1]))
    return [(node, name) for node, name in named if name in ENGINE_NAMES]


def test_every_part_imports_only_what_the_layers_allow():
    assert layer_breaches() == {}


def test_the_freed_sync_modules_are_there():
    assert {p for p in SYNC_FREED if not (PACKAGE / p).is_file()} == set()


def test_no_part_without_sessions_nor_a_freed_sync_module_touches_an_engine():
    assert engine_uses() == KNOWN_ENGINES


def test_every_part_has_its_rule():
    files = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    folders = {p.parent.name for p in PACKAGE.glob("*/*.py")}
    assert files | folders | {""} == set(MAY_IMPORT)


def _fake_package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "jifen_desktop"
    for name, source in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(source, encoding="utf-8")
    return root


def test_a_relative_import_of_ui_from_model_is_caught(tmp_path):
    root = _fake_package(
        tmp_path,
        {
            "model/calendar/quarters.py": "from ...ui import messages\n",
            "model/entries.py": "def late():\n    from ..ui.pages import entry\n",
            "model/periods.py": "from . import entries\nfrom .calendar import quarters\n",
            "ui/messages.py": "from ..model import periods\n",
        },
    )
    assert layer_breaches(root) == {
        "model/calendar/quarters.py": ["jifen_desktop.ui", "jifen_desktop.ui.messages"],
        "model/entries.py": ["jifen_desktop.ui.pages", "jifen_desktop.ui.pages.entry"],
    }


def test_qt_and_sessions_outside_their_parts_are_caught(tmp_path):
    root = _fake_package(
        tmp_path,
        {
            "cli/cmd_x.py": "def run():\n    from jifen_desktop.model import schema\n",
            "crash_log.py": "import PySide6.QtCore\n",
            "demo/flow.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from ..model.schema import Entry\n",
            "reports/card.py": "from sqlalchemy import select\nfrom ..cli import output\n",
            "ui/page.py": "from PySide6.QtWidgets import QLabel\n",
            "sync/merge.py": "from sqlalchemy import select\n",
            "sync/service.py": "def late():\n    from ..model.schema import sync\n",
        },
    )
    assert layer_breaches(root) == {
        "cli/cmd_x.py": ["jifen_desktop.model.schema"],
        "crash_log.py": ["PySide6.QtCore"],
        "demo/flow.py": ["jifen_desktop.model.schema", "jifen_desktop.model.schema.Entry"],
        "reports/card.py": [
            "jifen_desktop.cli",
            "jifen_desktop.cli.output",
            "sqlalchemy",
            "sqlalchemy.select",
        ],
        "sync/service.py": ["jifen_desktop.model.schema", "jifen_desktop.model.schema.sync"],
    }


def test_an_engine_above_the_model_or_in_a_freed_sync_module_is_caught(tmp_path):
    root = _fake_package(
        tmp_path,
        {
            "cli/cmd_x.py": "def run(ledger):\n    with ledger.engine.connect() as c:\n"
            "        c.close()\n",
            "cli/cmd_y.py": "from jifen_desktop.model.db import make_server_engine\n",
            "sync/service.py": "def bulk(ledger):\n    return ledger.engine\n",
            "sync/merge.py": "def bulk(ledger):\n    return ledger.engine\n",
            "reports/card.py": "def url(ledger):\n    return ledger.engine.url\n",
            "model/ledger.py": "def close(self):\n    self.engine.dispose()\n",
        },
    )
    assert engine_uses(root) == {
        "cli/cmd_x.py": ["engine"],
        "cli/cmd_y.py": ["make_server_engine"],
        "reports/card.py": ["engine"],
        "sync/service.py": ["engine"],
    }


def test_no_test_skips_because_our_own_code_fails_to_import():
    tests = Path(__file__).resolve().parents[1]
    offenders = [
        str(p.relative_to(tests))
        for p in tests.rglob("*.py")
        if p != Path(__file__).resolve()
        and re.search(r"importorskip\(\s*[\"']jifen_desktop", p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


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
