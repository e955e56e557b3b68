"""The tables load in parts (issue 19, "start fast"): ``ledger`` with the package, the other
modules of tables when first used. What must hold for that to be safe: every table a foreign key
names is in the part that always loads (or in the key's own module; one known exception, which
SQLAlchemy passes over when it infers a join), the
list of the later modules names every class they declare, and ``Base`` asked for through the
package holds every table. Each check that depends on what is loaded runs in a new interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.orm import DeclarativeBase

from jifen_desktop.model import schema

ALWAYS = {"base", "ledger"}
# A decision's review session: a key SQLAlchemy resolves only to sort tables (Base.metadata with
# every table, or an ORM flush of a decision, which Tx never makes: it inserts decisions as rows).
LATER_TARGETS = {("entry_decisions", "review_sessions.id")}
# Modules of column types, not tables: loaded with the tables that use them.
COLUMN_TYPES = {"link_rows", "record_id"}


def _run(statement: str) -> dict[str, Any]:
    """What ``statement`` leaves in ``found`` (a dict), run in a new interpreter."""
    probe = f"import json, sys\nfound = {{}}\n{statement}\nprint(json.dumps(found))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


LOADED = (
    "found['loaded'] = sorted(m.rsplit('.', 1)[1] for m in sys.modules"
    " if m.startswith('jifen_desktop.model.schema.'))"
)


def _module_of(table_name: str) -> str:
    mapper = next(m for m in schema.Base.registry.mappers if m.tables[0].name == table_name)
    return mapper.class_.__module__.rsplit(".", 1)[1]


def test_the_package_alone_loads_the_ledger_tables() -> None:
    found = _run(f"import jifen_desktop.model.schema\n{LOADED}")
    assert set(found["loaded"]) - COLUMN_TYPES == ALWAYS


def test_a_name_loads_its_module_and_base_loads_them_all() -> None:
    found = _run(
        "from jifen_desktop.model.schema import SyncPeer\n"
        f"{LOADED}\nfound['first'] = found['loaded']\n"
        "from jifen_desktop.model import schema\n"
        "found['tables'] = len(schema.Base.metadata.tables)\n"
        f"{LOADED}"
    )
    assert set(found["first"]) - COLUMN_TYPES == ALWAYS | {"sync"}
    assert set(found["loaded"]) - COLUMN_TYPES == ALWAYS | set(schema.LATER)
    assert found["tables"] == len(schema.Base.metadata.tables) == len(schema.Base.registry.mappers)


def test_every_foreign_key_names_a_table_that_is_always_loaded_or_its_own() -> None:
    for table in schema.Base.metadata.tables.values():
        home = _module_of(table.name)
        for key in table.foreign_keys:
            target = _module_of(key.column.table.name)
            if (table.name, key.target_fullname) in LATER_TARGETS:
                continue
            assert target in ALWAYS or target == home, (table.name, key.target_fullname)


def test_a_join_is_inferred_without_the_calendar_loaded() -> None:
    """With only the package loaded, the mappers configure and a join of entries and their
    decisions finds its condition: the unresolved key to the review sessions is passed over."""
    found = _run(
        "from sqlalchemy import select\n"
        "from sqlalchemy.orm import configure_mappers\n"
        "from jifen_desktop.model.schema import Entry, EntryDecision\n"
        "configure_mappers()\n"
        "found['sql'] = str(select(Entry.id).join(EntryDecision))\n"
        f"{LOADED}"
    )
    assert "calendar" not in found["loaded"]
    assert "JOIN entry_decisions ON entries.id = entry_decisions.entry_id" in found["sql"]


def test_every_module_of_tables_loads_with_the_package_or_later() -> None:
    folder = Path(schema.__file__).parent
    modules = {f.stem for f in folder.glob("*.py")} - {"__init__"}
    assert modules - COLUMN_TYPES == ALWAYS | set(schema.LATER)
    declaring = {m.class_.__module__.rsplit(".", 1)[1] for m in schema.Base.registry.mappers}
    assert not declaring & COLUMN_TYPES


def test_the_later_modules_list_every_class_they_declare() -> None:
    for mapper in schema.Base.registry.mappers:
        cls = mapper.class_
        module = cls.__module__.rsplit(".", 1)[1]
        if module in ALWAYS:
            assert module not in schema.LATER
            assert getattr(schema, cls.__name__) is cls
        else:
            assert cls.__name__ in schema.LATER[module], cls.__name__
    every = {m.class_.__name__ for m in schema.Base.registry.mappers}
    assert {n for names in schema.LATER.values() for n in names} <= every
    assert set(schema.__all__) >= every


def test_base_is_the_declarative_base_and_an_unknown_name_is_refused() -> None:
    assert issubclass(schema.Base, DeclarativeBase)
    try:
        schema.NoSuchTable  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchTable" in str(exc)
    else:
        raise AssertionError("an unknown name must be refused")
